package render

import (
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"github.com/firefly-observatory/fireflies/frame"
)

// Controls turn the keyboard, the mouse and touch into what the window and
// the page do: pause, the overlay, the help card, the view, and the camera
// (wheel, pinch or +/- to zoom, right or middle drag, two fingers or the
// arrows to pan, F to fit).
type Controls struct {
	Cam     *Camera
	Paused  bool
	Quit    bool       // Q or Esc (the window closes; the page stops)
	View    frame.View // glow or phase (P)
	Overlay *Overlay

	dragX, dragY int     // last position of a panning drag
	dragging     bool    // a right or middle button is held
	pinch        float64 // last distance between two fingers; 0 without two
	midX, midY   float64 // last midpoint of two fingers
	touched      bool    // a touch began and may still be a tap
}

// Update reads this tick's input.
func (c *Controls) Update() {
	just := inpututil.IsKeyJustPressed
	if just(ebiten.KeyQ) || just(ebiten.KeyEscape) {
		c.Quit = true
	}
	if just(ebiten.KeyM) || just(ebiten.KeyTab) {
		c.Overlay.Visible = !c.Overlay.Visible
	}
	if just(ebiten.KeyH) || (just(ebiten.KeySlash) && ebiten.IsKeyPressed(ebiten.KeyShift)) {
		c.Overlay.Help = !c.Overlay.Help
	}
	if just(ebiten.KeyP) {
		c.View = 1 - c.View
	}
	if just(ebiten.KeySpace) || inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		c.Paused = !c.Paused
	}
	c.navigate()
	c.touch()
}

func (c *Controls) navigate() {
	cam := c.Cam
	cx, cy := cam.sw/2, cam.sh/2
	if just, held := inpututil.IsKeyJustPressed, ebiten.IsKeyPressed; just(ebiten.KeyF) {
		cam.Fit()
	} else {
		for _, k := range []struct {
			key    ebiten.Key
			factor float64
		}{{ebiten.KeyEqual, 1.25}, {ebiten.KeyKPAdd, 1.25}, {ebiten.KeyMinus, 0.8}, {ebiten.KeyKPSubtract, 0.8}} {
			if just(k.key) {
				cam.ZoomAt(k.factor, cx, cy)
			}
		}
		step := min(cam.sw, cam.sh) / 40 // per tick held: a screen in under a second
		for _, k := range []struct {
			key    ebiten.Key
			dx, dy float64
		}{{ebiten.KeyArrowLeft, step, 0}, {ebiten.KeyArrowRight, -step, 0}, {ebiten.KeyArrowUp, 0, step}, {ebiten.KeyArrowDown, 0, -step}} {
			if held(k.key) {
				cam.Pan(k.dx, k.dy)
			}
		}
	}
	if _, wy := ebiten.Wheel(); wy != 0 {
		x, y := ebiten.CursorPosition()
		cam.ZoomAt(math.Pow(1.15, wy), float64(x)+0.5, float64(y)+0.5) // the pixel's centre, as CellAt reads it
	}
	held := ebiten.IsMouseButtonPressed(ebiten.MouseButtonRight) || ebiten.IsMouseButtonPressed(ebiten.MouseButtonMiddle)
	x, y := ebiten.CursorPosition()
	if held && c.dragging && (x != c.dragX || y != c.dragY) {
		cam.Pan(float64(x-c.dragX), float64(y-c.dragY))
	}
	c.dragging, c.dragX, c.dragY = held, x, y
}

// touch: one finger's tap pauses, as a click does; two fingers pinch to
// zoom and move together to pan.
func (c *Controls) touch() {
	var ids [2]ebiten.TouchID
	touches := ebiten.AppendTouchIDs(ids[:0])
	if len(touches) != 2 {
		c.pinch = 0
		if len(inpututil.AppendJustPressedTouchIDs(nil)) > 0 && len(touches) == 1 {
			c.touched = true
		}
		if c.touched && len(touches) == 0 {
			c.Paused = !c.Paused
			c.touched = false
		}
		return
	}
	c.touched = false
	x0, y0 := ebiten.TouchPosition(touches[0])
	x1, y1 := ebiten.TouchPosition(touches[1])
	mx, my := float64(x0+x1)/2, float64(y0+y1)/2
	dist := math.Hypot(float64(x1-x0), float64(y1-y0))
	if c.pinch > 0 && dist > 0 {
		c.Cam.ZoomAt(dist/c.pinch, mx, my)
		c.Cam.Pan(mx-c.midX, my-c.midY)
	}
	c.pinch, c.midX, c.midY = dist, mx, my
}
