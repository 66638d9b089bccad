package sweep_test

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

// oldSpec is the sweep that wrote testdata/old-header.csv and
// old-header.jsonl, sweep 4717897c0f0c, with the program as it was before
// -clock, -coupling-scale and the measures were columns: 2 nudges × 2
// refractory times × 2 seeds.
var oldSpec = []string{"-grid", "30x24", "-nudge", "150ms,300ms", "-refractory", "500ms,1s", "-seeds", "2", "-duration", "90s", "-until-sync"}

const oldID = "4717897c0f0c"

// readRows reads a file of rows by its own header, as merge does.
func readRows(t *testing.T, path string) []sweep.Row {
	t.Helper()
	rows, err := merge.Read("test", []string{path}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// copyFile copies src to a new file in dir and returns its path.
func copyFile(t *testing.T, src, dir string) string {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, filepath.Base(src))
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestOldHeaderStillReads: rows written under the old header read by it,
// as runs of the clock ticks, the coupling unscaled and the measures not
// measured; the same rows as JSON lines, which name their columns, read
// the same; and under the new header each is written as one line that
// reads back as itself. An old row is not read as a line of the new
// layout, nor a new one as a line of the old.
func TestOldHeaderStillReads(t *testing.T) {
	text := lines(t, "testdata/old-header.csv")
	if text[0]+"\n" != sweep.OldHeader {
		t.Fatalf("testdata/old-header.csv line 1: got %q, want the old header", text[0])
	}
	old, ok := sweep.LayoutOf(text[0])
	if !ok || !old.Old() {
		t.Fatalf("the old header: not the old layout")
	}
	if cur, ok := sweep.LayoutOf(strings.TrimSuffix(sweep.Header, "\n")); !ok || cur.Old() {
		t.Fatalf("the header: not the current layout")
	}
	if _, ok := sweep.LayoutOf("sweep,runs"); ok {
		t.Errorf("sweep,runs: taken as a layout")
	}
	jsonl := lines(t, "testdata/old-header.jsonl")
	var fromCSV, fromJSON []string
	for i, line := range text[1:] {
		r, err := old.ParseLine(line)
		if err != nil {
			t.Fatalf("line %d: %v", i+2, err)
		}
		if r.Model.Clock != "ticks" || r.Model.CouplingScale != "none" || r.Measures != nil || r.Sweep != oldID {
			t.Errorf("line %d: clock %q, coupling %q, measures %v, sweep %s; want ticks, none, none, %s",
				i+2, r.Model.Clock, r.Model.CouplingScale, r.Measures, r.Sweep, oldID)
		}
		csv := string(r.CSV())
		if got, want := csv, insertMeasures(line)+"\n"; got != want {
			t.Errorf("line %d under the new header: got %q, want %q", i+2, got, want)
		}
		back, err := sweep.ParseLine(strings.TrimSuffix(csv, "\n"))
		if err != nil || string(back.CSV()) != csv {
			t.Errorf("line %d: written as %q, reads back as %q (%v)", i+2, csv, back.CSV(), err)
		}
		if _, err := sweep.ParseLine(line); err == nil {
			t.Errorf("line %d: read as a row of the new header", i+2)
		}
		if _, err := old.ParseLine(strings.TrimSuffix(csv, "\n")); err == nil {
			t.Errorf("line %d: the new row read as one of the old header", i+2)
		}
		fromCSV = append(fromCSV, csv)
	}
	for i, line := range jsonl {
		r, err := old.ParseLine(line)
		if err != nil {
			t.Fatalf("testdata/old-header.jsonl line %d: %v", i+1, err)
		}
		if r2, err := sweep.ParseLine(line); err != nil || !bytes.Equal(r2.CSV(), r.CSV()) {
			t.Errorf("testdata/old-header.jsonl line %d reads otherwise in the two layouts (%v)", i+1, err)
		}
		fromJSON = append(fromJSON, string(r.CSV()))
	}
	if len(fromCSV) != 8 || !slices.Equal(sorted(fromCSV), sorted(fromJSON)) {
		t.Errorf("the old CSV's rows:\n%s\nthe old JSON lines':\n%s", strings.Join(fromCSV, ""), strings.Join(fromJSON, ""))
	}
}

// insertMeasures is an old row as the new header writes it: the clock
// and the coupling after the topology, the measures empty before the
// trace hash.
func insertMeasures(line string) string {
	f := strings.Split(line, ",")
	n := 19 // the parameters' columns of the old header, sweep and runs included
	out := slices.Concat(f[:n], []string{"ticks", "none"}, f[n:len(f)-1], []string{"", "", ""}, f[len(f)-1:])
	return strings.Join(out, ",")
}

// TestOldSweepKeepsItsIdentity: a sweep's identity is a hash of what it
// names, so the axes added since (-clock, -coupling-scale) and -measures
// left off leave it as it was: the specification that wrote
// testdata/old-header.csv is the same sweep now, and so are those whose
// identities the program before them printed. Naming a new axis, or
// -measures, makes another sweep.
func TestOldSweepKeepsItsIdentity(t *testing.T) {
	for _, tc := range []struct {
		args []string
		id   string
	}{
		{oldSpec, oldID},
		{[]string{"-grid", "8", "-duration", "2s", "-seeds", "2"}, "555b7ab5bb44"},
		{[]string{"-grid", "8", "-duration", "2s", "-seed", "3,4", "-until-sync=full", "-topology", "all,lattice", "-response", "proportional"}, "465f93b039bc"},
		// -until-sync=full measures anyway: -measures adds nothing to it.
		{[]string{"-grid", "8", "-duration", "2s", "-seed", "3,4", "-until-sync=full", "-topology", "all,lattice", "-response", "proportional", "-measures"}, "465f93b039bc"},
	} {
		if got := sweepID(t, tc.args...); got != tc.id {
			t.Errorf("%v: sweep %s, want %s as before", tc.args, got, tc.id)
		}
	}
	for _, extra := range [][]string{{"-clock", "ticks"}, {"-clock", "ticks,exact"}, {"-coupling-scale", "none"}, {"-measures"}} {
		if got := sweepID(t, append(slices.Clone(oldSpec), extra...)...); got == oldID {
			t.Errorf("%v: sweep %s, the same as the sweep without it", extra, got)
		}
	}
	for _, r := range readRows(t, "testdata/old-header.csv") {
		if r.Sweep != oldID {
			t.Fatalf("testdata/old-header.csv: a row of sweep %s", r.Sweep)
		}
	}
}

// sweepID is the identity of the sweep args specify, as its last line on
// stderr names it (a sweep of no runs to a device: nothing to write).
func sweepID(t *testing.T, args ...string) string {
	t.Helper()
	var stderr bytes.Buffer
	args = append(slices.Clone(args), "-out", os.DevNull, "-jobs", "1", "-shard", "0/1000000")
	if err := sweep.Run(args, config.Headless, &bytes.Buffer{}, &stderr, nil); err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	id, _, _ := strings.Cut(strings.TrimPrefix(stderr.String(), "sweep "), ":")
	return id
}

// TestSweepIntoOldHeaderRefused: a sweep does not carry on into a file
// with the old header — its rows would go under a header that does not
// name their columns — but refuses with one line, status 2, that names
// -out and says how to carry on, the file as it was; merged as it says,
// the file is carried on from: its rows count as done, and the same
// sweep runs none of them again.
func TestSweepIntoOldHeaderRefused(t *testing.T) {
	dir := t.TempDir()
	path := copyFile(t, "testdata/old-header.csv", dir)
	before, _ := os.ReadFile(path)
	var stderr bytes.Buffer
	err := sweep.Run(append(slices.Clone(oldSpec), "-out", path), config.Headless, &bytes.Buffer{}, &stderr, nil)
	renamed := strings.TrimSuffix(path, ".csv") + "-new.csv"
	want := "-out: " + path + " has the header of rows written before -clock, -coupling-scale and the measures were columns; " +
		"rewrite it with " + config.Program + " merge -out " + renamed + " " + path + " and give -out " + renamed + " to carry on"
	if !errors.As(err, new(*config.Error)) || err.Error() != want {
		t.Fatalf("got %v, want the config error %q", err, want)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
		t.Errorf("the file changed:\n%s", after)
	}
	if err := merge.Run([]string{"-out", renamed, path}, config.Headless, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	merged, _ := os.ReadFile(renamed)
	stderr.Reset()
	if err := sweep.Run(append(slices.Clone(oldSpec), "-out", renamed), config.Headless, &bytes.Buffer{}, &stderr, nil); err != nil {
		t.Fatalf("carrying on from the merged file: %v\n%s", err, &stderr)
	}
	if !strings.Contains(stderr.String(), "holds 8 rows of it") || !strings.Contains(stderr.String(), ": 0 of 0 runs") {
		t.Errorf("carrying on from the merged file ran runs again:\n%s", &stderr)
	}
	if after, _ := os.ReadFile(renamed); !bytes.Equal(after, merged) {
		t.Errorf("the merged file changed:\n%s", after)
	}
	// An old file of JSON lines names its columns: the sweep carries on
	// into it.
	jsonl := copyFile(t, "testdata/old-header.jsonl", dir)
	stderr.Reset()
	if err := sweep.Run(append(slices.Clone(oldSpec), "-out", jsonl, "-format", "jsonl"), config.Headless, &bytes.Buffer{}, &stderr, nil); err != nil ||
		!strings.Contains(stderr.String(), "holds 8 rows of it") {
		t.Errorf("an old file of JSON lines: %v\n%s", err, &stderr)
	}
}

// TestSweepOfClocks: -clock and -coupling-scale are axes, each run's row
// names its clock and its scale, and -measures fills the measures: the
// clock ticks gives the very runs the old file holds (the traces of the
// default model, pinned since before the exact clock), the exact clock
// others. Without -measures the measures are empty.
func TestSweepOfClocks(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "clocks.csv")
	var stderr bytes.Buffer
	args := append(slices.Clone(oldSpec), "-clock", "ticks,exact", "-measures", "-out", path, "-jobs", "2")
	if err := sweep.Run(args, config.Headless, &bytes.Buffer{}, &stderr, nil); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, &stderr)
	}
	rows := readRows(t, path)
	if len(rows) != 16 {
		t.Fatalf("got %d rows, want 16", len(rows))
	}
	old := map[string]sweep.Row{}
	for _, r := range readRows(t, "testdata/old-header.csv") {
		old[r.Key()] = r
	}
	clocks := map[string]int{}
	for _, r := range rows {
		clocks[r.Model.Clock]++
		if r.Measures == nil || r.Measures.Groups < 1 || r.Measures.Locked < 0 || r.Measures.Locked > 1 {
			t.Errorf("%s: measures %+v, want them measured", r.Key(), r.Measures)
		}
		o, ok := old[r.Key()]
		switch {
		case r.Model.Clock == "ticks" && !ok:
			t.Errorf("%s: no such run in the old file", r.Key())
		case r.Model.Clock == "ticks" && (o.TraceHash != r.TraceHash || o.Ticks != r.Ticks || o.R != r.R):
			t.Errorf("%s: trace %s, %d ticks, R %v; the old file's run %s, %d, %v", r.Key(), r.TraceHash, r.Ticks, r.R, o.TraceHash, o.Ticks, o.R)
		case r.Model.Clock == "exact":
			o, ok := old[strings.Replace(r.Key(), ",exact,", ",ticks,", 1)]
			if !ok || o.TraceHash == r.TraceHash {
				t.Errorf("%s: the same trace as the clock ticks' (%v)", r.Key(), ok)
			}
		}
	}
	if clocks["ticks"] != 8 || clocks["exact"] != 8 {
		t.Errorf("rows of each clock: %v, want 8 of each", clocks)
	}

	plain := filepath.Join(dir, "scales.csv")
	args = []string{"-grid", "12", "-duration", "5s", "-coupling-scale", "none,degree,n", "-out", plain}
	if err := sweep.Run(args, config.Headless, &bytes.Buffer{}, &bytes.Buffer{}, nil); err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	scales := map[string]bool{}
	hashes := map[string]bool{}
	for _, r := range readRows(t, plain) {
		scales[r.Model.CouplingScale] = true
		hashes[r.TraceHash] = true
		if r.Measures != nil {
			t.Errorf("%s: measures %+v without -measures", r.Key(), r.Measures)
		}
	}
	if len(scales) != 3 || len(hashes) != 3 {
		t.Errorf("-coupling-scale none,degree,n: scales %v and %d traces, want 3 of each", scales, len(hashes))
	}
}

// TestMeasuresColumns: the measures read back as written — measured,
// never fully synchronised, not measured — and a row whose measures do
// not go together (a locked fraction where groups is empty, none where it
// is not) is refused, naming the column.
func TestMeasuresColumns(t *testing.T) {
	tfs := 12.5
	for _, m := range []*report.Measures{{Groups: 3, Locked: 0.25, TimeToFullSyncSeconds: &tfs}, {Groups: 1, Locked: 1}, nil} {
		r := goodRow()
		r.Measures = m
		for _, line := range [][]byte{r.CSV(), r.JSON()} {
			got, err := sweep.ParseLine(strings.TrimSuffix(string(line), "\n"))
			if err != nil || !bytes.Equal(got.CSV(), r.CSV()) {
				t.Errorf("%s: read back as %s (%v)", line, got.CSV(), err)
			}
		}
	}
	r := goodRow()
	r.Measures = &report.Measures{Groups: 2, Locked: 0.5, TimeToFullSyncSeconds: &tfs}
	good := strings.TrimSuffix(string(r.CSV()), "\n")
	i := slices.Index(sweep.Columns, "groups")
	for _, tc := range []struct {
		fields [3]string
		want   string
	}{
		{[3]string{"", "0.5", ""}, `locked: got "0.5", want it empty, as groups is`},
		{[3]string{"", "", "12.5"}, `time_to_full_sync_seconds: got "12.5", want it empty, as groups is`},
		{[3]string{"2", "", ""}, `locked: got "", want a fraction, as groups is measured`},
		{[3]string{"two", "0.5", ""}, `groups: got "two"`},
		{[3]string{"2", "NaN", ""}, `locked: got "NaN"`},
		{[3]string{"2", "0.5", "+Inf"}, `time_to_full_sync_seconds: got "+Inf"`},
	} {
		f := strings.Split(good, ",")
		copy(f[i:i+3], tc.fields[:])
		line := strings.Join(f, ",")
		if _, err := sweep.ParseLine(line); err == nil || err.Error() != tc.want {
			t.Errorf("%v: got %v, want %q", tc.fields, err, tc.want)
		}
	}
	j := strings.Replace(strings.TrimSuffix(string(goodRow().JSON()), "\n"), `"locked":null`, `"locked":0.5`, 1)
	if _, err := sweep.ParseLine(j); err == nil || !strings.Contains(err.Error(), "locked: got 0.5, want it empty, as groups is") {
		t.Errorf("%s: got %v, want locked refused", j, err)
	}
}

// TestUntilSyncRead: a row's until_sync is refused, naming the column and
// what it takes, unless it is a criterion as -until-sync writes it; where
// a sweep carries on from its file, the error names the file's line.
func TestUntilSyncRead(t *testing.T) {
	good := goodRow()
	for _, text := range []string{"false", "true", "r:0.99", "full", "locked:0.95"} {
		r := good
		r.UntilSync = text
		if got, err := sweep.ParseLine(strings.TrimSuffix(string(r.CSV()), "\n")); err != nil || got.UntilSync != text {
			t.Errorf("until_sync %s: got %q (%v)", text, got.UntilSync, err)
		}
	}
	csv := strings.TrimSuffix(string(good.CSV()), "\n")
	i := slices.Index(sweep.Columns, "until_sync")
	for _, bad := range []string{"often", "1", "t", "TRUE", "r:0", "r:1.5", "r:0.990", "locked:", "full:1", "r:NaN"} {
		f := strings.Split(csv, ",")
		f[i] = bad
		_, err := sweep.ParseLine(strings.Join(f, ","))
		if want := `until_sync: got "` + bad + `", want false, true, r:X or locked:F with X and F in (0, 1], or full`; err == nil || err.Error() != want {
			t.Errorf("until_sync %q: got %v, want %q", bad, err, want)
		}
	}
	j := strings.Replace(strings.TrimSuffix(string(good.JSON()), "\n"), `"until_sync":false`, `"until_sync":"sometimes"`, 1)
	if _, err := sweep.ParseLine(j); err == nil || !strings.Contains(err.Error(), `until_sync: got "sometimes"`) {
		t.Errorf("%s: got %v, want until_sync refused", j, err)
	}

	// In a file a sweep carries on from: its line.
	path := copyFile(t, "testdata/old-header.csv", t.TempDir())
	if err := merge.Run([]string{"-out", path + ".new", path}, config.Headless, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	text := lines(t, path+".new")
	f := strings.Split(text[3], ",")
	f[i] = "often"
	text[3] = strings.Join(f, ",")
	if err := os.WriteFile(path, []byte(strings.Join(text, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := sweep.Run(append(slices.Clone(oldSpec), "-out", path), config.Headless, &bytes.Buffer{}, &bytes.Buffer{}, nil)
	want := "-out: " + path + ` line 4: until_sync: got "often", want false, true, r:X or locked:F with X and F in (0, 1], or full`
	if !errors.As(err, new(*config.Error)) || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}
