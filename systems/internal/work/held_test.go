package work_test

import (
	"testing"

	"github.com/firefly-observatory/fireflies/systems/internal/work"
)

// TestHeldSetsOnceAndResetsOnce: however many hold the setting at once,
// it is set by the first and put back by the last to let go.
func TestHeldSetsOnceAndResetsOnce(t *testing.T) {
	for _, holders := range []int{1, 2, 5} {
		value, sets, resets := 7, 0, 0
		h := work.NewHeld(
			func() int { old := value; value = 100; sets++; return old },
			func(old int) { value = old; resets++ },
		)
		var releases []func()
		for range holders {
			releases = append(releases, h.Hold())
			if value != 100 {
				t.Errorf("%d holders: while held, got %d, want 100", holders, value)
			}
		}
		for k, release := range releases {
			release()
			want := 100
			if k == holders-1 {
				want = 7 // the last let go
			}
			if value != want {
				t.Errorf("%d holders, %d let go: got %d, want %d", holders, k+1, value, want)
			}
		}
		if sets != 1 || resets != 1 {
			t.Errorf("%d holders: got %d sets and %d resets, want 1 and 1", holders, sets, resets)
		}
		h.Hold()() // held again after all let go: set and reset again
		if sets != 2 || resets != 2 || value != 7 {
			t.Errorf("%d holders, held again: got %d sets, %d resets and %d, want 2, 2 and 7", holders, sets, resets, value)
		}
	}
}
