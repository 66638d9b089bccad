package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// seriesArgs is a run whose series covers scattered flashes, growing
// clusters and synchrony.
var seriesArgs = []string{"-grid", "60x40", "-seed", "8", "-duration", "200s", "-series-every", "250ms", "-json"}

// runSeries runs the headless build with -series into dir and returns the
// file.
func runSeries(t *testing.T, runner func(args ...string) (string, string, int), dir string, extra ...string) []byte {
	t.Helper()
	path := filepath.Join(dir, "series.csv")
	args := append(append([]string{"-series", path}, seriesArgs...), extra...)
	_, stderr, code := runner(args...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, stderr)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func headlessRunner(t *testing.T) func(args ...string) (string, string, int) {
	return func(args ...string) (string, string, int) {
		t.Helper()
		return runHeadless(t, args...)
	}
}

// TestSeriesSameForAnyWorkers: the series is in simulated time, so it is
// the same file byte for byte whatever splits the work.
func TestSeriesSameForAnyWorkers(t *testing.T) {
	one := runSeries(t, headlessRunner(t), t.TempDir(), "-workers", "1")
	three := runSeries(t, headlessRunner(t), t.TempDir(), "-workers", "3")
	if !bytes.Equal(one, three) {
		t.Errorf("-series with 3 workers differs from 1 worker's (%d and %d bytes)", len(three), len(one))
	}
	lines := strings.Split(strings.TrimSuffix(string(one), "\n"), "\n")
	if lines[0] != "t,r,flashes,waves,pulse,largest_avalanche" {
		t.Errorf("header: got %q", lines[0])
	}
	if got, want := len(lines), 1+200*4+1; got != want {
		t.Errorf("got %d lines, want %d: the header, t=0 and every 250ms", got, want)
	}
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "200,") {
		t.Errorf("last line %q, want t=200", last)
	}
}

// TestSeriesSameUnderNode: the WebAssembly build writes the same series as
// the native one, byte for byte.
func TestSeriesSameUnderNode(t *testing.T) {
	runNode := nodeRunner(t)
	native := runSeries(t, headlessRunner(t), t.TempDir(), "-workers", "2")
	wasm := runSeries(t, runNode, t.TempDir())
	if !bytes.Equal(native, wasm) {
		t.Errorf("-series under Node differs from the native build's (%d and %d bytes)", len(wasm), len(native))
	}
}

// TestAvalanchesSumToFlashes: the distribution of avalanche sizes holds
// every flash of the run once, and agrees with the summary.
func TestAvalanchesSumToFlashes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "avalanches.csv")
	stdout, stderr, code := runHeadless(t, "-grid", "70x50", "-seed", "3", "-duration", "300s", "-avalanches", path, "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	s := summary(t, stdout)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if lines[0] != "size,count" {
		t.Fatalf("header: got %q, want size,count", lines[0])
	}
	var flashes, count, largest int64
	for _, l := range lines[1:] {
		size, err1 := strconv.ParseInt(strings.Split(l, ",")[0], 10, 64)
		n, err2 := strconv.ParseInt(strings.Split(l, ",")[1], 10, 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("line %q: want size,count", l)
		}
		flashes += size * n
		count += n
		largest = max(largest, size)
	}
	if want, _ := s["flashes"].(float64); float64(flashes) != want || want == 0 {
		t.Errorf("the avalanches hold %d flashes, want the summary's %v", flashes, want)
	}
	if want, _ := s["avalanches"].(float64); float64(count) != want {
		t.Errorf("%d avalanches in the file, want the summary's %v", count, want)
	}
	if want, _ := s["largest_avalanche"].(float64); float64(largest) != want {
		t.Errorf("largest size %d, want the summary's largest_avalanche %v", largest, want)
	}
	if mean, _ := s["mean_avalanche"].(float64); mean != float64(flashes)/float64(count) {
		t.Errorf("mean_avalanche %v, want flashes/avalanches %v", mean, float64(flashes)/float64(count))
	}
}

// TestUntilSyncEndsAtSync: the run stops on the tick the swarm counts as
// synchronised — R at least 0.9 for a full period, checked at 2 Hz — and
// its trace is the first part of the full run's.
func TestUntilSyncEndsAtSync(t *testing.T) {
	stdout, stderr, code := runHeadless(t, "-grid", "50", "-seed", "1", "-duration", "600s", "-until-sync", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	s := summary(t, stdout)
	tts, ok := s["time_to_sync_seconds"].(float64)
	if !ok {
		t.Fatalf("time_to_sync_seconds: got %v, want a time", s["time_to_sync_seconds"])
	}
	if got, want := s["sim_seconds"], tts+5; got != want {
		t.Errorf("sim_seconds: got %v, want time_to_sync_seconds + one period of 5 s, %v", got, want)
	}
	if s["until_sync"] != true {
		t.Errorf("until_sync: got %v, want true", s["until_sync"])
	}
	// The same run, stopped at the same tick by -duration, flashed alike.
	full := traceHash(t, "-grid", "50", "-seed", "1", "-duration", strconv.FormatFloat(tts+5, 'f', -1, 64)+"s")
	if s["trace_hash"] != full {
		t.Errorf("trace_hash: got %v, want %v as a run of the same length", s["trace_hash"], full)
	}
}
