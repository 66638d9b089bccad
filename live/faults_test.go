package live_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
	"weak"

	"github.com/firefly-observatory/fireflies/input"
	"github.com/firefly-observatory/fireflies/live"
)

// TestReadJournalFileInterrupted: a journal that is a FIFO nobody opens to
// write keeps the reading waiting until the run is asked to end, then
// gives way with input.ErrInterrupted.
func TestReadJournalFileInterrupted(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "j.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	ended := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		_, err := live.ReadJournalFile(fifo, ended, false)
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("got %v before the end was asked for; want the reading to wait", err)
	case <-time.After(200 * time.Millisecond):
	}
	close(ended)
	select {
	case err := <-done:
		if !errors.Is(err, input.ErrInterrupted) || !strings.Contains(err.Error(), "-replay "+fifo) {
			t.Errorf("got %v, want -replay %s: interrupted", err, fifo)
		}
	case <-time.After(time.Minute):
		t.Fatal("the reading still waits after the end was asked for")
	}
}

// TestReadJournalFileUnended: the journal of a run killed before its end (its
// header and events, no end line) is refused as stopping short, unless
// asked for; then it replays for as long as it is run, and not to an end
// it does not have.
func TestReadJournalFileUnended(t *testing.T) {
	journal, _, _ := liveRun(t, "1")
	lines := bytes.SplitAfter(bytes.TrimSuffix(journal, []byte("\n")), []byte("\n"))
	cut := bytes.Join(lines[:len(lines)-1], nil)
	path := filepath.Join(t.TempDir(), "cut.jsonl")
	if err := os.WriteFile(path, cut, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := live.ReadJournalFile(path, nil, false); err == nil || !strings.Contains(err.Error(), "no end line") {
		t.Errorf("without asking: got %v, want no end line", err)
	}
	j, err := live.ReadJournalFile(path, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if j.Ended || len(j.Events) != len(lines)-2 {
		t.Errorf("got Ended %v and %d events, want false and the %d in the file", j.Ended, len(j.Events), len(lines)-2)
	}
	cfg := parse(t, "-workers", "1")
	if _, err := live.NewReplay(cfg, j, nil, true, nil); err == nil {
		t.Error("a replay to the end of a journal without one was made")
	}
	s, err := live.NewReplay(cfg, j, nil, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for range 2000 {
		if !s.Tick() {
			t.Fatalf("the replay stopped at tick %d; want it to run as long as it is run", s.Sim().Swarm.Tick)
		}
	}
	if s.Done() || s.EndMismatch() != "" {
		t.Errorf("Done %v, EndMismatch %q; want neither, with no end to reach", s.Done(), s.EndMismatch())
	}
}

// TestTickLimit: a world runs to live.TickLimit and no further, says so,
// and never shows a tick past it; a journal with a tick past it is
// refused by line.
func TestTickLimit(t *testing.T) {
	s, err := live.New(parse(t, "-grid", "8", "-seed", "1", "-workers", "1"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Sim().Swarm.Tick = live.TickLimit - 2
	for i := range 3 {
		ran := s.Tick()
		if want := i < 2; ran != want {
			t.Errorf("tick %d before the limit: ran %v, want %v", 2-i, ran, want)
		}
	}
	if got := s.Sim().Swarm.Tick; got != live.TickLimit || !s.AtLimit() {
		t.Errorf("at tick %d (at the limit %v), want %d", got, s.AtLimit(), live.TickLimit)
	}
	if !strings.Contains(s.Note(), "runs no further") {
		t.Errorf("note %q, want it to say the world runs no further", s.Note())
	}
	journal := s.Journal()
	end := bytes.LastIndex(bytes.TrimSuffix(journal, []byte("\n")), []byte("\n"))
	past := string(journal[:end+1]) + `{"tick":2147483000,"control":"pause"}` + "\n"
	if _, err := live.ReadJournal(strings.NewReader(past), "j"); err == nil || !strings.Contains(err.Error(), "j:2: tick 2147483000, want 0 to") {
		t.Errorf("a tick past the limit: got %v, want it refused on line 2", err)
	}
}

// TestRestartLetsTheOldWorldGo: after a reset the old world's columns are
// garbage even while a frontend still holds the old Sim (as the runner
// and the window do until they follow the session to its new world), so
// that the new world is built in the memory the old one leaves.
func TestRestartLetsTheOldWorldGo(t *testing.T) {
	s, err := live.New(parse(t, "-grid", "256", "-seed", "1", "-workers", "2"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ticks(s, 5)
	old := s.Sim()
	phase := weak.Make(&old.Swarm.Phase[0])
	if err := s.Control("reset"); err != nil {
		t.Fatal(err)
	}
	s.Tick()
	if s.Sim() == old {
		t.Fatal("the reset made no new world")
	}
	runtime.GC()
	if phase.Value() != nil {
		t.Error("the old world's columns are still reachable through the Sim a frontend holds")
	}
	runtime.KeepAlive(old)
	if old.Swarm.Width != 256 { // what a frontend may still read: the size, the tick

		t.Errorf("the closed world's width %d, want 256", old.Swarm.Width)
	}
}
