//go:build !headless

package systems

import "github.com/hajimehoshi/ebiten/v2"

// Draw uploads the frame to the GPU and draws it scaled to fit the screen,
// keeping the grid's aspect and every cell a crisp square block.
type Draw struct {
	px   *Pixels
	grid *ebiten.Image
	op   ebiten.DrawImageOptions
	tick int32 // tick of the frame in grid, -1 before the first upload

	scale, offX, offY float64 // where the grid was last drawn
}

// NewDraw makes the draw system for a simulation's pixels.
func NewDraw(px *Pixels) *Draw {
	return &Draw{
		px:   px,
		grid: ebiten.NewImage(px.sw.Width, px.sw.Height),
		tick: -1,
	}
}

// Fill turns the current glows into pixels, once per simulated tick, and
// reports whether it did.
func (d *Draw) Fill() bool {
	if d.tick == d.px.sw.Tick {
		return false
	}
	d.px.Update()
	d.grid.WritePixels(d.px.Pix)
	d.tick = d.px.sw.Tick
	return true
}

// Draw draws the grid onto screen.
func (d *Draw) Draw(screen *ebiten.Image) {
	sw, sh := screen.Bounds().Dx(), screen.Bounds().Dy()
	gw, gh := d.px.sw.Width, d.px.sw.Height
	scale := min(float64(sw)/float64(gw), float64(sh)/float64(gh))
	if scale >= 1 {
		scale = float64(int(scale)) // whole pixels per cell: no uneven blocks
	}
	d.scale = scale
	d.offX, d.offY = (float64(sw)-scale*float64(gw))/2, (float64(sh)-scale*float64(gh))/2
	d.op.GeoM.Reset()
	d.op.GeoM.Scale(scale, scale)
	d.op.GeoM.Translate(d.offX, d.offY)
	d.op.Filter = ebiten.FilterNearest
	screen.Fill(darkColor)
	screen.DrawImage(d.grid, &d.op)
}

// CellAt returns the grid cell drawn at screen position (x, y), if any.
func (d *Draw) CellAt(x, y int) (int, int, bool) {
	if d.scale == 0 {
		return 0, 0, false
	}
	cx := (float64(x) - d.offX) / d.scale
	cy := (float64(y) - d.offY) / d.scale
	if cx < 0 || cy < 0 || cx >= float64(d.px.sw.Width) || cy >= float64(d.px.sw.Height) {
		return 0, 0, false
	}
	return int(cx), int(cy), true
}
