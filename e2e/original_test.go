package e2e

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
)

// TestOriginalAccount is make original: the README's table of this
// project's model against the original experiment's rules, measured by the
// headless build. For each grid, configuration and seed it runs the swarm
// twice for up to 300 simulated seconds: once with -until-sync, judged by
// the configuration's own monitor (R from the phases here, from the
// flashes in the original), for whether and when it synchronised and its
// flashes per firefly per period until then; and once to the end with
// -r-from flashes, which only measures, for R at 300 s by both estimators.
// FIREFLIES_ORIGINAL sets the seeds per cell of the table (make original:
// 50).
func TestOriginalAccount(t *testing.T) {
	seeds, err := strconv.Atoi(os.Getenv("FIREFLIES_ORIGINAL"))
	if err != nil || seeds < 1 {
		t.Skip("set FIREFLIES_ORIGINAL to the number of seeds (make original uses 50)")
	}
	configs := []struct {
		name string
		args []string
	}{
		{"this project", nil},
		{"`-preset original`", []string{"-preset", "original"}},
		{"`-preset original -deaf-flashes drop`", []string{"-preset", "original", "-deaf-flashes", "drop"}},
	}
	fmt.Println("| grid | rules | runs | synced by 300 s | median time to sync | flashes per firefly per period before sync | R at 300 s, from phases | R at 300 s, from flashes |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	for _, side := range []string{"10", "20", "30"} {
		for _, c := range configs {
			var times, rates, rPhases, rFlashes []float64
			for seed := 1; seed <= seeds; seed++ {
				base := append([]string{"-grid", side, "-seed", strconv.Itoa(seed), "-duration", "300s", "-json", "-workers", "1"}, c.args...)
				s := runSummary(t, append(base, "-until-sync")...)
				if ts, ok := s["time_to_sync_seconds"].(float64); ok {
					times = append(times, ts)
				}
				periods := s["sim_seconds"].(float64) / 5
				rates = append(rates, s["flashes"].(float64)/s["fireflies"].(float64)/periods)
				e := runSummary(t, append(base, "-r-from", "flashes")...)
				rPhases = append(rPhases, e["r_phases"].(float64))
				rFlashes = append(rFlashes, e["r_flashes"].(float64))
			}
			med := "—"
			if len(times) > 0 {
				med = fmt.Sprintf("%.1f s", median(times))
			}
			fmt.Printf("| %s×%s | %s | %d | %.0f %% | %s | %.3f | %.2f | %.2f |\n", side, side, c.name, seeds,
				100*float64(len(times))/float64(seeds), med, median(rates), median(rPhases), median(rFlashes))
		}
	}
}

// runSummary runs the headless build and returns its -json summary.
func runSummary(t *testing.T, args ...string) map[string]any {
	t.Helper()
	stdout, stderr, code := runHeadless(t, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, stderr)
	}
	return summary(t, stdout)
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
