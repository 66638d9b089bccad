package picture

import "testing"

// TestRecordingEnlarges: -record-size enlarges a small grid by whole
// pixels a cell (160x100 into 640x400 is 4 a cell), crisp: each cell's
// block is one colour; a grid larger than the frame is shrunk as before.
func TestRecordingEnlarges(t *testing.T) {
	r := NewRecording(160, 100, 640, 400, 0.5)
	r.Add(func(i int) uint8 {
		if i%2 == 0 {
			return 254
		}
		return 0
	})
	img := r.anim.Image[0]
	if b := img.Bounds(); b.Dx() != 640 || b.Dy() != 400 {
		t.Fatalf("got a %v frame, want 640x400", b)
	}
	for _, c := range [][2]int{{0, 0}, {1, 0}, {7, 3}, {159, 99}} {
		p := img.ColorIndexAt(4*c[0], 4*c[1])
		for dy := range 4 {
			for dx := range 4 {
				if q := img.ColorIndexAt(4*c[0]+dx, 4*c[1]+dy); q != p {
					t.Fatalf("cell %v: pixel (%d, %d) is %d, want the block's %d", c, dx, dy, q, p)
				}
			}
		}
	}
	if img.ColorIndexAt(0, 0) == img.ColorIndexAt(4, 0) {
		t.Error("cells 0 and 1 (a flash and a dark one) drew the same")
	}
	if got := Enlarge(2048, 2048, 512, 512); got != 1 {
		t.Errorf("Enlarge(2048², 512²): got %d, want 1 (shrunk, not enlarged)", got)
	}
}
