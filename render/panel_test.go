package render

import (
	"testing"
	"time"
)

// A slider position is the value its step times it, in the flag's syntax,
// and back: what the panel sets is what it reads.
func TestSettingsRoundTrip(t *testing.T) {
	for _, s := range Settings {
		for pos := s.Lo; pos <= s.Hi; pos++ {
			v := s.format(pos)
			f, ok := s.read(v)
			if !ok {
				t.Fatalf("%s: position %d is %q, which does not read back", s.Name, pos, v)
			}
			if got := s.snap(f); got != pos {
				t.Errorf("%s: position %d is %q, which snaps to %d", s.Name, pos, v, got)
			}
		}
	}
	for _, c := range []struct {
		name string
		pos  int
		want string
	}{{"nudge", 30, "300ms"}, {"nudge", 0, "0s"}, {"period", 30, "1.5s"}, {"glow", 3, "0.15"}, {"jitter", 1, "5ms"}} {
		if got := setting(c.name).format(c.pos); got != c.want {
			t.Errorf("%s at %d: got %q, want %q", c.name, c.pos, got, c.want)
		}
	}
}

// The deafness and the jitter stay below the period; a value set on the
// command line beyond a slider's end widens it rather than being clamped
// (a clamp would change the running model).
func TestSettingBounds(t *testing.T) {
	params := map[string]string{"period": "500ms"}
	if lo, hi := setting("refractory").bounds(params, 10); lo != 0 || hi != 49 {
		t.Errorf("refractory under a 500ms period: got %d..%d, want 0..49", lo, hi)
	}
	if _, hi := setting("jitter").bounds(params, 5); hi != 99 {
		t.Errorf("jitter under a 500ms period: got up to %d, want 99", hi)
	}
	nudge := setting("nudge")
	pos := nudge.snap((3 * time.Second).Seconds())
	if lo, hi := nudge.bounds(params, pos); lo != 0 || hi != pos {
		t.Errorf("a 3s nudge: got %d..%d, want 0..%d", lo, hi, pos)
	}
}

// The panel lies beside the grid only where the grid keeps its zoom: then
// the fitted grid moves left, clear of it; elsewhere the grid stays put.
func TestCameraLeavesRoomForThePanel(t *testing.T) {
	for _, c := range []struct {
		sw, sh int
		beside bool
	}{
		{1100, 560, true},  // 160x100 at 5 pixels a cell: 800 wide, 300 to spare
		{800, 500, false},  // the window the grid fills
		{1000, 500, false}, // 200 to spare: the panel would shrink the grid
	} {
		cam := NewCamera(160, 100)
		cam.place(c.sw, c.sh)
		zoom := cam.Zoom
		if got := cam.Beside(270); got != c.beside {
			t.Errorf("%dx%d: Beside(270) got %v, want %v", c.sw, c.sh, got, c.beside)
		}
		cam.Inset = 270
		cam.place(c.sw, c.sh)
		ox, _ := cam.origin()
		right := ox + cam.gw*cam.Zoom
		switch {
		case cam.Zoom != zoom:
			t.Errorf("%dx%d: the inset changed the zoom from %v to %v", c.sw, c.sh, zoom, cam.Zoom)
		case c.beside && right > float64(c.sw-270):
			t.Errorf("%dx%d: the grid ends at x = %v, over the panel from %d", c.sw, c.sh, right, c.sw-270)
		case !c.beside && ox != (float64(c.sw)-cam.gw*zoom)/2:
			t.Errorf("%dx%d: the grid moved to x = %v with no room for the panel", c.sw, c.sh, ox)
		}
	}
}

// TestShortNumbers: a plot's numbers read as a person writes them.
func TestShortNumbers(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{0, "0"}, {1, "1"}, {0.5, "0.5"}, {12.34, "12.3"}, {999, "999"}, {1160, "1.16k"},
		{2500, "2.5k"}, {34400, "34.4k"}, {250000, "250k"}, {4.2e6, "4.2M"}, {16.7e6, "16.7M"},
	} {
		if got := Short(c.v); got != c.want {
			t.Errorf("Short(%v): got %q, want %q", c.v, got, c.want)
		}
	}
}
