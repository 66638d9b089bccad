package systems_test

import (
	"syscall"
	"testing"

	"github.com/firefly-observatory/fireflies/systems"
)

// TestFirstTickFindsTheColumnsInMemory: the build writes every column,
// so the first tick does not fault their pages in, one at a time on its
// workers, which made it several ticks long. The bound is half the pages
// of a column of 4 bytes a firefly: the first tick still faults in its
// own bitmaps and lists, far fewer pages, and leaving out only the hits
// (1 byte a firefly, each page faulted twice: read, then written) would
// add 512.
func TestFirstTickFindsTheColumnsInMemory(t *testing.T) {
	if raceDetector {
		t.Skip("the race detector's shadow memory takes page faults of its own")
	}
	// Counted in 4 KB pages: the columns' huge pages would take a fault
	// each for 512 of them.
	thpDisable(t, true)
	defer thpDisable(t, false)
	s, err := systems.New(model(1024, 1024, 1), systems.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.WaitEntities() // their build faults pages of its own,
	s.WaitGarbage()  // as does the collection that follows it
	before := minorFaults(t)
	s.Update()
	faults := minorFaults(t) - before
	if bound := int64(1024*1024*4/syscall.Getpagesize()) / 2; faults >= bound {
		t.Errorf("the first tick took %d page faults, want fewer than half a column's pages, %d", faults, bound)
	}
}

func minorFaults(t *testing.T) int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return ru.Minflt
}

// thpDisable sets whether the process may have transparent huge pages
// (prctl PR_SET_THP_DISABLE).
func thpDisable(t *testing.T, disable bool) {
	const prSetTHPDisable = 41
	arg := uintptr(0)
	if disable {
		arg = 1
	}
	if _, _, errno := syscall.Syscall(syscall.SYS_PRCTL, prSetTHPDisable, arg, 0); errno != 0 {
		t.Fatalf("prctl(PR_SET_THP_DISABLE, %d): %v", arg, errno)
	}
}
