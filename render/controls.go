package render

import (
	"image/color"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"github.com/firefly-observatory/fireflies/frame"
	"github.com/firefly-observatory/fireflies/live"
)

// Controls turn the keyboard, the mouse and touch into what the window and
// the page do: the live session's changes (pause, step, reset, new seed,
// speed, settings, brush strokes), the overlay, the help card, the panel,
// the view, and the camera (wheel, pinch or +/- to zoom, right or middle
// drag, two fingers or the arrows to pan, F to fit). The panel's widgets
// call the same methods, so a key and a button do one thing one way.
type Controls struct {
	Cam     *Camera
	Sess    *live.Session
	Overlay *Overlay
	Panel   *Panel // nil: no panel
	// CanQuit: Q and Esc end the run (the window). The page sets it false:
	// there they would leave a dead canvas.
	CanQuit bool
	Quit    bool       // Q or Esc was pressed where it may end the run
	View    frame.View // glow or phase (P)
	Brush   int        // index in live.Brushes
	Radius  int        // the brush's radius in cells
	// Err is the last change the session refused, in one line, and when;
	// the panel shows it for a few seconds.
	Err   string
	ErrAt time.Time

	nudge        string  // the nudge to restore when coupling is switched back on
	painting     bool    // a stroke began on the grid and the left button is still down
	fingerPaints bool    // a one-finger stroke began on the grid
	lastX, lastY int     // the cell last painted in this stroke
	dragX, dragY int     // last position of a panning drag
	dragging     bool    // a right or middle button is held
	pinch        float64 // last distance between two fingers; 0 without two
	midX, midY   float64 // last midpoint of two fingers

	// The pointer the brush's outline follows: the finger that paints,
	// while it is down, else the mouse once it has moved (a page on a
	// phone has a cursor at (0, 0) that never does).
	mouseX, mouseY   int
	mouseSeen        bool // the mouse has moved since the first update
	mouseRead        bool // mouseX, mouseY hold a reading
	fingerX, fingerY int
	fingerDown       bool        // a finger that paints is on the screen
	outline          vector.Path // the brush's outline, made again each frame
}

// Update reads this tick's input.
func (c *Controls) Update() {
	just := inpututil.IsKeyJustPressed
	shift := ebiten.IsKeyPressed(ebiten.KeyShift)
	if (just(ebiten.KeyQ) || just(ebiten.KeyEscape)) && c.CanQuit {
		c.Quit = true
	}
	if just(ebiten.KeyM) || just(ebiten.KeyTab) {
		c.Overlay.Visible = !c.Overlay.Visible
	}
	if just(ebiten.KeyH) || (just(ebiten.KeySlash) && shift) {
		c.Overlay.Help = !c.Overlay.Help
	}
	if just(ebiten.KeyP) {
		c.View = 1 - c.View
	}
	if just(ebiten.KeyC) && c.Panel != nil {
		c.Panel.Toggle()
	}
	if just(ebiten.KeySpace) {
		c.TogglePause()
	}
	if just(ebiten.KeyS) || just(ebiten.KeyPeriod) {
		c.Step()
	}
	if just(ebiten.KeyR) {
		c.Do("reset")
	}
	if just(ebiten.KeyN) {
		c.Do("reseed")
	}
	for i, k := range []ebiten.Key{ebiten.Key1, ebiten.Key2, ebiten.Key3, ebiten.Key4, ebiten.Key5, ebiten.Key6} {
		if just(k) {
			c.SetSpeed(live.Speeds[i])
		}
	}
	if just(ebiten.KeyBracketLeft) {
		c.Faster(-1)
	}
	if just(ebiten.KeyBracketRight) {
		c.Faster(1)
	}
	if just(ebiten.KeyK) {
		c.ToggleCoupling()
	}
	for _, s := range Settings {
		if just(s.Key) {
			c.Adjust(s.Name, pick(shift, 1, -1))
		}
	}
	for _, ch := range Choices {
		if just(ch.Key) {
			c.Cycle(ch.Name, pick(shift, -1, 1))
		}
	}
	if just(ebiten.KeyB) {
		n := len(live.Brushes)
		c.Brush = (c.Brush + pick(shift, n-1, 1)) % n
	}
	if just(ebiten.KeyZ) {
		c.Radius = max(0, c.Radius-1)
	}
	if just(ebiten.KeyX) {
		c.Radius = min(live.MaxRadius, c.Radius+1)
	}
	c.navigate()
	c.paint()
	c.touch()
	x, y := ebiten.CursorPosition()
	if c.mouseRead && (x != c.mouseX || y != c.mouseY) {
		c.mouseSeen = true
	}
	c.mouseX, c.mouseY, c.mouseRead = x, y, true
}

// refused keeps err, if any, for the panel to show.
func (c *Controls) refused(err error) {
	if err != nil {
		c.Err, c.ErrAt = err.Error(), time.Now()
	}
}

// TogglePause pauses a running session and resumes a paused one.
func (c *Controls) TogglePause() {
	c.Do(pick(c.Sess.Paused(), "resume", "pause"))
}

// Step runs exactly one tick, pausing first if the run is going.
func (c *Controls) Step() {
	if !c.Sess.Paused() {
		c.Do("pause")
	}
	c.Do("step")
}

// Do asks the session for action: "pause", "resume", "step", "reset" or
// "reseed".
func (c *Controls) Do(action string) { c.refused(c.Sess.Control(action)) }

// SetSpeed sets the ticks per update: 1, 2, 4, 8, 16, or 0 for max.
func (c *Controls) SetSpeed(n int) { c.refused(c.Sess.SetSpeed(n)) }

// Faster moves the speed by steps along ×1 … ×16, max.
func (c *Controls) Faster(steps int) {
	i := slices.Index(live.Speeds, c.Sess.Speed())
	c.SetSpeed(live.Speeds[min(max(i+steps, 0), len(live.Speeds)-1)])
}

// Set changes one setting by its flag's name and syntax; a refusal is
// also kept for the panel.
func (c *Controls) Set(name, value string) error {
	err := c.Sess.Set(name, value)
	c.refused(err)
	return err
}

// Coupled reports whether the fireflies nudge each other (a nudge above 0).
func (c *Controls) Coupled() bool {
	d, err := time.ParseDuration(c.Sess.Params()["nudge"])
	return err == nil && d > 0
}

// ToggleCoupling switches coupling off (a nudge of 0) and back on to the
// nudge it had. There is no flag of its own: it is the nudge, so that
// journals and URLs need nothing new.
func (c *Controls) ToggleCoupling() {
	if c.Coupled() {
		c.nudge = c.Sess.Params()["nudge"]
		c.Set("nudge", "0s")
		return
	}
	if c.nudge == "" {
		c.nudge = "200ms"
	}
	c.Set("nudge", c.nudge)
}

// Adjust moves setting name by steps of its slider's step.
func (c *Controls) Adjust(name string, steps int) {
	s := setting(name)
	v, ok := s.read(c.Sess.Params()[name])
	if !ok {
		return
	}
	c.Set(name, s.format(s.snap(v)+steps))
}

// Cycle steps choice name through the panel's values for it.
func (c *Controls) Cycle(name string, steps int) {
	ch := Choices[slices.IndexFunc(Choices, func(ch Choice) bool { return ch.Name == name })]
	c.Set(name, ch.next(c.Sess.Params()[name], steps))
}

// paint paints with the current brush where the left button drags over
// the grid, once a cell: a stroke that begins on the panel is the panel's.
func (c *Controls) paint() {
	held := ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft)
	x, y := ebiten.CursorPosition()
	if inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		c.painting = !c.Panel.Contains(x, y)
		c.lastX = -1
	}
	if !held {
		c.painting = false
	}
	if c.painting && !c.Panel.Contains(x, y) { // not through the panel
		c.stroke(x, y)
	}
}

// stroke paints at screen position (x, y) if it is over a cell other than
// the last one painted.
func (c *Controls) stroke(x, y int) {
	cx, cy, ok := c.Cam.CellAt(x, y)
	if !ok || (cx == c.lastX && cy == c.lastY) {
		return
	}
	c.lastX, c.lastY = cx, cy
	c.refused(c.Sess.Paint(live.Brushes[c.Brush], cx, cy, c.Radius))
}

// BrushName is the current brush and its radius, as the panel shows it.
func (c *Controls) BrushName() string {
	return live.Brushes[c.Brush] + ", radius " + strconv.Itoa(c.Radius)
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

// touch: one finger paints, as the left button does; two fingers pinch to
// zoom and move together to pan.
func (c *Controls) touch() {
	var ids [2]ebiten.TouchID
	touches := ebiten.AppendTouchIDs(ids[:0])
	c.fingerDown = false
	if len(touches) != 2 {
		c.pinch = 0
		if len(touches) == 1 {
			x, y := ebiten.TouchPosition(touches[0])
			if len(inpututil.AppendJustPressedTouchIDs(ids[1:1])) > 0 {
				c.lastX = -1 // a new stroke may paint where the last ended
				c.fingerPaints = !c.Panel.Contains(x, y)
			}
			if c.fingerPaints {
				c.fingerX, c.fingerY, c.fingerDown = x, y, true
				c.stroke(x, y)
			}
		}
		return
	}
	c.fingerPaints = false // two fingers zoom and pan; they never paint
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

// The brush's outline: white, on a dark edge that shows it on white
// flashes too.
var (
	outlineEdge = color.RGBA{0, 0, 0, 200}
	outlineLine = color.RGBA{255, 255, 255, 255}
)

// Brushing reports the cell the brush is over: under the finger that
// paints, while it is down, else under the mouse once it has moved;
// none while the pointer is off the grid or on the panel.
func (c *Controls) Brushing() (cx, cy int, ok bool) {
	x, y := c.mouseX, c.mouseY
	switch {
	case c.fingerDown:
		x, y = c.fingerX, c.fingerY
	case !c.mouseSeen:
		return 0, 0, false
	}
	if c.Panel.Contains(x, y) {
		return 0, 0, false
	}
	return c.Cam.CellAt(x, y)
}

// DrawBrush outlines, over the grid on dst, the cells the brush would
// paint where the pointer is: a disc of its radius on the torus, so that
// near an edge the outline goes on at the opposite one, as the paint
// does ([systems.Disc]). Call it after the grid is drawn, with the camera
// placed by it.
func (c *Controls) DrawBrush(dst *ebiten.Image) {
	cx, cy, ok := c.Brushing()
	if !ok {
		return
	}
	cam := c.Cam
	ox, oy := cam.origin()
	z := cam.Zoom
	if z >= 1 {
		// Where the cells' edges are drawn: the grid covers the pixels whose
		// centres fall inside it (see Grid.Draw).
		ox, oy = math.Round(ox), math.Round(oy)
	}
	p := &c.outline
	p.Reset()
	brushOutline(int(cam.gw), int(cam.gh), cx, cy, c.Radius, func(x0, y0, x1, y1 int) {
		p.MoveTo(float32(ox+float64(x0)*z), float32(oy+float64(y0)*z))
		p.LineTo(float32(ox+float64(x1)*z), float32(oy+float64(y1)*z))
	})
	// Lines as wide as at a scale of 1 where the page draws at less
	// (-resolution): narrower, the stretched canvas blurs them to grey.
	scale := 1.0
	if m := ebiten.Monitor(); m != nil {
		scale = max(1, m.DeviceScaleFactor())
	}
	var op vector.DrawPathOptions
	op.AntiAlias = true
	for _, l := range [2]struct {
		width float64
		c     color.RGBA
	}{{4, outlineEdge}, {2, outlineLine}} {
		op.ColorScale.Reset()
		op.ColorScale.ScaleWithColor(l.c)
		vector.StrokePath(dst, p, &vector.StrokeOptions{Width: float32(l.width * scale), LineCap: vector.LineCapSquare}, &op)
	}
}

// brushOutline calls seg for each side of the boundary of a brush's disc
// of radius r at cell (x, y) on a w×h torus ([systems.Disc]'s cells): the
// sides between a cell of the disc and one that is not, as lines from
// corner (x0, y0) to corner (x1, y1), in cell units within [0, w]×[0, h].
// Runs of sides along a row come as one line, cut where they wrap.
func brushOutline(w, h, x, y, r int, seg func(x0, y0, x1, y1 int)) {
	mod := func(a, n int) int { return (a%n + n) % n }
	dyLo, dyHi := -min(r, (h-1)/2), min(r, h/2)
	allRows := dyHi-dyLo+1 == h
	// span is the disc's row dy: offsets lo..hi from x, as Disc clamps them.
	span := func(dy int) (lo, hi int) {
		a := int(math.Sqrt(float64(r*r - dy*dy)))
		for a*a > r*r-dy*dy {
			a--
		}
		for (a+1)*(a+1) <= r*r-dy*dy {
			a++
		}
		return -min(a, (w-1)/2), min(a, w/2)
	}
	// neighbour is the disc's row next to row dy (step -1 above, +1
	// below), and whether there is one.
	neighbour := func(dy, step int) (lo, hi int, ok bool) {
		n := dy + step
		switch {
		case n >= dyLo && n <= dyHi:
		case allRows && n < dyLo:
			n = dyHi
		case allRows:
			n = dyLo
		default:
			return 0, 0, false
		}
		lo, hi = span(n)
		return lo, hi, true
	}
	// run draws the sides along line yl over offsets c0..c1.
	run := func(c0, c1, yl int) {
		if c0 > c1 {
			return
		}
		x0, n := mod(x+c0, w), c1-c0+1
		if x0+n <= w {
			seg(x0, yl, x0+n, yl)
			return
		}
		seg(x0, yl, w, yl)
		seg(0, yl, x0+n-w, yl)
	}
	// rows draws the part of row lo..hi that its neighbour does not cover.
	rows := func(lo, hi, nlo, nhi int, ok bool, yl int) {
		if !ok {
			run(lo, hi, yl)
			return
		}
		run(lo, min(hi, nlo-1), yl)
		run(max(lo, nhi+1), hi, yl)
	}
	for dy := dyLo; dy <= dyHi; dy++ {
		lo, hi := span(dy)
		yc := mod(y+dy, h)
		if hi-lo+1 < w {
			left, right := mod(x+lo, w), mod(x+hi, w)+1
			seg(left, yc, left, yc+1)
			seg(right, yc, right, yc+1)
		}
		nlo, nhi, ok := neighbour(dy, -1)
		rows(lo, hi, nlo, nhi, ok, yc)
		nlo, nhi, ok = neighbour(dy, +1)
		rows(lo, hi, nlo, nhi, ok, yc+1)
	}
}

// pick is yes if cond holds, else no.
func pick[T any](cond bool, yes, no T) T {
	if cond {
		return yes
	}
	return no
}
