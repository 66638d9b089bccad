package live_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/firefly-observatory/fireflies/live"
)

// TestJournalAsEditorsSaveIt: a journal with a byte-order mark in front
// (as some editors save one) and blank lines after its end line (as
// `jq -r` prints the page's journal) reads as the journal itself.
func TestJournalAsEditorsSaveIt(t *testing.T) {
	journal, _, tick := liveRun(t, "1")
	want, err := live.ReadJournal(bytes.NewReader(journal), "j")
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		"a byte-order mark":     "\ufeff" + string(journal),
		"blank lines after end": string(journal) + "\n\n  \n",
	} {
		got, err := live.ReadJournal(strings.NewReader(text), "j")
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got.EndTick != want.EndTick || got.TraceHash != want.TraceHash || got.EndTick != tick {
			t.Errorf("%s: ends at %d %s, want %d %s", name, got.EndTick, got.TraceHash, want.EndTick, want.TraceHash)
		}
	}
	// A line after the end that is not blank is still refused.
	if _, err := live.ReadJournal(strings.NewReader(string(journal)+`{"tick":1}`+"\n"), "j"); err == nil {
		t.Error("a line after the end line was read")
	}
}
