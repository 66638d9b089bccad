package runner_test

import (
	"bytes"
	"encoding/json"
	"image/gif"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/runner"
)

// run drives the skeleton as the headless loop does, to the run's end.
func run(t *testing.T, args ...string) (*runner.Run, map[string]any, error) {
	t.Helper()
	cfg, err := config.Parse(append([]string{"-json"}, args...), config.Headless, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	r, err := runner.Start(cfg, runner.Options{CountTPS: true, Stdout: &out})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for !r.Done() && r.Tick() {
	}
	err = r.Finish(func(w io.Writer, s report.Summary) { report.WriteJSON(w, s) })
	var sum map[string]any
	if jerr := json.Unmarshal(out.Bytes(), &sum); jerr != nil {
		t.Fatalf("%s: %v", out.Bytes(), jerr)
	}
	return r, sum, err
}

// TestPinnedTraceThroughTheSkeleton runs a pinned trace through Start,
// Tick and Finish: its duration's ticks exactly, its hash, and the journal
// ended with them.
func TestPinnedTraceThroughTheSkeleton(t *testing.T) {
	journal := filepath.Join(t.TempDir(), "j.jsonl")
	r, sum, err := run(t, "-grid=45x33", "-seed=21", "-duration=60s", "-workers=3", "-journal="+journal)
	if err != nil {
		t.Fatal(err)
	}
	if r.Ticks != 3600 || sum["ticks"] != 3600.0 {
		t.Errorf("got %d ticks (summary %v), want 3600", r.Ticks, sum["ticks"])
	}
	if got, want := sum["trace_hash"], "f70b2515eb21710e"; got != want {
		t.Errorf("got trace %v, want %s", got, want)
	}
	if sum["duration_seconds"] != 60.0 || sum["width"] != 45.0 || sum["period_seconds"] != 5.0 {
		t.Errorf("the summary's parameters: %v", sum)
	}
	b, err := os.ReadFile(journal)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if last := lines[len(lines)-1]; !strings.Contains(last, `"tick":3600`) || !strings.Contains(last, "f70b2515eb21710e") {
		t.Errorf("the journal's last line %s, want its end at tick 3600 with the trace hash", last)
	}
}

// TestUntilSyncEndsTheRun: -until-sync's run is done at synchronisation,
// before its duration.
func TestUntilSyncEndsTheRun(t *testing.T) {
	r, sum, err := run(t, "-grid=24", "-seed=3", "-nudge=300ms", "-duration=600s", "-until-sync")
	if err != nil {
		t.Fatal(err)
	}
	if !r.Sim.Synced() || r.Ticks >= 36000 {
		t.Errorf("got %d ticks, synced %v: want the run to end at synchronisation", r.Ticks, r.Sim.Synced())
	}
	if sum["until_sync"] != true || sum["time_to_sync_seconds"] == nil {
		t.Errorf("summary: until_sync %v, time_to_sync_seconds %v", sum["until_sync"], sum["time_to_sync_seconds"])
	}
}

// TestStartRefusesWhatItCannotOpen: an output that cannot be written
// fails Start with the flag's error, and what Start opened is closed.
func TestStartRefusesWhatItCannotOpen(t *testing.T) {
	dir := t.TempDir()
	for flag, name := range map[string]string{"-metrics": "m.jsonl", "-journal": "j.jsonl", "-screenshot": "s.png", "-record": "r.gif"} {
		cfg, err := config.Parse([]string{"-grid=8", "-seed=1", flag + "=" + filepath.Join(dir, "no", "such", name)}, config.Headless, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		r, err := runner.Start(cfg, runner.Options{Stdout: io.Discard})
		if err == nil || r != nil {
			t.Errorf("%s to a missing folder: got %v, %v; want an error and no run", flag, r, err)
			continue
		}
		if !strings.Contains(err.Error(), strings.TrimPrefix(flag, "-")) {
			t.Errorf("%s: %v does not name the flag", flag, err)
		}
	}
}

// TestRecordingStartsAndStops: a recording started in the middle of a
// run (the window's F9, the page's Record button) holds the frames from
// then on, by -record-every, and stopping it hands back the GIF.
func TestRecordingStartsAndStops(t *testing.T) {
	cfg, err := config.Parse([]string{"-grid=16x8", "-seed=2", "-duration=10s", "-record-every=500ms", "-record-size=64x32"}, config.Headless, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	r, err := runner.Start(cfg, runner.Options{Stdout: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for range 60 {
		r.Tick()
	}
	if r.Recording() {
		t.Fatal("recording without -record or a start")
	}
	if err := r.StartRecording(""); err != nil {
		t.Fatal(err)
	}
	for range 120 { // 2 s: frames on ticks 61, 91, 121, 151
		r.Tick()
	}
	data, path, frames, err := r.StopRecording()
	if err != nil || path != "" {
		t.Fatalf("stop: %v, %q", err, path)
	}
	g, err := gif.DecodeAll(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if frames != 4 || len(g.Image) != 4 || g.Config.Width != 64 || g.Config.Height != 32 {
		t.Errorf("got %d frames (%d decoded) of %dx%d, want 4 of 64x32 (4 pixels a cell)", frames, len(g.Image), g.Config.Width, g.Config.Height)
	}
	if r.Recording() {
		t.Error("still recording after the stop")
	}
	if _, _, _, err := r.StopRecording(); err == nil {
		t.Error("a second stop: no error")
	}
}
