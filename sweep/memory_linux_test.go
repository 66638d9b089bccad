package sweep

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/firefly-observatory/fireflies/config"
)

// TestRunBytesCoverARun: the estimate of a run's memory is at least what
// a sweep of that one run takes at its peak, above what a sweep of the
// smallest world takes, for each kind of world: the lattice, and the
// graphs that hold an edge list as well.
func TestRunBytesCoverARun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs worlds of a few hundred thousand fireflies")
	}
	base := peakOf(t, "-grid", "3")
	for _, args := range [][]string{
		{"-grid", "128"},
		{"-grid", "512"},
		{"-grid", "512", "-neighbours", "radius:3"},
		{"-grid", "256", "-topology", "random:8"},
		{"-grid", "256", "-topology", "random:2"},
		{"-grid", "256", "-topology", "smallworld:0.1", "-neighbours", "radius:3"},
	} {
		c, err := config.ParseCommand(config.Sweep, append(args, "-duration", "1s"), config.Headless, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		p, err := newPlan(c)
		if err != nil {
			t.Fatal(err)
		}
		if got := peakOf(t, args...) - base; got > p.runBytes {
			t.Errorf("%v: a run took %d MiB at its peak, above the estimate's %d MiB", args, got>>20, p.runBytes>>20)
		}
	}
}

// peakOf is the peak resident set of a process of this test binary that
// runs a sweep of one run of 1s with args, in bytes.
func peakOf(t *testing.T, args ...string) uint64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperSweep$")
	cmd.Env = append(os.Environ(), "SWEEP_HELPER_ARGS="+strings.Join(append(args, "-duration", "1s", "-seed", "1", "-out", os.DevNull), " "))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, &out)
	}
	return uint64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) << 10 // KiB on Linux
}

// TestHelperSweep is the sweep that peakOf measures, in a process of its
// own; it does nothing in a test run.
func TestHelperSweep(t *testing.T) {
	args := os.Getenv("SWEEP_HELPER_ARGS")
	if args == "" {
		t.Skip("run by TestRunBytesCoverARun")
	}
	if err := Run(strings.Fields(args), config.Headless, io.Discard, io.Discard, nil); err != nil {
		t.Fatal(err)
	}
}
