package e2e

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/params"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/sweep"
)

// mergeFaultRows are the n runs of a sweep of n runs (seeds 1 to n), as a
// sweep writes them.
func mergeFaultRows(n int) []sweep.Row {
	var rows []sweep.Row
	for seed := range uint64(n) {
		rows = append(rows, sweep.Row{Sweep: "0123456789ab", Runs: n, Point: params.Point{Model: components.Model{
			Width: 50, Height: 50, Period: 5 * time.Second, Nudge: 200 * time.Millisecond, Refractory: time.Second,
			Jitter: 100 * time.Millisecond, Glow: 0.3, Seed: seed + 1}, Duration: time.Minute},
			Results: report.Results{Ticks: 3600, SimSeconds: 60, R: 0.5, TraceHash: fmt.Sprintf("%016x", seed*0x9e3779b97f4a7c15)}})
	}
	return rows
}

// mergeFaultShard writes a CSV of rows, and then tail, to dir/name.
func mergeFaultShard(t *testing.T, dir, name string, rows []sweep.Row, tail string) string {
	t.Helper()
	b := []byte(sweep.Header)
	for _, r := range rows {
		b = append(b, r.CSV()...)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, append(b, tail...), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// mergeSparse is a file of size bytes of zeros that takes no room on the
// disk.
func mergeSparse(t *testing.T, size int64) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sparse.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Skipf("a sparse file of %d bytes: %v", size, err)
	}
	return path
}

// TestMergeFaultsOutIsAnInput: merge -out naming one of its inputs — by
// its name, another path to it, or a link to it — is refused with one
// line naming -out and status 2, the file left as it was.
func TestMergeFaultsOutIsAnInput(t *testing.T) {
	dir := t.TempDir()
	rows := mergeFaultRows(4)
	a := mergeFaultShard(t, dir, "a.csv", rows[:2], "")
	b := mergeFaultShard(t, dir, "b.csv", rows[2:], "")
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(a, link); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(a)
	for _, args := range [][]string{
		{"merge", "-out", a, a, b},
		{"merge", "-out", filepath.Join(dir, ".", "a.csv"), a, b},
		{"merge", "-out", link, a, b},
		{"merge", "-out", a, b, link},
	} {
		_, stderr, code := runHeadless(t, args...)
		if code != 2 || !oneLine(stderr) || !strings.Contains(stderr, "-out: ") || !strings.Contains(stderr, "one of the files to merge") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line naming -out", args[1:], code, stderr)
		}
	}
	if got, _ := os.ReadFile(a); !bytes.Equal(got, before) {
		t.Errorf("a.csv: got %d bytes, want the %d it held", len(got), len(before))
	}
}

// TestMergeFaultsFullDisk: a merge that fills its disk exits 3 with one
// line naming -out, and the file -out names holds what it held before;
// the merge the issue found destroying its input (-out a.csv a.csv
// b.csv, on a full disk) is refused before it writes anything.
func TestMergeFaultsFullDisk(t *testing.T) {
	dir := mountTmpfs(t, 64<<10)
	rows := mergeFaultRows(300)
	a := mergeFaultShard(t, dir, "a.csv", rows[:150], "")
	b := mergeFaultShard(t, dir, "b.csv", rows[150:], "")
	all := mergeFaultShard(t, dir, "all.csv", rows[:30], "")
	before, _ := os.ReadFile(all)
	_, stderr, code := runHeadless(t, "merge", "-out", all, a, b)
	if code != 3 || !oneLine(stderr) || !strings.Contains(stderr, "-out "+all+": no space left on device; "+all+" is as it was") {
		t.Errorf("merge on a full disk: exit %d, stderr %q; want 3 and one line naming -out", code, stderr)
	}
	if got, _ := os.ReadFile(all); !bytes.Equal(got, before) {
		t.Errorf("all.csv: got %d bytes, want the %d it held", len(got), len(before))
	}
	if names, _ := os.ReadDir(dir); len(names) != 3 {
		t.Errorf("the disk holds %v, want a.csv, all.csv and b.csv only", names)
	}
	aBefore, _ := os.ReadFile(a)
	_, stderr, code = runHeadless(t, "merge", "-out", a, a, b)
	if got, _ := os.ReadFile(a); code != 2 || !oneLine(stderr) || !bytes.Equal(got, aBefore) {
		t.Errorf("-out a.csv a.csv b.csv: exit %d, stderr %q, a.csv %d bytes of %d; want 2, one line and a.csv as it was", code, stderr, len(got), len(aBefore))
	}
}

// TestMergeFaultsNoNewlines: a file without newlines (/dev/zero, a sparse
// file of 8 GB) is refused with one line naming the file and its line,
// status 2, instead of read whole.
func TestMergeFaultsNoNewlines(t *testing.T) {
	for _, path := range []string{"/dev/zero", mergeSparse(t, 8<<30)} {
		if _, err := os.Stat(path); err != nil {
			t.Logf("%s: %v", path, err)
			continue
		}
		_, stderr, code := runHeadless(t, "merge", "-out", filepath.Join(t.TempDir(), "all.csv"), path)
		if code != 2 || !oneLine(stderr) || !strings.Contains(stderr, "merge: "+path+" line 1 is longer than") {
			t.Errorf("merge %s: exit %d, stderr %q; want 2 and one line naming line 1", path, code, stderr)
		}
	}
}

// TestMergeFaultsHalfWrittenShard: a shard whose last line a killed sweep
// left half written merges without that line, with a warning naming the
// file and line; the merge is whole, so it exits 0.
func TestMergeFaultsHalfWrittenShard(t *testing.T) {
	dir := t.TempDir()
	rows := mergeFaultRows(4)
	half := rows[2].CSV()
	a := mergeFaultShard(t, dir, "a.csv", rows[:2], string(half[:len(half)-9]))
	b := mergeFaultShard(t, dir, "b.csv", rows[2:], "")
	out := filepath.Join(dir, "all.csv")
	_, stderr, code := runHeadless(t, "merge", "-out", out, a, b)
	if code != 0 || !strings.Contains(stderr, "merge: warning: "+a+" line 4 is not a whole row") || !strings.Contains(stderr, "4 rows of sweep") {
		t.Errorf("exit %d, stderr %q; want 0, a warning naming a.csv line 4, and 4 rows merged", code, stderr)
	}
	got, _ := os.ReadFile(out)
	if want, _ := os.ReadFile(mergeFaultShard(t, t.TempDir(), "want.csv", rows, "")); !bytes.Equal(got, want) {
		t.Errorf("all.csv:\n%s\nwant the header and the 4 rows:\n%s", got, want)
	}
}

// TestMergeFaultsNoRows: files that hold no rows merge into a header, and
// merge says so on stderr, exiting 0.
func TestMergeFaultsNoRows(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.csv")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	header := mergeFaultShard(t, dir, "header.csv", nil, "")
	out := filepath.Join(dir, "all.csv")
	_, stderr, code := runHeadless(t, "merge", "-out", out, empty, header)
	if code != 0 || !oneLine(stderr) || !strings.Contains(stderr, "merge: warning: the files hold no rows; "+out+" holds the header only") {
		t.Errorf("exit %d, stderr %q; want 0 and one line saying the files hold no rows", code, stderr)
	}
	if got, _ := os.ReadFile(out); string(got) != sweep.Header {
		t.Errorf("all.csv: got %q, want the header", got)
	}
}

// TestMergeFaultsRowsThatBreakTheCSV: a JSON row whose trace_hash holds a
// newline and a comma is refused, naming its line, instead of merged into
// a CSV line that breaks in two.
func TestMergeFaultsRowsThatBreakTheCSV(t *testing.T) {
	dir := t.TempDir()
	rows := mergeFaultRows(2)
	bad := bytes.Replace(rows[1].JSON(), []byte(rows[1].TraceHash), []byte(`ab\ncd,ef`), 1)
	path := filepath.Join(dir, "rows.jsonl")
	if err := os.WriteFile(path, append(rows[0].JSON(), bad...), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "all.csv")
	_, stderr, code := runHeadless(t, "merge", "-out", out, path)
	if code != 2 || !oneLine(stderr) || !strings.Contains(stderr, path+" line 2: trace_hash") {
		t.Errorf("exit %d, stderr %q; want 2 and one line naming line 2's trace_hash", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s written", out)
	}
}

// TestMergeFaultsOldHeader: a sweep's rows written before -clock,
// -coupling-scale and the measures were columns (sweep/testdata/
// old-header.csv, studySpec's sweep) are still read: merge takes them
// beside a new shard of the same sweep and writes them under the new
// header, summarize and plot read them. The same sweep given the old file
// as -out refuses it with one line and status 2, the file as it was,
// naming the merge that rewrites it; given the merged file, it carries
// on from it, running nothing again.
func TestMergeFaultsOldHeader(t *testing.T) {
	dir := t.TempDir()
	oldText, err := os.ReadFile("../sweep/testdata/old-header.csv")
	if err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(dir, "old.csv")
	if err := os.WriteFile(old, oldText, 0o644); err != nil {
		t.Fatal(err)
	}
	args := append(slices.Clone(studySpec), "-out", old)
	_, stderr, code := runHeadless(t, args...)
	renamed := filepath.Join(dir, "old-new.csv")
	want := "merge -out " + renamed + " " + old + " and give -out " + renamed + " to carry on"
	if code != 2 || !oneLine(stderr) || !strings.Contains(stderr, "-out: "+old+" has the header of rows written before") || !strings.Contains(stderr, want) {
		t.Errorf("a sweep into the old file: exit %d, %q; want 2 and one line naming -out and %q", code, stderr, want)
	}
	if b, _ := os.ReadFile(old); !bytes.Equal(b, oldText) {
		t.Errorf("the old file changed:\n%s", b)
	}

	// A new shard of the same sweep, merged with the old file: the same
	// runs, one row each, under the new header.
	shard := filepath.Join(dir, "shard.csv")
	if _, stderr, code := runHeadless(t, append(slices.Clone(studySpec), "-out", shard, "-shard", "0/2")...); code != 0 {
		t.Fatalf("the shard: exit %d: %s", code, stderr)
	}
	if _, stderr, code := runHeadless(t, "merge", "-out", renamed, old, shard); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	merged := fileLines(t, renamed)
	if merged[0]+"\n" != sweep.Header || len(merged) != 9 {
		t.Fatalf("merged: got %d lines under %q, want the new header and 8 rows", len(merged), merged[0])
	}
	for _, line := range merged[1:] {
		if !strings.Contains(line, ",lattice,ticks,none,") {
			t.Errorf("merged row %s: not of the clock ticks and the coupling none", line)
		}
	}
	for _, cmd := range [][]string{
		{"summarize", "-out", filepath.Join(dir, "cells.csv"), old},
		{"plot", "heatmap", "-x", "nudge", "-y", "refractory", "-out", filepath.Join(dir, "h.png"), old},
	} {
		if _, stderr, code := runHeadless(t, cmd...); code != 0 {
			t.Errorf("%v: exit %d: %s", cmd, code, stderr)
		}
	}
	// Its rows have no measures: plotting one is refused, saying how to
	// measure it.
	_, stderr, code = runHeadless(t, "plot", "heatmap", "-z", "groups", "-out", filepath.Join(dir, "g.png"), old)
	if code != 2 || !oneLine(stderr) || !strings.Contains(stderr, "-z groups") || !strings.Contains(stderr, "run the sweep with -measures") {
		t.Errorf("plot -z groups of rows without measures: exit %d, %q; want 2 and one line naming -z groups and -measures", code, stderr)
	}

	before, _ := os.ReadFile(renamed)
	_, stderr, code = runHeadless(t, append(slices.Clone(studySpec), "-out", renamed)...)
	if code != 0 || !strings.Contains(stderr, "holds 8 rows of it") || !strings.Contains(stderr, ": 0 of 0 runs") {
		t.Errorf("carrying on from the merged file: exit %d, %s; want none of its runs again", code, stderr)
	}
	if after, _ := os.ReadFile(renamed); !bytes.Equal(after, before) {
		t.Errorf("the merged file changed:\n%s", after)
	}

	// A row whose until_sync is no criterion: refused, naming its line
	// and the column.
	bad := filepath.Join(dir, "bad.csv")
	lines := fileLines(t, renamed)
	lines[2] = strings.Replace(lines[2], ",true,advance,", ",sometimes,advance,", 1)
	if err := os.WriteFile(bad, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = runHeadless(t, "merge", "-out", filepath.Join(dir, "x.csv"), bad)
	if code != 2 || !oneLine(stderr) || !strings.Contains(stderr, bad+` line 3: until_sync: got "sometimes", want false, true, r:X`) {
		t.Errorf("merge of a bad until_sync: exit %d, %q; want 2 and one line naming line 3 and until_sync", code, stderr)
	}
}
