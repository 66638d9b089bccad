package merge_test

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/merge"
	"github.com/firefly-observatory/fireflies/params"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/sweep"
)

// row is a run of sweep id whose trace_hash is made from the name hash.
func row(id string, nudge float64, seed uint64, hash string) sweep.Row {
	h := fnv.New64a()
	h.Write([]byte(hash))
	return sweep.Row{Sweep: id, Runs: 4, Point: params.Point{Model: components.Model{Width: 50, Height: 50, Period: 5 * time.Second,
		Nudge: time.Duration(nudge * float64(time.Second)), Refractory: time.Second, Jitter: 100 * time.Millisecond,
		Glow: 0.3, Seed: seed}, Duration: time.Minute}, Results: report.Results{Ticks: 3600, TraceHash: fmt.Sprintf("%016x", h.Sum64())}}
}

func write(t *testing.T, dir, name string, rows ...sweep.Row) string {
	t.Helper()
	var b bytes.Buffer
	if !strings.HasSuffix(name, ".jsonl") {
		b.WriteString(sweep.Header)
	}
	for _, r := range rows {
		if strings.HasSuffix(name, ".jsonl") {
			b.Write(r.JSON())
		} else {
			b.Write(r.CSV())
		}
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestMergeSortsByParametersAndSeed(t *testing.T) {
	dir := t.TempDir()
	a := write(t, dir, "a.csv", row("s", 0.3, 2, "h4"), row("s", 0.1, 2, "h2"))
	b := write(t, dir, "b.jsonl", row("s", 0.3, 1, "h3"), row("s", 0.1, 1, "h1"), row("s", 0.1, 2, "h2"))
	out := filepath.Join(dir, "all.csv")
	var stderr bytes.Buffer
	if err := merge.Run([]string{"-out", out, a, b}, config.Headless, &bytes.Buffer{}, &stderr); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(out)
	want := sweep.Header + string(row("s", 0.1, 1, "h1").CSV()) + string(row("s", 0.1, 2, "h2").CSV()) +
		string(row("s", 0.3, 1, "h3").CSV()) + string(row("s", 0.3, 2, "h4").CSV())
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestMergeRefuses(t *testing.T) {
	dir := t.TempDir()
	a := write(t, dir, "a.csv", row("s", 0.1, 1, "h1"))
	for _, tc := range []struct {
		name  string
		files []string
		want  string
	}{
		{"another sweep", []string{a, write(t, dir, "b.csv", row("t", 0.1, 2, "h2"))}, "is of sweep s: merge the files of one sweep"},
		{"another result", []string{a, write(t, dir, "c.csv", row("s", 0.1, 1, "other"))}, "the same run with different results"},
		{"not rows", []string{writeRaw(t, dir, "d.csv", "t,r\n0,1\n")}, "line 1 is not the header"},
		{"a bad line", []string{writeRaw(t, dir, "e.csv", sweep.Header+"1,2,3\n")}, "e.csv line 2"},
	} {
		err := merge.Run(append([]string{"-out", filepath.Join(dir, "out.csv")}, tc.files...), config.Headless, &bytes.Buffer{}, &bytes.Buffer{})
		if !errors.As(err, new(*config.Error)) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want bad input with %q", tc.name, err, tc.want)
		}
	}
}

func writeRaw(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestMergeSaysWhatIsMissing: the rows it has are written, and the merge
// fails, saying how many runs are missing.
func TestMergeSaysWhatIsMissing(t *testing.T) {
	dir := t.TempDir()
	a := write(t, dir, "a.csv", row("s", 0.1, 1, "h1"), row("s", 0.1, 2, "h2"), row("s", 0.1, 1, "h1"))
	out := filepath.Join(dir, "all.csv")
	err := merge.Run([]string{"-out", out, a}, config.Headless, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "2 of sweep s's 4 runs; 2 are missing") {
		t.Errorf("got %v, want 2 of 4 runs missing", err)
	}
	if got, _ := os.ReadFile(out); strings.Count(string(got), "\n") != 3 {
		t.Errorf("got\n%s\nwant the header and the 2 runs", got)
	}
}
