// Package render draws the swarm with ebiten: the grid, in the window and
// the browser, and the overlay over it. Only the window and browser runner
// imports it, so the headless build links no ebiten at all.
package render

import (
	"image"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/frame"
	"github.com/firefly-observatory/fireflies/systems"
)

// Grid uploads the frame to the GPU and draws it scaled to fit the screen,
// keeping the grid's aspect and every cell a crisp block. It has two paths:
//   - shader (the default): one glow level byte per cell, packed four to a
//     texel, and the palette applied by a Kage shader, so the CPU fills and
//     uploads a quarter of the bytes;
//   - rgba: the palette applied on the CPU into RGBA pixels, drawn as a
//     plain scaled image.
type Grid struct {
	sw   *components.SwarmData
	px   *frame.Pixels // rgba path
	lv   *frame.Levels // shader path
	grid *ebiten.Image
	tick int32 // tick of the frame in grid, -1 before the first upload

	shader   *ebiten.Shader
	vertices [4]ebiten.Vertex
	indices  [6]uint16
	sop      ebiten.DrawTrianglesShaderOptions
	op       ebiten.DrawImageOptions

	scale, offX, offY float64 // where the grid was last drawn
}

// NewGrid makes the draw system for the simulation's grid. With a Kage
// shader source (assets.PaletteShader) it applies the palette on the GPU;
// with none, on the CPU.
func NewGrid(sim *systems.Sim, shader []byte) (*Grid, error) {
	sw := sim.Swarm
	if shader == nil {
		px := frame.NewPixels(sim)
		return &Grid{sw: sw, px: px, grid: ebiten.NewImage(sw.Width, sw.Height), tick: -1}, nil
	}
	sh, err := ebiten.NewShader(shader)
	if err != nil {
		return nil, err
	}
	lv := frame.NewLevels(sim)
	d := &Grid{sw: sw, lv: lv, grid: ebiten.NewImage(lv.Packed, sw.Height), tick: -1, shader: sh}
	d.indices = [6]uint16{0, 1, 2, 1, 3, 2}
	d.sop.Images[0] = d.grid
	rgb := func(g float64) []float32 {
		c := frame.Palette(g)
		return []float32{float32(c[0]) / 255, float32(c[1]) / 255, float32(c[2]) / 255}
	}
	d.sop.Uniforms = map[string]any{"Dark": rgb(0), "Amber": rgb(0.5), "White": rgb(1)}
	return d, nil
}

// Fill turns the current glows into the frame, once per simulated tick,
// uploads it, and reports whether it did.
func (d *Grid) Fill() bool {
	if d.tick == d.sw.Tick {
		return false
	}
	if d.lv != nil {
		d.lv.Update()
		d.grid.WritePixels(d.lv.Texels)
	} else {
		d.px.Update()
		d.grid.WritePixels(d.px.Pix)
	}
	d.tick = d.sw.Tick
	return true
}

// Draw draws the grid onto screen.
func (d *Grid) Draw(screen *ebiten.Image) {
	sw, sh := screen.Bounds().Dx(), screen.Bounds().Dy()
	gw, gh := float64(d.sw.Width), float64(d.sw.Height)
	scale := min(float64(sw)/gw, float64(sh)/gh)
	if scale >= 1 {
		scale = float64(int(scale)) // whole pixels per cell: no uneven blocks
	}
	d.scale = scale
	d.offX, d.offY = (float64(sw)-scale*gw)/2, (float64(sh)-scale*gh)/2
	d.fillBorders(screen, image.Rect(int(d.offX), int(d.offY), int(d.offX+scale*gw+0.5), int(d.offY+scale*gh+0.5)))
	if d.shader == nil {
		d.op.GeoM.Reset()
		d.op.GeoM.Scale(scale, scale)
		d.op.GeoM.Translate(d.offX, d.offY)
		d.op.Filter = ebiten.FilterNearest
		screen.DrawImage(d.grid, &d.op)
		return
	}
	x0, y0 := float32(d.offX), float32(d.offY)
	x1, y1 := x0+float32(scale*gw), y0+float32(scale*gh)
	tw, th := float32(d.lv.Packed), float32(d.sw.Height)
	for k, v := range [4][6]float32{
		{x0, y0, 0, 0, 0, 0},
		{x1, y0, tw, 0, float32(gw), 0},
		{x0, y1, 0, th, 0, float32(gh)},
		{x1, y1, tw, th, float32(gw), float32(gh)},
	} {
		d.vertices[k] = ebiten.Vertex{DstX: v[0], DstY: v[1], SrcX: v[2], SrcY: v[3], Custom0: v[4], Custom1: v[5],
			ColorR: 1, ColorG: 1, ColorB: 1, ColorA: 1}
	}
	screen.DrawTrianglesShader(d.vertices[:], d.indices[:], d.shader, &d.sop)
}

// fillBorders paints the screen outside the grid's rectangle. The runner
// turns off ebiten's clearing of the screen every frame: with software
// OpenGL (Xvfb, the browser's SwiftShader) a full-screen clear costs as
// much as drawing the grid, and the grid covers its rectangle anyway.
func (d *Grid) fillBorders(screen *ebiten.Image, grid image.Rectangle) {
	b := screen.Bounds()
	for _, r := range [4]image.Rectangle{
		image.Rect(b.Min.X, b.Min.Y, b.Max.X, grid.Min.Y),
		image.Rect(b.Min.X, grid.Max.Y, b.Max.X, b.Max.Y),
		image.Rect(b.Min.X, grid.Min.Y, grid.Min.X, grid.Max.Y),
		image.Rect(grid.Max.X, grid.Min.Y, b.Max.X, grid.Max.Y),
	} {
		if r = r.Intersect(b); !r.Empty() {
			screen.SubImage(r).(*ebiten.Image).Fill(darkColor)
		}
	}
}

// CellAt returns the grid cell drawn at screen position (x, y), if any.
func (d *Grid) CellAt(x, y int) (int, int, bool) {
	if d.scale == 0 {
		return 0, 0, false
	}
	cx := (float64(x) - d.offX) / d.scale
	cy := (float64(y) - d.offY) / d.scale
	if cx < 0 || cy < 0 || cx >= float64(d.sw.Width) || cy >= float64(d.sw.Height) {
		return 0, 0, false
	}
	return int(cx), int(cy), true
}
