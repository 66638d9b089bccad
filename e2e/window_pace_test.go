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
	fps, tps := s["fps"].(float64), s["ticks_per_second"].(float64)
	t.Logf("slow frames: %.1f FPS, %.1f TPS over %.1f wall seconds", fps, tps, s["wall_seconds"])
	if fps > 12 {
		t.Fatalf("%.1f FPS with 100 ms added to each frame: the delay did not take", fps)
	}
	// 12 simulated seconds in about 12 wall seconds; one tick a frame
	// would be 80 s. Half the clock leaves room for a busy machine.
	if tps < 30 {
		t.Errorf("%s: %.1f ticks a wall second at %.1f frames a second, want about 60", fmt.Sprint(args), tps, fps)
	}
}
