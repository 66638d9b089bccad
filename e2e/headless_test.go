package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runHeadless runs the headless build to its end.
func runHeadless(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return run(t, headlessBin.get(t), args...)
}

// listsFlag reports whether -help's text lists the flag name.
func listsFlag(help, name string) bool {
	return regexp.MustCompile(`(?m)^\s+-` + regexp.QuoteMeta(name) + `\b`).MatchString(help)
}

func TestHeadlessBadInputExits2(t *testing.T) {
	for _, args := range [][]string{
		{"-grid", "0x5"}, {"-period", "-1s"}, {"-glow", "2"}, {"-workers", "0"},
		{"-bogus"}, {"-duration", "soon"}, {"-jitter", "10s"},
	} {
		_, stderr, code := runHeadless(t, args...)
		if code != 2 {
			t.Errorf("%v: exit status %d, want 2", args, code)
		}
		if !oneLine(stderr) {
			t.Errorf("%v: stderr %q, want one line and no stack trace", args, stderr)
		}
		if !strings.Contains(stderr, strings.TrimLeft(args[0], "-")) {
			t.Errorf("%v: stderr %q does not name the flag", args, stderr)
		}
	}
}

// TestHeadlessRefusesWindowFlags: what only a drawing build can do is
// refused by name, not ignored: the headless build has no camera to
// record the view of.
func TestHeadlessRefusesWindowFlags(t *testing.T) {
	for _, args := range [][]string{{"-draw", "rgba"}, {"-record-view", "camera", "-record", "r.gif"}} {
		stdout, stderr, code := runHeadless(t, args...)
		if code != 2 {
			t.Errorf("%v: exit status %d, want 2", args, code)
		}
		if want := args[0] + ": not in the headless build"; !oneLine(stderr) || !strings.Contains(stderr, want) {
			t.Errorf("%v: stderr %q, want one line with %q", args, stderr, want)
		}
		if stdout != "" {
			t.Errorf("%v: stdout %q, want nothing: the run must not start", args, stdout)
		}
	}
}

func TestHeadlessHelp(t *testing.T) {
	for _, arg := range []string{"-help", "-h", "--help"} {
		stdout, stderr, code := runHeadless(t, arg)
		if code != 0 || stderr != "" {
			t.Errorf("%s: exit status %d, stderr %q; want 0 and nothing", arg, code, stderr)
		}
		if !strings.Contains(stdout, "Flags of the headless build") {
			t.Errorf("%s: stdout lacks %q:\n%s", arg, "Flags of the headless build", stdout)
		}
		for _, name := range []string{"grid", "seed", "workers", "realtime", "metrics", "json", "screenshot", "record"} {
			if !listsFlag(stdout, name) {
				t.Errorf("%s: does not list -%s:\n%s", arg, name, stdout)
			}
		}
		for _, name := range []string{"draw"} {
			if listsFlag(stdout, name) {
				t.Errorf("%s: lists -%s, which the headless build refuses:\n%s", arg, name, stdout)
			}
		}
	}
	// -help=false asks for a run, not for the list.
	stdout, stderr, code := runHeadless(t, "-help=false", "-grid", "20", "-seed", "1", "-duration", "1s", "-json")
	if code != 0 {
		t.Fatalf("-help=false: exit status %d: %s", code, stderr)
	}
	if strings.Contains(stdout, "Flags of") || listsFlag(stdout, "grid") {
		t.Errorf("-help=false printed the flags:\n%s", stdout)
	}
	if got, want := summary(t, stdout)["ticks"], 60.0; got != want {
		t.Errorf("-help=false: ticks: got %v, want %v", got, want)
	}
}

func TestHeadlessJSONSummary(t *testing.T) {
	stdout, stderr, code := runHeadless(t, "-grid", "80x60", "-seed", "4", "-duration", "5s", "-workers", "2", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// With -json, stdout is the summary alone; the start line, which
	// names the seed in effect, and the report lines go to stderr.
	if !strings.Contains(stderr, "seed 4") || !strings.Contains(stderr, "Flashes/sec: ") {
		t.Errorf("stderr lacks the start line with the seed or a report line:\n%s", stderr)
	}
	if strings.Count(stdout, "\n") != 1 {
		t.Errorf("stdout: got %q, want the summary's one line alone", stdout)
	}
	s := summary(t, stdout)
	for _, key := range []string{"fireflies", "width", "height", "seed", "workers", "ticks", "sim_seconds",
		"wall_seconds", "ticks_per_second", "flashes", "flashes_per_second", "firefly_ticks_per_second",
		"r", "tick_ms_p50", "tick_ms_p99", "tick_ms_max", "allocs_per_tick", "trace_hash",
		"avalanches", "largest_avalanche", "mean_avalanche", "until_sync"} {
		if _, ok := s[key]; !ok {
			t.Errorf("summary lacks %q", key)
		}
	}
	if got, want := s["fireflies"], 4800.0; got != want {
		t.Errorf("fireflies: got %v, want %v", got, want)
	}
	if got, want := s["ticks"], 300.0; got != want {
		t.Errorf("ticks: got %v, want %v", got, want)
	}
	// The summary names its model: every parameter, defaults included.
	for key, want := range map[string]float64{"period_seconds": 5, "nudge_seconds": 0.2,
		"refractory_seconds": 1, "jitter_seconds": 0.1, "glow": 0.3, "width": 80, "height": 60, "seed": 4} {
		if got := s[key]; got != want {
			t.Errorf("%s: got %v, want %v", key, got, want)
		}
	}
	if f, _ := s["flashes"].(float64); f < 4800 {
		t.Errorf("flashes: got %v in 5 s, want at least one per firefly", f)
	}
	if h, _ := s["trace_hash"].(string); len(h) != 16 {
		t.Errorf("trace_hash: got %q, want 16 hex digits", h)
	}
}

// traceHash runs the headless build with -json and returns the summary's
// trace_hash.
func traceHash(t *testing.T, args ...string) string {
	t.Helper()
	stdout, stderr, code := runHeadless(t, append(args, "-json")...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, stderr)
	}
	h, _ := summary(t, stdout)["trace_hash"].(string)
	return h
}

func TestHeadlessTraceDependsOnSeedNotWorkers(t *testing.T) {
	hash := func(seed, workers string) string {
		return traceHash(t, "-grid", "300x200", "-seed", seed, "-duration", "8s", "-workers", workers)
	}
	want := hash("21", "1")
	for _, w := range []string{"2", "3", "7"} {
		if got := hash("21", w); got != want {
			t.Errorf("workers %s: trace %s, want %s", w, got, want)
		}
	}
	if other := hash("22", "2"); other == want {
		t.Errorf("seeds 21 and 22 both gave trace %s", want)
	}
}

// TestPinnedTraces: the model's flashes, tick by tick, are pinned for a
// few runs, so that a change to the model or to its random numbers shows
// here, whatever the number of workers.
func TestPinnedTraces(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-grid", "45x33", "-seed", "21", "-duration", "60s"}, "f70b2515eb21710e"},
		{[]string{"-grid", "64", "-seed", "9", "-duration", "300s"}, "c4bdffa9673c2723"},
		// Bursts: a one-second period, nudges a whole period long.
		{[]string{"-grid", "200x120", "-seed", "4", "-duration", "30s", "-period", "1s", "-nudge", "1s",
			"-refractory", "200ms", "-jitter", "5ms"}, "587eac5d057db4ff"},
		// No coupling: each firefly on its own.
		{[]string{"-grid", "37x91", "-seed", "11", "-nudge", "0", "-duration", "120s"}, "287625cca2640213"},
	} {
		for _, workers := range []string{"1", "3"} {
			if got := traceHash(t, append(tc.args, "-workers", workers)...); got != tc.want {
				t.Errorf("%v -workers %s: trace got %s, want %s", tc.args, workers, got, tc.want)
			}
		}
	}
}

func TestHeadlessReportLines(t *testing.T) {
	stdout, _, code := runHeadless(t, "-grid", "50", "-seed", "1", "-duration", "2s", "-realtime")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	// A paced 2 s run lasts at least 2 s, so at least one line a second.
	if n := strings.Count(stdout, "Flashes/sec: "); n < 2 {
		t.Errorf("got %d report lines in a 2 s realtime run, want at least 2:\n%s", n, stdout)
	}
	if !strings.Contains(stdout, "(Total: ") || !strings.Contains(stdout, "ticks/s: ") || !strings.Contains(stdout, "R: ") {
		t.Errorf("report lines lack Total, ticks/s or R:\n%s", stdout)
	}
}

func TestHeadlessRealtimeIsPaced(t *testing.T) {
	t0 := time.Now()
	_, _, code := runHeadless(t, "-grid", "50", "-seed", "1", "-duration", "1s", "-realtime")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	// Not a timing assertion on the machine's speed: 60 paced ticks cannot
	// take less than 59 periods of 1/60 s however fast it is.
	if d := time.Since(t0); d < 980*time.Millisecond {
		t.Errorf("a realtime 1 s run took %v, want about a second", d)
	}
}

// reportTotal matches a report line's flash count so far.
var reportTotal = regexp.MustCompile(`Flashes/sec: [\d,]+ \(Total: ([\d,]+)\)`)

func TestHeadlessInterruptStillSummarises(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		c := start(t, nil, headlessBin.get(t), "-grid", "100", "-seed", "2", "-duration", "1h", "-realtime", "-json")
		var total string
		c.waitUntil(t, "a report line", func() bool {
			m := reportTotal.FindStringSubmatch(c.stderr.String())
			if m != nil {
				total = m[1]
			}
			return m != nil
		})
		c.stop(t, sig)
		s := summary(t, c.stdout.String())
		if ticks, _ := s["ticks"].(float64); ticks < 1 || ticks >= 60*60*60 {
			t.Errorf("%v: summary after %v ticks, want the ticks run before the signal", sig, ticks)
		}
		// The summary counts at least what the report had counted.
		seen, _ := strconv.Atoi(strings.ReplaceAll(total, ",", ""))
		if f, _ := s["flashes"].(float64); f < float64(seen) {
			t.Errorf("%v: summary has %v flashes, want at least the %d of the report line before the signal", sig, f, seen)
		}
	}
}

func TestHeadlessInterruptLeavesCompleteMetrics(t *testing.T) {
	const before = 3 // lines written before the signal
	log := filepath.Join(t.TempDir(), "m.jsonl")
	c := start(t, nil, headlessBin.get(t), "-grid", "64", "-seed", "3", "-duration", "1h", "-realtime",
		"-metrics", log, "-metrics-interval", "500ms")
	c.waitUntil(t, "metrics lines", func() bool { return completeLines(log) >= before })
	c.stop(t, syscall.SIGINT)
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(data, []byte("\n")) {
		t.Fatalf("metrics file does not end with a complete line: %q", data[max(0, len(data)-80):])
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) < before {
		t.Fatalf("got %d lines after the signal, want at least the %d written before it", len(lines), before)
	}
	for i, l := range lines {
		if err := json.Unmarshal([]byte(l), new(map[string]any)); err != nil {
			t.Errorf("line %d is not JSON: %v\n%s", i+1, err, l)
		}
	}
	var last map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil {
		t.Fatalf("last line is not JSON: %v\n%s", err, lines[len(lines)-1])
	}
	for _, key := range []string{"ts", "sim_time", "update_ms", "flash_count", "tps"} {
		if _, ok := last[key]; !ok {
			t.Errorf("last line lacks %q: %s", key, lines[len(lines)-1])
		}
	}
	upd, _ := last["update_ms"].(map[string]any)
	for _, stat := range []string{"avg", "max", "min", "sum", "count"} {
		if _, ok := upd[stat].(float64); !ok {
			t.Errorf("update_ms lacks %q: %v", stat, upd)
		}
	}
	// The analyze subcommand reads what the run wrote.
	stdout, stderr, code := runHeadless(t, "analyze", log)
	if code != 0 || !strings.Contains(stdout, "lines read") {
		t.Errorf("analyze: exit %d\n%s%s", code, stdout, stderr)
	}
}

func TestHeadlessUnwritableOutputsExit2(t *testing.T) {
	for _, flag := range []string{"-metrics", "-cpuprofile", "-memprofile", "-trace"} {
		_, stderr, code := runHeadless(t, flag, "/no/such/dir/out", "-duration", "1s")
		if code != 2 || !oneLine(stderr) || !strings.Contains(stderr, flag+":") {
			t.Errorf("%s to an unwritable path: exit %d, stderr %q; want 2 and one line naming the flag", flag, code, stderr)
		}
	}
}

func TestHeadlessRenderMode(t *testing.T) {
	stdout, stderr, code := runHeadless(t, "-mode", "render", "-sources", "5000", "-rate", "2", "-grid", "50", "-seed", "1", "-duration", "10s", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	s := summary(t, stdout)
	if s["mode"] != "render" {
		t.Errorf("mode: got %v, want render", s["mode"])
	}
	// 5,000 sources at 2 events a second for 10 s, on 2,500 cells: most
	// ticks light some cells twice, and a cell flashes once a tick.
	if e, _ := s["events"].(float64); e < 99_000 || e > 100_001 {
		t.Errorf("events: got %v, want 100,000", e)
	}
	if f, _ := s["flashes"].(float64); f < 50_000 || f >= 100_000 {
		t.Errorf("flashes: got %v, want the cells lit, fewer than the 100,000 events", f)
	}
	if h, _ := s["trace_hash"].(string); h == "" || h == "0000000000000000" {
		t.Errorf("trace_hash: got %q, want the render mode's flashes hashed", h)
	}
	for _, key := range []string{"flush_ms_p50", "flush_ms_p99", "flush_ms_max"} {
		if v, _ := s[key].(float64); v <= 0 {
			t.Errorf("%s: got %v, want a positive time", key, s[key])
		}
	}
}

func TestHeadlessProfilesOpen(t *testing.T) {
	bin := headlessBin.get(t)
	dir := t.TempDir()
	cpu, mem, tr := filepath.Join(dir, "cpu.pprof"), filepath.Join(dir, "mem.pprof"), filepath.Join(dir, "run.trace")
	_, stderr, code := runHeadless(t, "-grid", "256", "-seed", "1", "-duration", "20s", "-cpuprofile", cpu, "-memprofile", mem, "-trace", tr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, p := range []string{cpu, mem} {
		out, err := exec.Command("go", "tool", "pprof", "-top", bin, p).CombinedOutput()
		if err != nil {
			t.Errorf("go tool pprof %s: %v\n%s", filepath.Base(p), err, out)
		}
	}
	out, err := exec.Command("go", "tool", "pprof", "-top", bin, cpu).CombinedOutput()
	if err == nil && !strings.Contains(string(out), "systems.") {
		t.Errorf("the CPU profile shows no simulation system:\n%s", out)
	}
	out, err = exec.Command("go", "tool", "trace", "-pprof=sched", tr).CombinedOutput()
	if err != nil {
		t.Errorf("go tool trace: %v\n%s", err, out)
	}
}
