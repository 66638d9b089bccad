package e2e

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/firefly-observatory/fireflies/report"
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
	if lines[0] != "t,r,flashes,waves,pulse,largest_avalanche,synced,sync_episodes" {
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

// classroomJournal is the teacher's demonstration as a journal: -preset
// classroom falls into step by 20.5 s, the coupling goes off at 40 s (as
// K does) and it falls apart, below R 0.8 at 48 s; back on at 90 s, it is
// in step again at 114.5 s.
const classroomJournal = `{"format":"fireflies-journal","version":1,"flags":["-grid=40x30","-seed=1","-preset=classroom"]}
{"tick":2400,"set":"nudge","value":"0s"}
{"tick":5400,"set":"nudge","value":"400ms"}
`

// TestSeriesCarriesSyncState: -series' synced and sync_episodes follow
// the demonstration — 0, 1 once in step, 0 once it has fallen apart, 1
// again, a second episode — and agree with the summary: the first 1 a
// period after time_to_sync_seconds, the last 1 → 0 at
// lost_sync_at_seconds, the last line's synced and sync_episodes the
// summary's. The file is the same byte for byte with 1 and 3 workers and
// under Node.
func TestSeriesCarriesSyncState(t *testing.T) {
	journal := writeJournal(t, "classroom.jsonl", classroomJournal)
	runs := map[string]func(args ...string) (string, string, int){"1 worker": headlessRunner(t), "3 workers": headlessRunner(t), "Node": nodeRunner(t)}
	extra := map[string][]string{"1 worker": {"-workers", "1"}, "3 workers": {"-workers", "3"}}
	files := map[string][]byte{}
	var sum map[string]any
	for name, runner := range runs {
		path := filepath.Join(t.TempDir(), "series.csv")
		args := append([]string{"-replay", journal, "-duration", "150s", "-series", path, "-series-every", "500ms", "-json"}, extra[name]...)
		stdout, stderr, code := runner(args...)
		if code != 0 {
			t.Fatalf("%s: %v: exit %d: %s", name, args, code, stderr)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
		if name == "1 worker" {
			sum = summary(t, stdout)
		}
	}
	for _, name := range []string{"3 workers", "Node"} {
		if !bytes.Equal(files[name], files["1 worker"]) {
			t.Errorf("%s: the series differs from 1 worker's (%d and %d bytes)", name, len(files[name]), len(files["1 worker"]))
		}
	}
	lines := strings.Split(strings.TrimSuffix(string(files["1 worker"]), "\n"), "\n")
	header := lines[0]
	synced, episodes := report.SeriesColumn(header, "synced"), report.SeriesColumn(header, "sync_episodes")
	if synced < 0 || episodes < 0 {
		t.Fatalf("header %q: want synced and sync_episodes columns", header)
	}
	// The changes of synced, as t:synced/episodes.
	var changes []string
	state, count, lostAt, firstAt := "0", "0", -1.0, -1.0
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		if f[synced] != "0" && f[synced] != "1" {
			t.Fatalf("line %q: synced %q, want 0 or 1", l, f[synced])
		}
		if f[synced] != state || f[episodes] != count {
			changes = append(changes, f[0]+":"+f[synced]+"/"+f[episodes])
			tm, _ := strconv.ParseFloat(f[0], 64)
			if f[synced] == "0" {
				lostAt = tm
			} else if firstAt < 0 {
				firstAt = tm
			}
		}
		state, count = f[synced], f[episodes]
	}
	if got, want := strings.Join(changes, " "), "20.5:1/1 48:0/1 114.5:1/2"; got != want {
		t.Errorf("synced/sync_episodes change at %s, want %s: in step, fallen apart with the coupling off, in step again", got, want)
	}
	if s, ok := sum["synced"].(bool); !ok || s != (state == "1") {
		t.Errorf("the last line's synced is %s, the summary's %v", state, sum["synced"])
	}
	if n, _ := sum["sync_episodes"].(float64); strconv.Itoa(int(n)) != count {
		t.Errorf("the last line's sync_episodes is %s, the summary's %v", count, sum["sync_episodes"])
	}
	if at, _ := sum["lost_sync_at_seconds"].(float64); at != lostAt {
		t.Errorf("synced last went to 0 at t = %v, the summary's lost_sync_at_seconds is %v", lostAt, sum["lost_sync_at_seconds"])
	}
	// An episode begins once R has held at 0.9 for a period (5 s).
	if tts, _ := sum["time_to_sync_seconds"].(float64); firstAt != tts+5 {
		t.Errorf("synced first 1 at t = %v, want a period after the summary's time_to_sync_seconds %v", firstAt, sum["time_to_sync_seconds"])
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
