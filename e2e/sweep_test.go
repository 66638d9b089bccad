package e2e

import (
	"bytes"
	"image"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// studySpec is a small sweep: 2 nudges × 2 refractory times × 2 seeds,
// some of whose runs synchronise within the time.
var studySpec = []string{"sweep", "-grid", "30x24", "-nudge", "150ms,300ms", "-refractory", "500ms,1s", "-seeds", "2", "-duration", "90s", "-until-sync"}

// sweepRows runs a sweep into path and returns its rows (CSV lines, the
// header left out) and stderr.
func sweepRows(t *testing.T, env []string, path string, extra ...string) ([]string, string) {
	t.Helper()
	args := append(append(slices.Clone(studySpec), "-out", path), extra...)
	_, stderr, code := runEnv(t, env, headlessBin.get(t), args...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, stderr)
	}
	return fileLines(t, path)[1:], stderr
}

func fileLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func sortedLines(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// TestSweepRowsEqualSingleRuns: each row is what a single run with the
// same flags prints in its -json summary.
func TestSweepRowsEqualSingleRuns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rows.csv")
	rows, _ := sweepRows(t, nil, path)
	header := strings.Split(fileLines(t, path)[0], ",")
	if len(rows) != 8 {
		t.Fatalf("got %d rows, want 8", len(rows))
	}
	synced := 0
	for _, line := range rows {
		row := map[string]string{}
		for i, v := range strings.Split(line, ",") {
			row[header[i]] = v
		}
		args := []string{"-grid", row["width"] + "x" + row["height"], "-nudge", row["nudge_seconds"] + "s",
			"-refractory", row["refractory_seconds"] + "s", "-seed", row["seed"], "-duration", "90s", "-until-sync", "-json"}
		stdout, stderr, code := runHeadless(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		s := summary(t, stdout)
		for _, col := range []string{"period_seconds", "nudge_seconds", "refractory_seconds", "jitter_seconds", "glow",
			"ticks", "sim_seconds", "time_to_sync_seconds", "r", "flashes", "avalanches", "largest_avalanche", "mean_avalanche"} {
			want := s[col]
			got, err := strconv.ParseFloat(row[col], 64)
			switch {
			case want == nil && row[col] != "":
				t.Errorf("%v: %s: row has %q, the run null", args, col, row[col])
			case want != nil && (err != nil || got != want.(float64)):
				t.Errorf("%v: %s: row has %q, the run %v", args, col, row[col], want)
			}
		}
		if row["trace_hash"] != s["trace_hash"] {
			t.Errorf("%v: trace_hash: row has %s, the run %v", args, row["trace_hash"], s["trace_hash"])
		}
		if row["time_to_sync_seconds"] != "" {
			synced++
		}
	}
	if synced == 0 || synced == len(rows) {
		t.Errorf("%d of %d runs synchronised; the test wants both kinds", synced, len(rows))
	}
}

// TestSweepCarriesOnAfterInterrupt: Ctrl+C ends a sweep with status 130,
// its file holding whole rows; the same command carries on, runs only
// what is missing, and ends with the rows of a sweep that ran through.
func TestSweepCarriesOnAfterInterrupt(t *testing.T) {
	dir := t.TempDir()
	want, _ := sweepRows(t, nil, filepath.Join(dir, "full.csv"))

	path := filepath.Join(dir, "rows.csv")
	args := append(append(slices.Clone(studySpec), "-out", path), "-jobs", "1")
	c := start(t, nil, headlessBin.get(t), args...)
	c.waitUntil(t, "two rows", func() bool { return completeLines(path) >= 3 })
	c.cmd.Process.Signal(syscall.SIGINT)
	<-c.exited
	if code := c.cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("interrupted: exit %d, want 130\n%s", code, c.stderr.String())
	}
	if !strings.Contains(c.stderr.String(), "run the same command again to carry on") {
		t.Errorf("stderr does not say how to carry on:\n%s", c.stderr.String())
	}
	before := fileLines(t, path)[1:]
	if len(before) >= len(want) {
		t.Skipf("the sweep finished before the signal (%d rows)", len(before))
	}
	got, stderr := sweepRows(t, nil, path, "-jobs", "1")
	if !strings.Contains(stderr, "holds "+strconv.Itoa(len(before))+" rows") {
		t.Errorf("carrying on: stderr does not count the %d rows there:\n%s", len(before), stderr)
	}
	if !strings.Contains(stderr, strconv.Itoa(len(want)-len(before))+" of "+strconv.Itoa(len(want)-len(before))+" runs") {
		t.Errorf("carrying on ran more than the %d missing runs:\n%s", len(want)-len(before), stderr)
	}
	if !slices.Equal(got[:len(before)], before) {
		t.Errorf("the rows written before the signal changed")
	}
	if !slices.Equal(sortedLines(got), sortedLines(want)) {
		t.Errorf("got rows\n%s\nwant\n%s", strings.Join(sortedLines(got), "\n"), strings.Join(sortedLines(want), "\n"))
	}
}

// TestShardsMergeToTheSweep: shards given by -shard, by Slurm's array
// variables and by a Kubernetes completion index, merged, are the
// unsharded sweep merged, byte for byte.
func TestShardsMergeToTheSweep(t *testing.T) {
	dir := t.TempDir()
	sweepRows(t, nil, filepath.Join(dir, "full.csv"))
	one := filepath.Join(dir, "full-merged.csv")
	if _, stderr, code := runHeadless(t, "merge", "-out", one, filepath.Join(dir, "full.csv")); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	shards := []string{filepath.Join(dir, "s0.csv"), filepath.Join(dir, "s1.csv"), filepath.Join(dir, "s2.csv")}
	sweepRows(t, nil, shards[0], "-shard", "0/3")
	sweepRows(t, append(os.Environ(), "SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_COUNT=3"), shards[1])
	sweepRows(t, append(os.Environ(), "JOB_COMPLETION_INDEX=2"), shards[2], "-shards", "3")
	merged := filepath.Join(dir, "merged.csv")
	_, stderr, code := runHeadless(t, append([]string{"merge", "-out", merged}, shards...)...)
	if code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	a, _ := os.ReadFile(one)
	b, _ := os.ReadFile(merged)
	if !bytes.Equal(a, b) || len(a) == 0 {
		t.Errorf("the merged shards:\n%s\ndiffer from the merged sweep:\n%s", b, a)
	}
	// Two shards of three are not the sweep: merge says so.
	_, stderr, code = runHeadless(t, "merge", "-out", filepath.Join(dir, "part.csv"), shards[0], shards[1])
	if code != 1 || !strings.Contains(stderr, "missing") {
		t.Errorf("merging 2 of 3 shards: exit %d, %q; want 1 and the runs missing", code, stderr)
	}
}

func TestStudyBadInputExits2(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other.csv")
	sweepRows(t, nil, other, "-seeds", "1")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep", "-nudge", "100ms:400ms"}, "-nudge"},
		{[]string{"sweep", "-nudge", "100ms:400ms:1"}, "-nudge"},
		{[]string{"sweep", "-refractory", "0,1s,9s"}, "-refractory"},
		{[]string{"sweep", "-period", "1s,5s", "-refractory", "2s"}, "in the sweep's run -period=1s -refractory=2s"},
		{[]string{"sweep", "-seed", "3..1"}, "-seed"},
		{[]string{"sweep", "-seeds", "0"}, "-seeds"},
		{[]string{"sweep", "-seeds", "2", "-seed", "4"}, "-seeds"},
		{[]string{"sweep", "-grid", "50,2x2"}, "-grid"},
		{[]string{"sweep", "-nudge", "1s,1s"}, "-nudge: 1s is in the list twice"},
		{[]string{"sweep", "-shard", "2/2"}, "-shard"},
		{[]string{"sweep", "-format", "xml"}, "-format"},
		{[]string{"sweep", "-json"}, "-json: not for sweep"},
		{[]string{"sweep", "-duration", "0"}, "-duration"},
		{[]string{"sweep", "-bogus"}, "unknown flag -bogus"},
		{append(slices.Clone(studySpec), "-out", other), "holds rows of sweep"},
		{[]string{"sweep", "-out", dir}, "-out"},
		{[]string{"merge"}, "merge: no files"},
		{[]string{"merge", dir}, "is a folder"},
		{[]string{"merge", "/no/such/file.csv"}, "no such file"},
		{[]string{"plot"}, "want series, heatmap or curve"},
		{[]string{"plot", "bars", "x.csv"}, "want series, heatmap or curve"},
		{[]string{"plot", "series", "-out", "r.gif", other}, "-out"},
		{[]string{"plot", "series", "x.csv"}, "-out: needed"},
		{[]string{"plot", "heatmap", "-out", filepath.Join(dir, "h.png"), "-x", "speed", other}, "-x"},
		{[]string{"plot", "heatmap", "-out", filepath.Join(dir, "h.png"), "-size", "10x10", other}, "-size"},
	} {
		_, stderr, code := runHeadless(t, tc.args...)
		if code != 2 || !oneLine(stderr) || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line with %q", tc.args, code, stderr, tc.want)
		}
	}
}

// TestPlotsFromTheProgram: the series and heat map of real runs, drawn by
// the program, are PNGs of the size asked for with a picture in them.
func TestPlotsFromTheProgram(t *testing.T) {
	dir := t.TempDir()
	series := filepath.Join(dir, "seed8.csv")
	if _, stderr, code := runHeadless(t, append([]string{"-series", series}, seriesArgs...)...); code != 0 {
		t.Fatalf("series: exit %d: %s", code, stderr)
	}
	rows := filepath.Join(dir, "rows.csv")
	sweepRows(t, nil, rows)
	for _, tc := range []struct {
		args []string
		w, h int
	}{
		{[]string{"plot", "series", "-out", filepath.Join(dir, "r.png"), series}, 800, 600},
		{[]string{"plot", "heatmap", "-out", filepath.Join(dir, "h.png"), "-size", "500x420", rows}, 500, 420},
	} {
		if _, stderr, code := runHeadless(t, tc.args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, stderr)
		}
		checkPNG(t, tc.args[3], tc.w, tc.h)
	}
}

// checkPNG decodes the image at path and checks its size and that it
// holds a picture: many pixels besides the white background, of several
// colours.
func checkPNG(t *testing.T, path string, w, h int) {
	t.Helper()
	img := readPNG(t, path)
	if got := img.Bounds().Size(); got != (image.Point{X: w, Y: h}) {
		t.Errorf("%s: %v pixels, want %dx%d", path, got, w, h)
	}
	ink := 0
	colours := map[[3]uint32]bool{}
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r != 0xffff || g != 0xffff || b != 0xffff {
				ink++
				colours[[3]uint32{r >> 8, g >> 8, b >> 8}] = true
			}
		}
	}
	if ink < w*h/50 || len(colours) < 10 {
		t.Errorf("%s: %d pixels of %d colours besides the background, want a picture", path, ink, len(colours))
	}
}

// TestStudyOutputFailsAtOnce: a sweep or merge whose -out fails (a full
// disk) stops at once, with one line naming the flag and the path, and
// status 3.
func TestStudyOutputFailsAtOnce(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full")
	}
	rows := filepath.Join(t.TempDir(), "rows.csv")
	sweepRows(t, nil, rows, "-seeds", "1")
	for _, args := range [][]string{
		append(slices.Clone(studySpec), "-out", "/dev/full"),
		{"merge", "-out", "/dev/full", rows},
	} {
		_, stderr, code := runHeadless(t, args...)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		last := lines[len(lines)-1]
		if code != 3 || !strings.Contains(last, "-out /dev/full: write /dev/full: no space left on device") || strings.Contains(stderr, "goroutine") {
			t.Errorf("%v: exit %d, stderr %q; want 3 and a line naming -out /dev/full", args[:2], code, stderr)
		}
	}
}

// TestSweepOfVariants: the variants' flags are sweep axes too; each row
// names its variant in its columns and is what a single run with those
// flags gives.
func TestSweepOfVariants(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rows.csv")
	args := []string{"sweep", "-grid", "24", "-duration", "20s", "-seeds", "1", "-out", path,
		"-response", "advance,fire", "-noise", "0s,20ms", "-neighbours", "moore,radius:2", "-threshold", "1,2",
		"-edges", "free"}
	if _, stderr, code := runHeadless(t, args...); code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, stderr)
	}
	lines := fileLines(t, path)
	header, rows := strings.Split(lines[0], ","), lines[1:]
	if len(rows) != 16 {
		t.Fatalf("got %d rows, want 16", len(rows))
	}
	hashes := map[string]bool{}
	for _, line := range rows {
		row := map[string]string{}
		for i, v := range strings.Split(line, ",") {
			row[header[i]] = v
		}
		run := []string{"-grid", "24", "-duration", "20s", "-seed", row["seed"], "-json",
			"-response", row["response"], "-noise", row["noise_seconds"] + "s", "-neighbours", row["neighbours"],
			"-threshold", row["threshold"], "-edges", row["edges"], "-topology", row["topology"],
			"-period-spread", row["period_spread_seconds"] + "s"}
		stdout, stderr, code := runHeadless(t, run...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", run, code, stderr)
		}
		s := summary(t, stdout)
		for _, col := range []string{"response", "neighbours", "edges", "topology", "trace_hash"} {
			if row[col] != s[col] {
				t.Errorf("%v: %s: row has %q, the run %v", run, col, row[col], s[col])
			}
		}
		for _, col := range []string{"threshold", "noise_seconds", "period_spread_seconds"} {
			if got, err := strconv.ParseFloat(row[col], 64); err != nil || got != s[col] {
				t.Errorf("%v: %s: row has %q, the run %v", run, col, row[col], s[col])
			}
		}
		if row["response"] == "advance" { // with fire, the swarm flashes as one at once, threshold 1 or 2
			hashes[row["trace_hash"]] = true
		}
	}
	if len(hashes) != 8 {
		t.Errorf("%d distinct traces in the 8 rows of -response advance: the variants did not all change the run", len(hashes))
	}
}

// TestSweepOfClocks: -clock is a sweep axis and -measures fills the rows'
// measures: a sweep over -clock ticks,exact holds rows of both clocks,
// each what the single run with its clock and -measures prints in its
// -json summary, its measures included; the clock ticks' rows have the
// traces that the sweep of the same runs wrote before the clock was an
// axis (sweep/testdata/old-header.csv: studySpec's sweep, with the
// program of then).
func TestSweepOfClocks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "clocks.csv")
	rows, _ := sweepRows(t, nil, path, "-clock", "ticks,exact", "-measures")
	header := strings.Split(fileLines(t, path)[0], ",")
	if len(rows) != 16 {
		t.Fatalf("got %d rows, want 16", len(rows))
	}
	old := map[string]string{} // the old file's traces by nudge, refractory time and seed
	oldLines := fileLines(t, "../sweep/testdata/old-header.csv")
	oldHeader := strings.Split(oldLines[0], ",")
	for _, line := range oldLines[1:] {
		row := map[string]string{}
		for i, v := range strings.Split(line, ",") {
			row[oldHeader[i]] = v
		}
		old[row["nudge_seconds"]+","+row["refractory_seconds"]+","+row["seed"]] = row["trace_hash"]
	}
	clocks := map[string]int{}
	for _, line := range rows {
		row := map[string]string{}
		for i, v := range strings.Split(line, ",") {
			row[header[i]] = v
		}
		clocks[row["clock"]]++
		args := []string{"-grid", "30x24", "-nudge", row["nudge_seconds"] + "s", "-refractory", row["refractory_seconds"] + "s",
			"-seed", row["seed"], "-duration", "90s", "-until-sync", "-clock", row["clock"], "-measures", "-json"}
		stdout, stderr, code := runHeadless(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		s := summary(t, stdout)
		m, _ := s["measures"].(map[string]any)
		if m == nil || row["groups"] == "" || row["locked"] == "" {
			t.Fatalf("%v: measures: the row has %q, %q; the run %v", args, row["groups"], row["locked"], s["measures"])
		}
		for _, col := range []string{"groups", "locked", "time_to_full_sync_seconds"} {
			got, err := strconv.ParseFloat(row[col], 64)
			switch want := m[col]; {
			case want == nil && row[col] != "":
				t.Errorf("%v: %s: the row has %q, the run null", args, col, row[col])
			case want != nil && (err != nil || got != want.(float64)):
				t.Errorf("%v: %s: the row has %q, the run %v", args, col, row[col], want)
			}
		}
		if row["trace_hash"] != s["trace_hash"] || row["clock"] != s["clock"] {
			t.Errorf("%v: the row's trace %s and clock %s, the run's %v and %v", args, row["trace_hash"], row["clock"], s["trace_hash"], s["clock"])
		}
		was := old[row["nudge_seconds"]+","+row["refractory_seconds"]+","+row["seed"]]
		if (row["clock"] == "ticks") != (row["trace_hash"] == was) {
			t.Errorf("%v: trace %s, the old sweep's %s: want the same for the clock ticks only", args, row["trace_hash"], was)
		}
	}
	if clocks["ticks"] != 8 || clocks["exact"] != 8 {
		t.Errorf("rows of each clock: %v, want 8 of each", clocks)
	}

	// The measures summarised, each cell's over its 2 measured runs, and
	// drawn.
	dir := filepath.Dir(path)
	cells := filepath.Join(dir, "cells.csv")
	if _, stderr, code := runHeadless(t, "summarize", "-out", cells, path); code != 0 {
		t.Fatalf("summarize: exit %d: %s", code, stderr)
	}
	lines := fileLines(t, cells)
	names := strings.Split(lines[0], ",")
	if len(lines) != 9 {
		t.Fatalf("summarize: got %d lines, want the header and 8 cells", len(lines))
	}
	for _, line := range lines[1:] {
		cell := map[string]string{}
		for i, v := range strings.Split(line, ",") {
			cell[names[i]] = v
		}
		if cell["measured"] != "2" || cell["groups_median"] == "" || cell["locked_q1"] == "" || cell["full_sync_fraction"] == "" ||
			(cell["full_sync_fraction"] != "0") != (cell["time_to_full_sync_q1"] != "never") {
			t.Errorf("summarize: the cell %s: want 2 runs measured, their groups, locked and fraction fully synchronised, a time to full sync where one reached it", line)
		}
	}
	for _, z := range []string{"groups", "locked", "time_to_full_sync"} {
		args := []string{"plot", "heatmap", "-x", "nudge", "-y", "refractory", "-z", z, "-out", filepath.Join(dir, z+".png"), path}
		if _, stderr, code := runHeadless(t, args...); code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
	}
}
