package picture_test

import (
	"bytes"
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
