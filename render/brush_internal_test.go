package render

import (
	"fmt"
	"testing"

	"github.com/firefly-observatory/fireflies/systems"
)

// TestBrushOutlineBoundsTheDisc: the brush's outline is exactly the sides
// between a cell the brush paints ([systems.Disc]) and one it does not,
// on the torus: near an edge it goes on at the opposite edge, and a disc
// wider than the grid has no sides where it meets itself round the ring.
func TestBrushOutlineBoundsTheDisc(t *testing.T) {
	type side struct{ x0, y0, x1, y1 int } // a unit side, corner to corner
	for _, tc := range []struct{ w, h, x, y, r int }{
		{80, 50, 40, 25, 6}, {80, 50, 0, 0, 6}, {80, 50, 79, 49, 3}, {80, 50, 78, 25, 2},
		{80, 50, 40, 25, 0}, {20, 15, 5, 5, 9}, {20, 15, 19, 0, 30}, {8, 8, 3, 4, 4},
		{7, 5, 1, 1, 3}, {1, 1, 0, 0, 5}, {2, 9, 1, 4, 2}, {9, 2, 0, 1, 3}, {64, 48, 63, 47, 256},
	} {
		t.Run(fmt.Sprint(tc), func(t *testing.T) {
			w, h := tc.w, tc.h
			in := make([]bool, w*h)
			for _, i := range systems.Disc(nil, w, h, tc.x, tc.y, tc.r) {
				in[i] = true
			}
			at := func(x, y int) bool { return in[((y%h+h)%h)*w+(x%w+w)%w] }
			want := map[side]bool{}
			for y := range h {
				for x := range w {
					if !at(x, y) {
						continue
					}
					if !at(x, y-1) {
						want[side{x, y, x + 1, y}] = true
					}
					if !at(x, y+1) {
						want[side{x, y + 1, x + 1, y + 1}] = true
					}
					if !at(x-1, y) {
						want[side{x, y, x, y + 1}] = true
					}
					if !at(x+1, y) {
						want[side{x + 1, y, x + 1, y + 1}] = true
					}
				}
			}
			got := map[side]bool{}
			brushOutline(w, h, tc.x, tc.y, tc.r, func(x0, y0, x1, y1 int) {
				if x0 < 0 || y0 < 0 || x1 > w || y1 > h || x0 > x1 || y0 > y1 || (x0 != x1) == (y0 != y1) {
					t.Fatalf("line (%d,%d)-(%d,%d) is not a row or column within the %dx%d grid", x0, y0, x1, y1, w, h)
				}
				for x := x0; x < x1; x++ {
					got[side{x, y0, x + 1, y0}] = true
				}
				for y := y0; y < y1; y++ {
					got[side{x0, y, x0, y + 1}] = true
				}
			})
			for s := range want {
				if !got[s] {
					t.Errorf("side %v of the disc is not outlined", s)
				}
			}
			for s := range got {
				if !want[s] {
					t.Errorf("side %v is outlined but bounds no painted cell", s)
				}
			}
		})
	}
}
