package e2e

import (
	"strings"
	"testing"
)

// TestUntilSyncFull: the headless binary with -until-sync=full ends at
// full synchrony, before its -duration, and its summary's measures say
// when; a bad criterion is one line naming the flag, status 2.
func TestUntilSyncFull(t *testing.T) {
	stdout, stderr, code := runHeadless(t, "-grid", "16", "-seed", "1", "-duration", "300s", "-until-sync=full", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	s := summary(t, stdout)
	m, _ := s["measures"].(map[string]any)
	at, _ := m["time_to_full_sync_seconds"].(float64)
	if ended, _ := s["sim_seconds"].(float64); at <= 0 || ended >= 300 || ended < at {
		t.Errorf("ended at %v s, full synchrony at %v (measures %v); want an end after it, before 300 s", s["sim_seconds"], at, m)
	}
	if s["until_sync"] != "full" {
		t.Errorf("until_sync %v, want full", s["until_sync"])
	}
	_, stderr, code = runHeadless(t, "-grid", "16", "-until-sync=locked:2")
	if code != 2 || !oneLine(stderr) || !strings.Contains(stderr, "-until-sync: got locked:2") {
		t.Errorf("-until-sync=locked:2: exit %d, stderr %q; want 2 and one line naming the flag", code, stderr)
	}
}
