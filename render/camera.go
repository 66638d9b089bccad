package render

import (
	"image"
	"math"

	"github.com/firefly-observatory/fireflies/picture"
)

// Camera says where the grid is on the screen: Zoom screen pixels per cell,
// and the cell (in cell units, fractions allowed) at the screen's centre.
// Until the user zooms or pans it keeps the whole grid fitted to the
// screen, whatever its size.
type Camera struct {
	Zoom   float64
	CX, CY float64
	// Inset is screen pixels on the right that the fitted grid keeps clear
	// for the panel, where the window has room for both at the same zoom.
	Inset float64
	// Left is screen pixels on the left that the fitted grid keeps clear
	// for the overlay: at the same zoom where there is room, else at a
	// slightly smaller one, down to [LeftCost] of it; past that the
	// overlay lies over the grid, shrunk.
	Left float64
	// Scaled says the screen's pixels are not the display's (the page
	// drawing at a lower resolution, which the browser stretches): the
	// fitted zoom is then not rounded down to whole pixels a cell, which
	// would no longer give even blocks and could halve the grid.
	Scaled     bool
	moved      bool // zoomed or panned by hand: no longer follows the screen
	gw, gh     float64
	sw, sh     float64 // the screen it was last placed on
	minZ, maxZ float64
}

// NewCamera fits a grid of gw×gh cells.
func NewCamera(gw, gh int) *Camera {
	return &Camera{gw: float64(gw), gh: float64(gh)}
}

// Resize makes the camera show a grid of gw×gh cells, fitted: a live run
// changed the grid.
func (c *Camera) Resize(gw, gh int) {
	c.gw, c.gh = float64(gw), float64(gh)
	c.place(int(c.sw), int(c.sh))
	c.Fit()
}

// place updates the camera for a screen of sw×sh pixels.
func (c *Camera) place(sw, sh int) {
	c.sw, c.sh = float64(sw), float64(sh)
	fit := min(c.sw/c.gw, c.sh/c.gh)
	c.minZ = min(fit, 1) / 4 // a quarter of the fitted size at the least
	c.maxZ = max(64, fit)    // 64 pixels a cell at the most
	if !c.moved {
		c.Fit()
	}
}

// Fit shows the whole grid, centred, at whole pixels per cell when cells
// are larger than a pixel, so that every cell is an even block. With an
// [Camera.Inset] that costs the grid nothing (see [Camera.Beside]), the
// grid is centred in the screen left of it.
func (c *Camera) Fit() {
	c.moved = false
	left := c.leftRoom()
	c.Zoom, c.CX, c.CY = c.fitted(c.sw-left), c.gw/2, c.gh/2
	right := 0.0
	if c.Inset > 0 && c.Beside(c.Inset) {
		right = c.Inset
	}
	c.CX += (right - left) / 2 / c.Zoom
}

// LeftCost is the least part of the zoom that fits the whole screen that
// the grid keeps to make room for the overlay beside it.
const LeftCost = 0.85

// leftRoom is the room the fitted grid leaves the overlay on the left.
func (c *Camera) leftRoom() float64 {
	if c.Left <= 0 || c.sw <= c.Left || c.fitted(c.sw-c.Left) < c.fitted(c.sw)*LeftCost {
		return 0
	}
	return c.Left
}

// fitted is the zoom that fits the grid in width w of the screen.
func (c *Camera) fitted(w float64) float64 {
	z := min(w/c.gw, c.sh/c.gh)
	if z >= 1 && !c.Scaled {
		z = math.Floor(z)
	}
	return z
}

// Beside reports whether the whole grid fits, at the zoom it has beside
// the overlay, beside inset pixels on the right too.
func (c *Camera) Beside(inset float64) bool {
	w := c.sw - c.leftRoom()
	return w > inset && c.fitted(w-inset) >= c.fitted(w)*0.999
}

// Rect is the grid's rectangle on the screen, in whole pixels.
func (c *Camera) Rect() image.Rectangle {
	ox, oy := c.origin()
	r := func(v float64) int { return int(math.Round(v)) }
	return image.Rect(r(ox), r(oy), r(ox+c.gw*c.Zoom), r(oy+c.gh*c.Zoom))
}

// origin is where cell (0, 0)'s corner is on the screen.
func (c *Camera) origin() (x, y float64) {
	return c.sw/2 - c.CX*c.Zoom, c.sh/2 - c.CY*c.Zoom
}

// ZoomAt multiplies the zoom by factor, keeping the point under screen
// position (sx, sy) where it is.
func (c *Camera) ZoomAt(factor, sx, sy float64) {
	z := min(max(c.Zoom*factor, c.minZ), c.maxZ)
	// The cell under (sx, sy) before and after must be the same one.
	ox, oy := c.origin()
	cx, cy := (sx-ox)/c.Zoom, (sy-oy)/c.Zoom
	c.Zoom = z
	c.CX, c.CY = cx-(sx-c.sw/2)/z, cy-(sy-c.sh/2)/z
	c.moved = true
}

// Pan moves the view by (dx, dy) screen pixels: the grid follows the
// pointer. The centre stays within the grid.
func (c *Camera) Pan(dx, dy float64) {
	c.CX = min(max(c.CX-dx/c.Zoom, 0), c.gw)
	c.CY = min(max(c.CY-dy/c.Zoom, 0), c.gh)
	c.moved = true
}

// View is what the camera shows of the grid, for a recording of it
// (-record-view camera): the screen, its corner's place in the grid, the
// zoom. Its screen is empty until the camera has been placed on one.
func (c *Camera) View() picture.View {
	ox, oy := c.origin()
	v := picture.View{W: int(c.sw), H: int(c.sh), Zoom: c.Zoom}
	if c.Zoom > 0 {
		v.X, v.Y = -ox/c.Zoom, -oy/c.Zoom
	}
	return v
}

// CellAt returns the cell drawn at screen position (x, y), if any.
func (c *Camera) CellAt(x, y int) (int, int, bool) {
	if c.Zoom == 0 {
		return 0, 0, false
	}
	ox, oy := c.origin()
	cx, cy := (float64(x)+0.5-ox)/c.Zoom, (float64(y)+0.5-oy)/c.Zoom
	if cx < 0 || cy < 0 || cx >= c.gw || cy >= c.gh {
		return 0, 0, false
	}
	return int(cx), int(cy), true
}
