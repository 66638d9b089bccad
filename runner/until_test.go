package runner_test

import "testing"

// TestUntilSyncCriteria: -until-sync=full ends the run at full synchrony,
// with the summary's time to it; -until-sync=r:0.99 once R has been at
// least 0.99 for a period, later than the default criterion's R >= 0.9;
// -until-sync=locked:0.95 once 95 % of the fireflies are locked; and
// -until-sync=false runs its duration.
func TestUntilSyncCriteria(t *testing.T) {
	base := []string{"-grid=16", "-seed=1", "-duration=300s"}
	for _, tc := range []struct {
		until string
		ended func(sum map[string]any) bool
	}{
		{"full", func(sum map[string]any) bool {
			m, _ := sum["measures"].(map[string]any)
			at, _ := m["time_to_full_sync_seconds"].(float64)
			return at > 0 && sum["sim_seconds"].(float64) <= at+2*5
		}},
		{"r:0.99", func(sum map[string]any) bool { return sum["r"].(float64) >= 0.99 }},
		{"locked:0.95", func(sum map[string]any) bool {
			m, _ := sum["measures"].(map[string]any)
			return m["locked"].(float64) >= 0.95
		}},
		{"false", func(sum map[string]any) bool { return sum["ticks"].(float64) == 300*60 }},
	} {
		r, sum, err := run(t, append(base, "-until-sync="+tc.until)...)
		if err != nil {
			t.Fatal(err)
		}
		if tc.until != "false" && r.Ticks >= 300*60 {
			t.Errorf("%s: ran %d ticks, want an end before -duration", tc.until, r.Ticks)
		}
		if !tc.ended(sum) {
			t.Errorf("%s: ended at %v s with %v", tc.until, sum["sim_seconds"], sum)
		}
		if want := map[string]any{"false": false}[tc.until]; want == nil && sum["until_sync"] != tc.until || want != nil && sum["until_sync"] != want {
			t.Errorf("%s: the summary's until_sync %v", tc.until, sum["until_sync"])
		}
	}
}
