//go:build headless

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

var headlessBin string

// TestMain builds the headless program once, with cgo off as users build it.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "fireflies-e2e")
	if err != nil {
		panic(err)
	}
	headlessBin = filepath.Join(dir, "fireflies-headless")
	build := exec.Command("go", "build", "-tags", "headless", "-o", headlessBin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runHeadless runs the program and returns stdout, stderr and exit code.
func runHeadless(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	return runCommand(t, headlessBin, args...)
}

// runCommand runs a program and returns stdout, stderr and exit code.
func runCommand(t *testing.T, name string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// summary parses the JSON object on the last line of stdout.
func summary(t *testing.T, stdout string) map[string]any {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	var s map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &s); err != nil {
		t.Fatalf("last line %q is not JSON: %v", lines[len(lines)-1], err)
	}
	return s
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
		if lines := strings.Count(strings.TrimSpace(stderr), "\n") + 1; lines != 1 || strings.Contains(stderr, "goroutine") {
			t.Errorf("%v: stderr %q, want one line and no stack trace", args, stderr)
		}
		if !strings.Contains(stderr, strings.TrimLeft(args[0], "-")) {
			t.Errorf("%v: stderr %q does not name the flag", args, stderr)
		}
	}
}

func TestHeadlessJSONSummary(t *testing.T) {
	stdout, stderr, code := runHeadless(t, "-grid", "80x60", "-seed", "4", "-duration", "5s", "-workers", "2", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "seed 4") {
		t.Errorf("stdout does not print the seed in effect:\n%s", stdout)
	}
	s := summary(t, stdout)
	for _, key := range []string{"fireflies", "width", "height", "seed", "workers", "ticks", "sim_seconds",
		"wall_seconds", "ticks_per_second", "flashes", "flashes_per_second", "firefly_ticks_per_second",
		"r", "tick_ms_p50", "tick_ms_p99", "tick_ms_max", "allocs_per_tick", "trace_hash"} {
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
	if f, _ := s["flashes"].(float64); f < 4800 {
		t.Errorf("flashes: got %v in 5 s, want at least one per firefly", f)
	}
	if h, _ := s["trace_hash"].(string); len(h) != 16 {
		t.Errorf("trace_hash: got %q, want 16 hex digits", h)
	}
}

func TestHeadlessTraceDependsOnSeedNotWorkers(t *testing.T) {
	hash := func(seed string, workers string) string {
		stdout, stderr, code := runHeadless(t, "-grid", "300x200", "-seed", seed, "-duration", "8s", "-workers", workers, "-json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		return summary(t, stdout)["trace_hash"].(string)
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

func TestHeadlessReportLines(t *testing.T) {
	stdout, _, code := runHeadless(t, "-grid", "50", "-seed", "1", "-duration", "2s", "-realtime")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
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

func TestHeadlessInterruptStillSummarises(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		cmd := exec.Command(headlessBin, "-grid", "100", "-seed", "2", "-duration", "1h", "-realtime", "-json")
		var out bytes.Buffer
		cmd.Stdout = &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(1500 * time.Millisecond)
		cmd.Process.Signal(sig)
		if err := cmd.Wait(); err != nil {
			t.Fatalf("%v: %v", sig, err)
		}
		s := summary(t, out.String())
		if ticks, _ := s["ticks"].(float64); ticks < 30 || ticks > 60*60 {
			t.Errorf("%v: summary after %v ticks, want the ticks run before the signal", sig, ticks)
		}
	}
}

func TestHeadlessInterruptLeavesCompleteMetrics(t *testing.T) {
	log := filepath.Join(t.TempDir(), "m.jsonl")
	cmd := exec.Command(headlessBin, "-grid", "64", "-seed", "3", "-duration", "1h", "-realtime",
		"-metrics", log, "-metrics-interval", "500ms")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2300 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGINT)
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(data, []byte("\n")) {
		t.Fatalf("metrics file does not end with a complete line: %q", data[max(0, len(data)-80):])
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) < 4 {
		t.Fatalf("got %d lines after ~2.3 s at 0.5 s intervals, want at least 4 (the partial last included)", len(lines))
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
		if code != 2 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, flag+":") {
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
	// 5,000 sources at 2 flashes a second for 10 s.
	if f, _ := s["flashes"].(float64); f < 99_000 || f > 100_001 {
		t.Errorf("flashes: got %v, want 100,000", f)
	}
	for _, key := range []string{"flush_ms_p50", "flush_ms_p99", "flush_ms_max"} {
		if v, _ := s[key].(float64); v <= 0 {
			t.Errorf("%s: got %v, want a positive time", key, s[key])
		}
	}
}

func TestHeadlessProfilesOpen(t *testing.T) {
	dir := t.TempDir()
	cpu, mem, tr := filepath.Join(dir, "cpu.pprof"), filepath.Join(dir, "mem.pprof"), filepath.Join(dir, "run.trace")
	_, stderr, code := runHeadless(t, "-grid", "256", "-seed", "1", "-duration", "20s", "-cpuprofile", cpu, "-memprofile", mem, "-trace", tr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, p := range []string{cpu, mem} {
		out, err := exec.Command("go", "tool", "pprof", "-top", headlessBin, p).CombinedOutput()
		if err != nil {
			t.Errorf("go tool pprof %s: %v\n%s", filepath.Base(p), err, out)
		}
	}
	out, err := exec.Command("go", "tool", "pprof", "-top", headlessBin, cpu).CombinedOutput()
	if err == nil && !strings.Contains(string(out), "systems.") {
		t.Errorf("the CPU profile shows no simulation system:\n%s", out)
	}
	out, err = exec.Command("go", "tool", "trace", "-pprof=sched", tr).CombinedOutput()
	if err != nil {
		t.Errorf("go tool trace: %v\n%s", err, out)
	}
}
