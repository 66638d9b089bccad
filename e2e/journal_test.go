package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// journalHeader is a journal's first line for a 64×48 grid, seed 8.
const journalHeader = `{"format":"fireflies-journal","version":1,"flags":["-grid=64x48","-period=5s","-nudge=200ms","-refractory=1s","-jitter=100ms","-glow=0.3","-seed=8","-preset=default","-deaf-flashes=drop","-refractory-clock=time","-start-deaf=false","-r-from=phases"]}`

// liveEvents are a live run's changes of every kind: settings, brushes,
// pause and steps, speed, a reset, a reseed and a new grid.
const liveEvents = `{"tick":60,"set":"nudge","value":"300ms"}
{"tick":60,"paint":"pacemaker","x":10,"y":10,"radius":3}
{"tick":60,"paint":"silence","x":63,"y":0,"radius":4}
{"tick":200,"control":"pause"}
{"tick":200,"control":"step"}
{"tick":201,"control":"step"}
{"tick":202,"paint":"flash","x":30,"y":20,"radius":5}
{"tick":202,"control":"resume"}
{"tick":202,"speed":16}
{"tick":400,"paint":"scramble","x":40,"y":40,"radius":8}
{"tick":400,"set":"period","value":"3s"}
{"tick":700,"control":"reset"}
{"tick":0,"paint":"pacemaker","x":1,"y":1,"radius":2}
{"tick":300,"control":"reseed","seed":"4242"}
{"tick":120,"set":"grid","value":"50x40"}
{"tick":0,"paint":"erase","x":1,"y":1,"radius":2}
{"tick":30,"set":"jitter","value":"20ms"}
`

func writeJournal(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

var mismatch = regexp.MustCompile(`^fireflies: the replay reached trace_hash ([0-9a-f]{16}) at tick 900; \S+ says 0000000000000000 at tick 900\n$`)

// TestJournalReplaysAcrossWorkers: a journal of live changes, replayed by
// the headless build with 1 and 3 workers (and under Node), reaches the
// same trace hash at the same tick; a journal whose end says otherwise
// fails the replay, saying what it reached.
func TestJournalReplaysAcrossWorkers(t *testing.T) {
	wrong := writeJournal(t, "wrong.jsonl", journalHeader+"\n"+liveEvents+`{"end":true,"tick":900,"trace_hash":"0000000000000000"}`+"\n")
	again := filepath.Join(t.TempDir(), "again.jsonl")
	_, stderr, code := runHeadless(t, "-replay", wrong, "-workers", "2", "-journal", again)
	m := mismatch.FindStringSubmatch(stderr)
	if code != 1 || m == nil {
		t.Fatalf("a journal with a wrong end: exit %d, stderr %q; want 1 and the hash reached", code, stderr)
	}
	hash := m[1]
	text, err := os.ReadFile(again)
	if err != nil {
		t.Fatal(err)
	}
	// The replay's own journal holds the same events and the true end.
	lines := strings.Split(strings.TrimSpace(string(text)), "\n")
	if got, want := strings.Join(lines[1:len(lines)-1], "\n"), strings.TrimSpace(liveEvents); got != want {
		t.Errorf("the replay's journal's events:\n%s\nwant\n%s", got, want)
	}
	if want := `{"end":true,"tick":900,"trace_hash":"` + hash + `"}`; lines[len(lines)-1] != want {
		t.Errorf("the replay's journal ends %s, want %s", lines[len(lines)-1], want)
	}
	for _, w := range []string{"1", "3"} {
		stdout, stderr, code := runHeadless(t, "-replay", again, "-workers", w, "-json")
		if code != 0 {
			t.Fatalf("-workers %s: exit %d: %s", w, code, stderr)
		}
		s := summary(t, stdout)
		if s["trace_hash"] != hash || s["ticks"] != 900.0 || s["width"] != 50.0 || s["seed"] != 4242.0 {
			t.Errorf("-workers %s: got trace_hash %v at tick %v (%vx%v, seed %v), want %s at 900 (50x40, seed 4242)",
				w, s["trace_hash"], s["ticks"], s["width"], s["height"], s["seed"], hash)
		}
	}
	// -duration runs on past the journal's end, applying its events on the way.
	stdout, stderr, code := runHeadless(t, "-replay", again, "-duration", "30s", "-json")
	if s := summary(t, stdout); code != 0 || s["trace_hash"] == hash {
		t.Errorf("-duration 30s: exit %d (%s), trace_hash %v; want 0 and another hash than at the end", code, stderr, s["trace_hash"])
	}
	runNode := nodeRunner(t)
	stdout, stderr, code = runNode("-replay", again, "-json")
	if code != 0 {
		t.Fatalf("under Node: exit %d: %s", code, stderr)
	}
	if got := summary(t, stdout)["trace_hash"]; got != hash {
		t.Errorf("under Node: trace_hash %v, want %s", got, hash)
	}
}

// TestHeadlessJournalOfAPlainRun: a headless run's journal holds its flags
// and its end, and replays to the same summary.
func TestHeadlessJournalOfAPlainRun(t *testing.T) {
	j := filepath.Join(t.TempDir(), "run.jsonl")
	want := traceHash(t, "-grid", "45x33", "-seed", "21", "-duration", "60s", "-journal", j)
	if want != "f70b2515eb21710e" {
		t.Fatalf("with -journal: trace_hash %s, want the pinned f70b2515eb21710e", want)
	}
	if got := traceHash(t, "-replay", j, "-workers", "3"); got != want {
		t.Errorf("replayed: trace_hash %s, want %s", got, want)
	}
}

// TestReplayRefusesBadJournals: one line naming the file, the line and
// what is wrong; status 2.
func TestReplayRefusesBadJournals(t *testing.T) {
	end := `{"end":true,"tick":10,"trace_hash":"0123456789abcdef"}`
	for _, tc := range []struct{ name, text, want string }{
		{"version", strings.Replace(journalHeader, `"version":1`, `"version":7`, 1) + "\n" + end + "\n",
			`:1: journal format version 7; this program reads version 1`},
		{"garbage", journalHeader + "\n" + `{"tick":3,"set":"nudge","value":"1s"}` + "\n" + "{tick: 4}\n" + end + "\n",
			`:3: not a journal line: invalid character 't' looking for beginning of object key string`},
		{"bad value", journalHeader + "\n" + `{"tick":3,"set":"nudge","value":"fast"}` + "\n" + end + "\n",
			`:2: -nudge: got fast, want a duration >= 0, such as 200ms`},
		{"outside", journalHeader + "\n" + `{"tick":3,"paint":"flash","x":64,"y":0,"radius":1}` + "\n" + end + "\n",
			`:2: paint: cell 64,0 is outside the 64x48 grid`},
		{"backwards", journalHeader + "\n" + `{"tick":5,"speed":2}` + "\n" + `{"tick":4,"speed":4}` + "\n" + end + "\n",
			`:3: tick 4 comes before the previous event's 5 in the same world`},
		{"no end", journalHeader + "\n" + `{"tick":5,"speed":2}` + "\n",
			`:2: no end line: the journal stops short (was its run killed?)`},
	} {
		path := writeJournal(t, tc.name+".jsonl", tc.text)
		stdout, stderr, code := runHeadless(t, "-replay", path)
		if want := "fireflies: " + path + tc.want + "\n"; code != 2 || stderr != want || stdout != "" {
			t.Errorf("%s: exit %d, stderr %q; want 2 and %q", tc.name, code, stderr, want)
		}
	}
}

// TestHeadlessUnwritableJournalExits2: a -journal that cannot be written
// is bad input, found before the run.
func TestHeadlessUnwritableJournalExits2(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "dir", "run.jsonl")
	_, stderr, code := runHeadless(t, "-grid", "10", "-seed", "1", "-duration", "1s", "-journal", path)
	if want := "fireflies: -journal: cannot write the file: no such file or directory\n"; code != 2 || stderr != want {
		t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, want)
	}
}
