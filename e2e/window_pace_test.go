package e2e

import (
	"fmt"
	"testing"
)

// TestWindowSlowFramesKeepTheSwarmsClock: with every frame made 100 ms
// slower (about 9 frames a second), ebiten runs one update a frame, and
// the swarm must still get its 60 ticks a wall second: the run's ticks
// come in about the wall time they cover, and the trace is the one an
// undelayed run (and the headless build) gives for the same ticks. At
// one tick an update, as before, the run took six times as long.
func TestWindowSlowFramesKeepTheSwarmsClock(t *testing.T) {
	needDisplay(t)
	args := []string{"-grid", "64", "-seed", "9", "-duration", "12s", "-json"}
	hstdout, hstderr, code := run(t, headlessBin.get(t), args...)
	if code != 0 {
		t.Fatalf("headless: exit status %d\n%s%s", code, hstdout, hstderr)
	}
	want := summary(t, hstdout)["trace_hash"]
	stdout, stderr, code := runEnv(t, withEnv("FIREFLIES_TEST_DRAW_DELAY=100ms"), windowBin.get(t), args...)
	if code != 0 {
		t.Fatalf("window: exit status %d\n%s%s", code, stdout, stderr)
	}
	s := summary(t, stdout)
	if s["trace_hash"] != want || s["ticks"] != 720.0 {
		t.Errorf("slow frames: %v ticks, trace %v; want 720 and the headless run's %v", s["ticks"], s["trace_hash"], want)
	}
	// Counts, not rates: with a frame at least 100 ms long, the run of 720
	// ticks drew at most a tenth of its wall seconds' worth of frames (the
	// delay took), and ebiten ran about one update a frame, so the ticks a
	// frame tell the pacing: one a frame before (or a few where ebiten
	// catches up), six or so now, more on a slower machine.
	frames, wall := s["frames"].(float64), s["wall_seconds"].(float64)
	t.Logf("slow frames: %.0f frames and 720 ticks over %.1f wall seconds", frames, wall)
	if frames > wall*10+2 {
		t.Fatalf("%.0f frames in %.1f s with 100 ms added to each: the delay did not take", frames, wall)
	}
	if perFrame := 720 / frames; perFrame < 3 {
		t.Errorf("%s: %.1f ticks a frame at 100 ms a frame, want the wall clock's 6 or so (one a frame: the swarm slowed with the frames)", fmt.Sprint(args), perFrame)
	}
}
