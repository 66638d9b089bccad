package merge_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/merge"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/sweep"
)

// oldRows are the rows of sweep/testdata/old-header.csv, which a sweep
// wrote before -clock, -coupling-scale and the measures were columns,
// read by its header.
func oldRows(t *testing.T) []sweep.Row {
	t.Helper()
	b, err := os.ReadFile("../sweep/testdata/old-header.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	l, ok := sweep.LayoutOf(lines[0])
	if !ok || !l.Old() {
		t.Fatalf("old-header.csv line 1: not the old header")
	}
	var rows []sweep.Row
	for _, line := range lines[1:] {
		r, err := l.ParseLine(line)
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r)
	}
	return rows
}

// TestMergeOfOldAndNewHeaders: files with the old header, old JSON lines
// and files with the new header merge into one under the new header, the
// old rows read as runs of the clock ticks, the coupling unscaled and the
// measures not measured; a run whose row has its measures in one file and
// not in another is one run, its measures kept, unless its other results
// differ.
func TestMergeOfOldAndNewHeaders(t *testing.T) {
	dir := t.TempDir()
	rows := oldRows(t)
	tfs := 80.5
	measured := rows[:3]
	for i := range measured {
		r := measured[i]
		r.Measures = &report.Measures{Groups: i + 1, Locked: 0.5, TimeToFullSyncSeconds: &tfs}
		measured[i] = r
	}
	newFile := write(t, dir, "new.csv", measured...)
	out := filepath.Join(dir, "all.csv")
	var stderr bytes.Buffer
	err := merge.Run([]string{"-out", out, "../sweep/testdata/old-header.csv", "../sweep/testdata/old-header.jsonl", newFile}, config.Headless, &bytes.Buffer{}, &stderr)
	if err != nil {
		t.Fatalf("%v\n%s", err, &stderr)
	}
	byKey := map[string]sweep.Row{}
	for _, r := range measured {
		byKey[r.Key()] = r
	}
	all := oldRows(t)
	slices.SortFunc(all, sweep.Compare)
	var want bytes.Buffer
	want.WriteString(sweep.Header)
	for i, r := range all {
		if m, ok := byKey[r.Key()]; ok {
			all[i] = m
		}
		want.Write(all[i].CSV())
	}
	got, _ := os.ReadFile(out)
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("got\n%s\nwant\n%s", got, want.Bytes())
	}
	for i, line := range strings.Split(strings.TrimSuffix(string(got), "\n"), "\n")[1:] {
		f := strings.Split(line, ",")
		if f[19] != "ticks" || f[20] != "none" {
			t.Errorf("all.csv line %d: clock %s, coupling_scale %s; want ticks, none", i+2, f[19], f[20])
		}
		_, has := byKey[all[i].Key()]
		if empty := f[len(f)-4] == "" && f[len(f)-3] == "" && f[len(f)-2] == ""; empty == has {
			t.Errorf("all.csv line %d: measures %v; want them where the new file has them", i+2, f[len(f)-4:len(f)-1])
		}
	}
	// Merged again with its own old file: the same rows.
	again := filepath.Join(dir, "again.csv")
	if err := merge.Run([]string{"-out", again, out, "../sweep/testdata/old-header.csv"}, config.Headless, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(again); !bytes.Equal(b, got) {
		t.Errorf("merged with the old file again:\n%s\nwant\n%s", b, got)
	}

	other := measured[0]
	other.Flashes++
	conflict := write(t, dir, "conflict.csv", other)
	err = merge.Run([]string{"-out", filepath.Join(dir, "c.csv"), "../sweep/testdata/old-header.csv", conflict}, config.Headless, &bytes.Buffer{}, &bytes.Buffer{})
	if !errors.As(err, new(*config.Error)) || !strings.Contains(err.Error(), "the same run with different results") {
		t.Errorf("a run with other flashes in the new file: got %v, want the runs' conflict", err)
	}
}

// TestMergeWarnsOfHalfAnOldHeader: a file whose only line is the start of
// the old header, without a newline, is a sweep stopped while writing it,
// as with the new.
func TestMergeWarnsOfHalfAnOldHeader(t *testing.T) {
	dir := t.TempDir()
	half := filepath.Join(dir, "half.csv")
	if err := os.WriteFile(half, []byte(sweep.OldHeader[:30]), 0o644); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	if err := merge.Run([]string{"-out", filepath.Join(dir, "all.csv"), half}, config.Headless, &bytes.Buffer{}, &stderr); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), "half.csv line 1 is half a header") {
		t.Errorf("stderr: %s", &stderr)
	}
}
