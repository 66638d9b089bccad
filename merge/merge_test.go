package merge_test

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
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

// rowsOf are n runs of sweep s, seeds 1 to n, of a sweep of n runs.
func rowsOf(n int) []sweep.Row {
	var rows []sweep.Row
	for seed := range uint64(n) {
		r := row("s", 0.1, seed+1, fmt.Sprint(seed))
		r.Runs = n
		rows = append(rows, r)
	}
	return rows
}

// TestMergeRefusesAnInputAsOut: an -out that is one of the files to merge
// — by its own name, another path to it, or a link to it — is refused,
// naming -out, and the file is left as it was.
func TestMergeRefusesAnInputAsOut(t *testing.T) {
	dir := t.TempDir()
	a := write(t, dir, "a.csv", rowsOf(4)[:2]...)
	b := write(t, dir, "b.csv", rowsOf(4)[2:]...)
	before, _ := os.ReadFile(a)
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink("a.csv", link); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	for _, args := range [][]string{
		{"-out", a, a, b},
		{"-out", "./a.csv", "a.csv", b},
		{"-out", a, b, "./a.csv"},
		{"-out", link, a, b},
		{"-out", a, b, link},
		{"-out", "b.csv", "-format", "jsonl", a, filepath.Join("..", filepath.Base(dir), "b.csv")},
	} {
		err := merge.Run(args, config.Headless, &bytes.Buffer{}, &bytes.Buffer{})
		if !errors.As(err, new(*config.Error)) || !strings.HasPrefix(err.Error(), "-out: ") || !strings.Contains(err.Error(), "one of the files to merge") {
			t.Errorf("%v: got %v, want bad input naming -out as one of the files", args, err)
		}
	}
	if got, _ := os.ReadFile(a); !bytes.Equal(got, before) {
		t.Errorf("a.csv: got\n%s\nwant it as it was:\n%s", got, before)
	}
}

// mountTmpfs mounts a tmpfs of size bytes on a new folder, unmounted when
// the test ends; it skips where mounting is not allowed.
func mountTmpfs(t *testing.T, size int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "small")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprint("size=", size), "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("mount a tmpfs: %v: %s; run as root to test a full disk", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v\n%s", dir, err, out)
		}
	})
	return dir
}

// TestMergeOnAFullDiskKeepsTheFile: a merge whose -out fills the disk
// fails naming -out, and the file -out named holds what it held before,
// whole; nothing else is left in its folder.
func TestMergeOnAFullDiskKeepsTheFile(t *testing.T) {
	dir := mountTmpfs(t, 64<<10)
	rows := rowsOf(360)
	a := write(t, dir, "a.csv", rows[:180]...)
	b := write(t, dir, "b.csv", rows[180:]...)
	out := write(t, dir, "all.csv", rows[:40]...)
	before, _ := os.ReadFile(out)
	err := merge.Run([]string{"-out", out, a, b}, config.Headless, &bytes.Buffer{}, &bytes.Buffer{})
	var failed *report.OutputFailed
	if !errors.As(err, &failed) || failed.Flag != "out" || !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "is as it was") {
		t.Fatalf("got %v, want -out failed for a full disk, the file as it was", err)
	}
	if got, _ := os.ReadFile(out); !bytes.Equal(got, before) {
		t.Errorf("all.csv: got %d bytes, want the %d it held before", len(got), len(before))
	}
	names, _ := os.ReadDir(dir)
	if len(names) != 3 {
		t.Errorf("the folder holds %v, want a.csv, all.csv and b.csv", names)
	}
	// With room, it is replaced whole, its mode kept.
	os.Remove(b)
	os.Chmod(out, 0o640)
	if err := merge.Run([]string{"-out", out, a}, config.Headless, &bytes.Buffer{}, &bytes.Buffer{}); err == nil || errors.As(err, new(*report.OutputFailed)) {
		t.Fatalf("got %v, want the runs of b.csv missing", err)
	}
	if got, want := lineCount(t, out), 1+180; got != want {
		t.Errorf("all.csv: got %d lines, want %d", got, want)
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o640 {
		t.Errorf("all.csv: mode %v, want 0640 as it was", fi.Mode())
	}
}

func lineCount(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(b, []byte("\n"))
}

// TestMergeRefusesRowsThatBreakTheCSV: a JSON row whose text would break
// the merged CSV is refused, naming its file and line.
func TestMergeRefusesRowsThatBreakTheCSV(t *testing.T) {
	dir := t.TempDir()
	good := rowsOf(2)
	bad := bytes.Replace(good[1].JSON(), []byte(good[1].TraceHash), []byte(`ab\ncd,ef`), 1)
	path := writeRaw(t, dir, "b.jsonl", string(good[0].JSON())+string(bad))
	out := filepath.Join(dir, "all.csv")
	err := merge.Run([]string{"-out", out, path}, config.Headless, &bytes.Buffer{}, &bytes.Buffer{})
	if !errors.As(err, new(*config.Error)) || !strings.Contains(err.Error(), "b.jsonl line 2: trace_hash") {
		t.Errorf("got %v, want bad input naming b.jsonl line 2's trace_hash", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s written", out)
	}
}

// TestMergeIsLinearInDuplicates: a file given twice costs twice what it
// costs once, not the square (each duplicate looked for among the rows).
// Allocations count the work, where a clock would flake.
func TestMergeIsLinearInDuplicates(t *testing.T) {
	dir := t.TempDir()
	allocs := func(n int) float64 {
		path := write(t, dir, fmt.Sprint(n, ".csv"), rowsOf(n)...)
		return testing.AllocsPerRun(1, func() {
			if _, err := merge.Read("merge", []string{path, path}, io.Discard); err != nil {
				t.Fatal(err)
			}
		})
	}
	small, large := allocs(500), allocs(1000)
	if large > 3*small {
		t.Errorf("twice the rows: %.0f allocations against %.0f, want about twice as many", large, small)
	}
}

// TestMergeRefusesLinesTooLong: a file without newlines (a sparse file of
// zeros) or with a line longer than any row is refused by its line, not
// read whole.
func TestMergeRefusesLinesTooLong(t *testing.T) {
	dir := t.TempDir()
	sparse := filepath.Join(dir, "sparse.csv")
	f, err := os.Create(sparse)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(256 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	long := writeRaw(t, dir, "long.csv", sweep.Header+strings.Repeat("x", 2<<20)+"\n")
	for _, tc := range []struct{ path, want string }{
		{sparse, "sparse.csv line 1 is longer than"},
		{long, "long.csv line 2 is longer than"},
	} {
		_, err := merge.Read("merge", []string{tc.path}, io.Discard)
		if !errors.As(err, new(*config.Error)) || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "merge: ") {
			t.Errorf("got %v, want bad input with %q", err, tc.want)
		}
	}
}

// TestMergeLeavesOutAHalfWrittenLastLine: a shard whose last line a
// killed sweep left half written is merged without it, with a warning
// naming the file and the line.
func TestMergeLeavesOutAHalfWrittenLastLine(t *testing.T) {
	dir := t.TempDir()
	rows := rowsOf(4)
	a := write(t, dir, "a.csv", rows[:2]...)
	last := rows[2].CSV()
	b := writeRaw(t, dir, "b.csv", sweep.Header+string(rows[3].CSV())+string(last[:len(last)/2]))
	c := writeRaw(t, dir, "c.jsonl", string(rows[2].JSON()[:40]))
	d := writeRaw(t, dir, "d.csv", sweep.Header[:20])
	out := filepath.Join(dir, "all.csv")
	var stderr bytes.Buffer
	err := merge.Run([]string{"-out", out, a, b, c, d}, config.Headless, &bytes.Buffer{}, &stderr)
	if err == nil || !strings.Contains(err.Error(), "3 of sweep s's 4 runs") {
		t.Errorf("got %v, want 3 of the 4 runs merged", err)
	}
	if got := lineCount(t, out); got != 1+3 {
		t.Errorf("all.csv: %d lines, want the header and 3 rows", got)
	}
	for _, want := range []string{"b.csv line 3 is not a whole row", "c.jsonl line 1 is not a whole row", "d.csv line 1 is half a header"} {
		if !strings.Contains(stderr.String(), want) || strings.Count(stderr.String(), "merge: warning: ") != 3 {
			t.Errorf("stderr:\n%s\nwant a warning that %s", &stderr, want)
		}
	}
	// A last line without a newline that is a whole row is a row.
	e := writeRaw(t, dir, "e.csv", sweep.Header+strings.TrimSuffix(string(last), "\n"))
	stderr.Reset()
	if err := merge.Run([]string{"-out", out, a, b, e}, config.Headless, &bytes.Buffer{}, &stderr); err != nil {
		t.Errorf("got %v, want the 4 runs merged", err)
	}
}

// TestMergeOfNoRowsSaysSo: files that hold no rows (empty, or a header
// only) merge into a header, with a warning saying the files hold no
// rows; it is not a failure.
func TestMergeOfNoRowsSaysSo(t *testing.T) {
	dir := t.TempDir()
	empty, header := writeRaw(t, dir, "empty.csv", ""), writeRaw(t, dir, "header.csv", sweep.Header)
	out := filepath.Join(dir, "all.csv")
	var stderr bytes.Buffer
	if err := merge.Run([]string{"-out", out, empty, header}, config.Headless, &bytes.Buffer{}, &stderr); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(out); string(got) != sweep.Header {
		t.Errorf("all.csv: got %q, want the header", got)
	}
	if got := stderr.String(); !strings.Contains(got, "merge: warning: the files hold no rows") || strings.Count(got, "\n") != 1 {
		t.Errorf("stderr: got %q, want one line saying the files hold no rows", got)
	}
}
