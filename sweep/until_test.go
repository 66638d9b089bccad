package sweep_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSweepWarnsOfUnsynchronisedRuns: a sweep most of whose -until-sync
// runs end at their -duration without synchronising says so on stderr,
// with how many and the -duration; one without -until-sync does not, nor
// one whose runs meet their criterion.
func TestSweepWarnsOfUnsynchronisedRuns(t *testing.T) {
	dir := t.TempDir()
	warning := "runs ended at -duration 2s without synchronising; a longer -duration would let them"
	if stderr := sweepTo(t, filepath.Join(dir, "short.csv"), "-duration", "2s"); !strings.Contains(stderr, ": 12 of 12 "+warning) {
		t.Errorf("-until-sync, -duration 2s: stderr lacks the warning:\n%s", stderr)
	}
	if stderr := sweepTo(t, filepath.Join(dir, "none.csv"), "-duration", "2s", "-until-sync=false"); strings.Contains(stderr, "without synchronising") {
		t.Errorf("-until-sync=false: stderr warns:\n%s", stderr)
	}
	if stderr := sweepTo(t, filepath.Join(dir, "bursts.csv"), "-duration", "60s", "-nudge", "1s", "-period", "1s", "-refractory", "200ms"); strings.Contains(stderr, "without synchronising") {
		t.Errorf("runs that synchronise at once: stderr warns:\n%s", stderr)
	}
}
