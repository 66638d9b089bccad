package picture_test

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"testing"

	"github.com/firefly-observatory/fireflies/frame"
	"github.com/firefly-observatory/fireflies/picture"
	"github.com/firefly-observatory/fireflies/systems"
)

// TestRecordingShowsPaint: a GIF frame draws a pacemaker on its ramp and
// a silenced cell hatched, as the window does, one pixel a cell; scaled
// down, a block shows the kind most of its cells are, at their mean level,
// a painted kind winning a tie.
func TestRecordingShowsPaint(t *testing.T) {
	const w, h = 8, 4
	type cell struct {
		k     systems.Kind
		level uint8
	}
	cells := make([]cell, w*h)
	for i := range cells {
		cells[i] = cell{systems.Normal, uint8(i * 8)}
	}
	for _, i := range []int{0, 1, 8, 9} { // a 2×2 block of pacemakers
		cells[i] = cell{systems.PacemakerKind, 201}
	}
	for _, i := range []int{2, 10, 4, 5, 12, 13} { // silenced: half a block, and a whole one
		cells[i] = cell{systems.SilencedKind, 0}
	}
	level := func(i int) uint8 { return frame.PaintLevel(cells[i].level, cells[i].k) }
	rgb := func(c [3]uint8) color.RGBA { return color.RGBA{c[0], c[1], c[2], 255} }
	for _, tc := range []struct {
		maxW int
		want func(x, y int) color.RGBA
	}{
		{w, func(x, y int) color.RGBA {
			c := cells[y*w+x]
			switch c.k {
			case systems.PacemakerKind:
				return rgb(frame.PacemakerPalette(float64(c.level) / 254))
			case systems.SilencedKind:
				return rgb(frame.HatchColour(x, y))
			}
			return rgb(frame.Palette(float64(c.level&^1) / 254))
		}},
		{w / 2, func(x, y int) color.RGBA {
			switch {
			case x == 0 && y == 0:
				return rgb(frame.PacemakerPalette(201.0 / 254))
			case x == 1 && y == 0, x == 2 && y == 0: // 2 of 4, and 4 of 4, silenced
				return rgb(frame.HatchColour(x, y))
			}
			sum := 0
			for _, i := range []int{2 * y * w, 2*y*w + 1, (2*y+1)*w + 0, (2*y+1)*w + 1} {
				sum += int(cells[i+2*x].level)
			}
			return rgb(frame.Palette(float64((sum+2)/4&^1) / 254))
		}},
	} {
		r := picture.NewRecording(w, h, tc.maxW, h, 0.1)
		r.Add(level)
		var b bytes.Buffer
		if err := r.Write(&b); err != nil {
			t.Fatal(err)
		}
		g, err := gif.DecodeAll(&b)
		if err != nil {
			t.Fatal(err)
		}
		img := g.Image[0]
		bounds := img.Bounds()
		for y := range bounds.Dy() {
			for x := range bounds.Dx() {
				got := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
				if want := tc.want(x, y); got != want {
					t.Errorf("%d wide, pixel (%d,%d): got %v, want %v", bounds.Dx(), x, y, got, want)
				}
			}
		}
	}
}

// frames decodes a recording's frames.
func frames(t *testing.T, r *picture.Recording) []*image.Paletted {
	t.Helper()
	var b bytes.Buffer
	if err := r.Write(&b); err != nil {
		t.Fatal(err)
	}
	g, err := gif.DecodeAll(&b)
	if err != nil {
		t.Fatal(err)
	}
	return g.Image
}

// TestViewRecording: a camera's recording shows what its view shows. A
// view of the whole grid at a pixel a cell is the whole grid's frame; a
// view zoomed to 10 pixels a cell shows its cells as 10×10 blocks, the
// night's colour past the grid's edge; a view shrunk into a smaller frame
// averages its cells as the whole grid's recording does; a later view of
// another shape (a window resized) keeps the first frame's size, centred.
func TestViewRecording(t *testing.T) {
	const w, h = 8, 4
	level := func(i int) uint8 { return uint8(i * 8) } // every cell its own level
	whole := func(maxW, maxH int) *image.Paletted {
		r := picture.NewRecording(w, h, maxW, maxH, 0.1)
		r.Add(level)
		return frames(t, r)[0]
	}
	view := func(maxW, maxH int, vs ...picture.View) []*image.Paletted {
		r := picture.NewViewRecording(w, h, maxW, maxH, 0.1)
		for _, v := range vs {
			r.AddView(level, v)
		}
		if r.Frames() != len(vs) {
			t.Fatalf("%d frames of %d views", r.Frames(), len(vs))
		}
		return frames(t, r)
	}
	if got, want := view(w, h, picture.View{W: w, H: h, Zoom: 1})[0], whole(w, h); !bytes.Equal(got.Pix, want.Pix) {
		t.Errorf("the whole grid at a pixel a cell: got %v, want the grid's recording %v", got.Pix, want.Pix)
	}
	if got, want := view(w/2, h/2, picture.View{W: w, H: h, Zoom: 1})[0], whole(w/2, h/2); !bytes.Equal(got.Pix, want.Pix) {
		t.Errorf("the whole grid into half the size: got %v, want the grid's recording, averaged, %v", got.Pix, want.Pix)
	}
	// A 40×20 screen at 10 pixels a cell from cell (-1, 1): the night, then
	// cells 0 to 2 of rows 1 and 2.
	g := whole(w, h)
	zoomed := view(40, 20, picture.View{W: 40, H: 20, X: -1, Y: 1, Zoom: 10}, picture.View{W: 80, H: 20, X: -1, Y: 1, Zoom: 10})
	img := zoomed[0]
	if b := img.Bounds(); b.Dx() != 40 || b.Dy() != 20 {
		t.Fatalf("zoomed: a %v frame, want 40x20", b)
	}
	for y := range 20 {
		for x := range 40 {
			want := g.ColorIndexAt(x/10-1, 1+y/10)
			if x < 10 {
				want = g.ColorIndexAt(0, 0) // level 0: the night
			}
			if got := img.ColorIndexAt(x, y); got != want {
				t.Fatalf("zoomed, pixel (%d, %d): got %d, want %d", x, y, got, want)
			}
		}
	}
	// The window twice as wide: the same frame, the screen at half the
	// scale (5 pixels a cell, 8 cells across), centred with 5 rows of
	// night above and below.
	img = zoomed[1]
	if b := img.Bounds(); b.Dx() != 40 || b.Dy() != 20 {
		t.Fatalf("resized: a %v frame, want the first's 40x20", b)
	}
	for y := range 20 {
		for x := range 40 {
			want := g.ColorIndexAt(0, 0)
			if cx, cy := x/5-1, 1+(y-5)/5; y >= 5 && y < 15 && cx >= 0 {
				want = g.ColorIndexAt(cx, cy)
			}
			if got := img.ColorIndexAt(x, y); got != want {
				t.Fatalf("resized, pixel (%d, %d): got %d, want %d", x, y, got, want)
			}
		}
	}
}
