// Package render draws the swarm with ebiten: the grid, in the window and
// the browser, and the overlay over it. Only the window and browser runner
// imports it, so the headless build links no ebiten at all.
package render

import (
	"image"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/frame"
	"github.com/firefly-observatory/fireflies/systems"
)

// Grid uploads the frame to the GPU and draws it where the [Camera] says,
// in one of two views (glow or phase, see [frame.View]). Each tile of the
// picture is first made into colours at one pixel a cell, then drawn:
// zoomed in, with nearest-neighbour sampling, so that cells are crisp
// squares; zoomed out, with linear filtering over mipmaps, so that a
// screen pixel shows the average of the cells it covers rather than one of
// them picked at random, and a wave front looks like a front.
//
// The colours come one of two ways:
//   - shader (the default): one level byte per cell, packed four to a
//     texel, and the palette applied by a Kage shader, so the CPU fills and
//     uploads a quarter of the bytes;
//   - rgba: the palette applied on the CPU into RGBA pixels.
//
// Painted fireflies are drawn in frame's colours for them (see
// frame/paint.go) by both paths: on the shader path each cell's kind is a
// second packed image, uploaded only when the paint changes.
//
// The picture is uploaded in tiles of at most [TileCells] cells a side, so
// that every grid the flags accept fits the GPU's image limits: a GPU
// image wider than its limit (16,384 texels with Mesa, 8,192 in the
// browser's SwiftShader, less ebiten's padding) crashes the program.
type Grid struct {
	sim   *systems.Sim
	sw    *components.SwarmData
	px    *frame.Pixels // rgba path
	lv    *frame.Levels // shader path
	tiles []tile
	tick  int32      // tick of the frame in the tiles, -1 before the first upload
	view  frame.View // view of the frame in the tiles
	paint uint32     // the world's paint version in the tiles
	kinds uint32     // the shader path's Levels.KindsVersion in the tiles' kinds

	shader   *ebiten.Shader
	vertices [4]ebiten.Vertex
	indices  [6]uint16
	sop      ebiten.DrawTrianglesShaderOptions
	op       ebiten.DrawImageOptions
}

// TileCells is the longest side, in cells, of one uploaded tile: within
// what every GPU that runs ebiten holds (WebGL promises 4,096). A multiple
// of 4, so that the shader path's packed texels never straddle two tiles.
const TileCells = 4096

// tile is one part of the picture: cells [x0, x0+w) × [y0, y0+h).
type tile struct {
	x0, y0, w, h int
	src          *ebiten.Image // uploaded: colours (rgba path) or packed levels
	colour       *ebiten.Image // one pixel a cell; src itself on the rgba path
	kinds        *ebiten.Image // the shader path's painted kinds, packed as src; nil until something is painted
	buf          []byte        // its bytes, copied out of the whole picture; nil for a lone tile
}

// NewGrid makes the draw system for the simulation's grid. With a Kage
// shader source (assets.PaletteShader) it applies the palette on the GPU;
// with none, on the CPU.
func NewGrid(sim *systems.Sim, shader []byte) (*Grid, error) {
	sw := sim.Swarm
	d := &Grid{sim: sim, sw: sw, tick: -1, paint: sim.PaintedVersion()}
	// texelsFor is a tile's upload width: one RGBA texel a cell, or one
	// per four cells packed.
	texelsFor := func(cells int) int { return cells }
	if shader == nil {
		d.px = frame.NewPixels(sim)
	} else {
		sh, err := ebiten.NewShader(shader)
		if err != nil {
			return nil, err
		}
		d.lv = frame.NewLevels(sim)
		d.shader = sh
		texelsFor = func(cells int) int { return (cells + 3) / 4 }
	}
	for y0 := 0; y0 < sw.Height; y0 += TileCells {
		for x0 := 0; x0 < sw.Width; x0 += TileCells {
			t := tile{x0: x0, y0: y0, w: min(TileCells, sw.Width-x0), h: min(TileCells, sw.Height-y0)}
			t.src = ebiten.NewImage(texelsFor(t.w), t.h)
			t.colour = t.src
			if d.shader != nil {
				t.colour = ebiten.NewImage(t.w, t.h)
			}
			d.tiles = append(d.tiles, t)
		}
	}
	if len(d.tiles) > 1 {
		for i := range d.tiles {
			t := &d.tiles[i]
			t.buf = make([]byte, 4*texelsFor(t.w)*t.h)
		}
	}
	if d.shader == nil {
		return d, nil
	}
	d.indices = [6]uint16{0, 1, 2, 1, 3, 2}
	vec := func(c [3]uint8) []float32 {
		return []float32{float32(c[0]) / 255, float32(c[1]) / 255, float32(c[2]) / 255}
	}
	rgb := func(g float64) []float32 { return vec(frame.Palette(g)) }
	d.sop.Uniforms = map[string]any{"Dark": rgb(0), "Amber": rgb(0.5), "White": rgb(1), "Phase": float32(0),
		"Painted": float32(0), "PaceDark": vec(frame.PaceDark), "PaceMid": vec(frame.PaceMid), "PaceWhite": vec(frame.PaceWhite),
		"PaceLighten": float32(frame.PaceLighten), "HatchLight": vec(frame.HatchLight), "HatchDark": vec(frame.HatchDark)}
	return d, nil
}

// Deallocate frees the grid's GPU images now, rather than when the
// garbage collector finds them: a live run makes a new grid for each new
// world, and a large grid's tiles are hundreds of megabytes.
func (d *Grid) Deallocate() {
	for _, t := range d.tiles {
		if t.colour != t.src {
			t.colour.Deallocate()
		}
		if t.kinds != nil {
			t.kinds.Deallocate()
		}
		t.src.Deallocate()
	}
}

// Fill turns the current tick into the tiles' colours in the given view,
// once per simulated tick, change of view or change of paint (a brush
// stroke while paused shows at once), and reports whether it did.
func (d *Grid) Fill(view frame.View) bool {
	paint := d.sim.PaintedVersion()
	if d.tick == d.sw.Tick && d.view == view && d.paint == paint {
		return false
	}
	// whole is the picture in rows of rowBytes; a tile's row starts at
	// 4 bytes per texel of x0.
	var whole []byte
	var rowBytes, cellsPerTexel int
	if d.lv != nil {
		d.lv.View = view
		d.lv.Update()
		whole, rowBytes, cellsPerTexel = d.lv.Texels, 4*d.lv.Packed, 4
		d.sop.Uniforms["Phase"] = float32(view)
	} else {
		d.px.View = view
		d.px.Update()
		whole, rowBytes, cellsPerTexel = d.px.Pix, 4*d.sw.Width, 1
	}
	kinds := d.lv != nil && d.lv.Kinds != nil && d.lv.KindsVersion != d.kinds
	for i := range d.tiles {
		t := &d.tiles[i]
		t.upload(t.src, whole, rowBytes, cellsPerTexel)
		if kinds {
			if t.kinds == nil {
				t.kinds = ebiten.NewImage(t.src.Bounds().Dx(), t.h)
			}
			t.upload(t.kinds, d.lv.Kinds, rowBytes, cellsPerTexel)
		}
		if d.shader != nil {
			d.colour(t)
		}
	}
	if kinds {
		d.kinds = d.lv.KindsVersion
	}
	d.tick, d.view, d.paint = d.sw.Tick, view, paint
	return true
}

// upload writes the tile's part of whole, the picture in rows of rowBytes
// at cellsPerTexel cells a texel, into dst, an image of the tile's size.
func (t *tile) upload(dst *ebiten.Image, whole []byte, rowBytes, cellsPerTexel int) {
	if t.buf == nil {
		dst.WritePixels(whole)
		return
	}
	n := len(t.buf) / t.h // bytes of a tile row
	from := 4 * t.x0 / cellsPerTexel
	for y := range t.h {
		row := (t.y0 + y) * rowBytes
		copy(t.buf[y*n:y*n+n], whole[row+from:])
	}
	dst.WritePixels(t.buf)
}

// noKinds and withKinds are the shader's Painted, boxed once.
var noKinds, withKinds any = float32(0), float32(1)

// colour runs the palette shader over a tile, one pixel a cell.
func (d *Grid) colour(t *tile) {
	w, h := float32(t.w), float32(t.h)
	tw := float32(t.src.Bounds().Dx())
	for k, v := range [4][6]float32{
		{0, 0, 0, 0, 0, 0},
		{w, 0, tw, 0, w, 0},
		{0, h, 0, h, 0, h},
		{w, h, tw, h, w, h},
	} {
		d.vertices[k] = ebiten.Vertex{DstX: v[0], DstY: v[1], SrcX: v[2], SrcY: v[3], Custom0: v[4], Custom1: v[5],
			ColorR: 1, ColorG: 1, ColorB: 1, ColorA: 1}
	}
	d.sop.Images[0], d.sop.Images[1] = t.src, t.kinds
	d.sop.Uniforms["Painted"] = noKinds
	if t.kinds != nil {
		d.sop.Uniforms["Painted"] = withKinds
	}
	t.colour.DrawTrianglesShader(d.vertices[:], d.indices[:], d.shader, &d.sop)
}

// Draw draws the grid onto screen where cam puts it.
func (d *Grid) Draw(screen *ebiten.Image, cam *Camera) {
	b := screen.Bounds()
	cam.place(b.Dx(), b.Dy())
	scale := cam.Zoom
	ox, oy := cam.origin()
	gw, gh := float64(d.sw.Width), float64(d.sw.Height)
	// The grid covers the pixels whose centres fall inside it: round each
	// edge, so that the borders cover every other pixel, and none keeps
	// an old frame (the screen is not cleared).
	round := func(v float64) int { return int(math.Round(v)) }
	d.fillBorders(screen, image.Rect(round(ox), round(oy), round(ox+scale*gw), round(oy+scale*gh)))
	d.op.Filter = ebiten.FilterNearest
	if scale < 1 {
		d.op.Filter = ebiten.FilterLinear // with mipmaps: an average of the cells a pixel covers
	}
	for i := range d.tiles {
		t := &d.tiles[i]
		d.op.GeoM.Reset()
		d.op.GeoM.Scale(scale, scale)
		d.op.GeoM.Translate(ox+float64(t.x0)*scale, oy+float64(t.y0)*scale)
		screen.DrawImage(t.colour, &d.op)
	}
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
