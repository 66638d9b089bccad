package render

import (
	"math"
	"testing"
)

// TestCameraViewIsWhatItDraws: the view a camera recording takes
// (-record-view camera) puts every screen pixel on the cell the camera
// draws there ([Camera.CellAt]), fitted, zoomed and panned; before the
// camera is placed on a screen, its view's screen is empty.
func TestCameraViewIsWhatItDraws(t *testing.T) {
	cam := NewCamera(64, 48)
	if v := cam.View(); v.W != 0 || v.H != 0 {
		t.Errorf("before a screen: got a %dx%d view, want none", v.W, v.H)
	}
	cam.Left = OverlayRoom
	cam.place(1068, 576)
	check := func(what string) {
		t.Helper()
		v := cam.View()
		if v.W != 1068 || v.H != 576 || v.Zoom != cam.Zoom {
			t.Fatalf("%s: view %+v, want the 1068x576 screen at zoom %v", what, v, cam.Zoom)
		}
		for y := 0; y < 576; y += 7 {
			for x := 0; x < 1068; x += 7 {
				cx, cy, ok := cam.CellAt(x, y)
				gx, gy := math.Floor(v.X+(float64(x)+0.5)/v.Zoom), math.Floor(v.Y+(float64(y)+0.5)/v.Zoom)
				inside := gx >= 0 && gy >= 0 && gx < 64 && gy < 48
				if ok != inside || ok && (int(gx) != cx || int(gy) != cy) {
					t.Fatalf("%s: pixel (%d, %d) is cell (%d, %d) %v on the screen, (%v, %v) in the view", what, x, y, cx, cy, ok, gx, gy)
				}
			}
		}
	}
	check("fitted")
	for range 4 {
		cam.ZoomAt(1.25, 534, 288)
	}
	check("zoomed in")
	cam.Pan(-130, 45)
	check("panned")
}

// TestCameraScaledKeepsTheFittedZoom: on the display's own pixels the
// fitted zoom is rounded down to whole pixels a cell, for even blocks; on
// a page drawn below it ([Camera.Scaled]), which the browser stretches,
// it is not, so a 256² grid on a 560-pixel-high canvas keeps its 2.19
// pixels a cell rather than falling to 2.
func TestCameraScaledKeepsTheFittedZoom(t *testing.T) {
	for _, tc := range []struct {
		scaled bool
		want   float64
	}{{false, 2}, {true, 560.0 / 256}} {
		cam := NewCamera(256, 256)
		cam.Scaled = tc.scaled
		cam.place(894, 560)
		if cam.Zoom != tc.want {
			t.Errorf("scaled %v: zoom %v, want %v", tc.scaled, cam.Zoom, tc.want)
		}
	}
}
