package report_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/systems"
)

// run simulates a 40×30 swarm for d with the series every `every` and the
// avalanche sizes, and returns the two files' lines and the sim.
func run(t *testing.T, workers int, d, every time.Duration) (series, avalanches []string, sim *systems.Sim) {
	return runWith(t, components.Model{}, systems.Options{Workers: workers, AvalancheSizes: true}, d, every, nil)
}

// runWith is [run] with the options o, for the model m (the default
// model's 40×30, seed 5, if m is zero); during, if not nil, is called
// after each tick, before the series takes it.
func runWith(t *testing.T, m components.Model, o systems.Options, d, every time.Duration, during func(sim *systems.Sim)) (series, avalanches []string, sim *systems.Sim) {
	t.Helper()
	dir := t.TempDir()
	sp, ap := filepath.Join(dir, "s.csv"), filepath.Join(dir, "a.csv")
	if m.Width == 0 {
		m = components.DefaultModel()
		m.Width, m.Height, m.Seed = 40, 30, 5
	}
	in, err := report.Open(report.Outputs{
		MetricsInterval: time.Second, Series: sp, SeriesEvery: every, Avalanches: ap,
		Warn: func(s string) { t.Error(s) },
	})
	if err != nil {
		t.Fatal(err)
	}
	sim, err = systems.New(m, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sim.Close)
	if err := in.Start(sim); err != nil {
		t.Fatal(err)
	}
	for range systems.Ticks(d) {
		sim.Update()
		if during != nil {
			during(sim)
		}
		in.Tick(time.Millisecond)
	}
	in.Close()
	if err := in.Failed(); err != nil {
		t.Fatal(err)
	}
	read := func(p string) []string {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	}
	return read(sp), read(ap), sim
}

func TestSeriesLines(t *testing.T) {
	lines, _, sim := run(t, 2, 20*time.Second, 250*time.Millisecond)
	if lines[0]+"\n" != report.SeriesHeader {
		t.Fatalf("header: got %q, want %q: a run that does not measure the groups", lines[0], report.SeriesHeader)
	}
	rows := lines[1:]
	if got, want := len(rows), 20*4+1; got != want {
		t.Fatalf("got %d lines, want %d: one at 0 and one every 250ms", got, want)
	}
	var flashes int64
	for i, row := range rows {
		f := strings.Split(row, ",")
		if len(f) != 8 {
			t.Fatalf("line %d: %q, want 8 fields", i+1, row)
		}
		if want := strconv.FormatFloat(float64(i)*0.25, 'f', -1, 64); f[0] != want {
			t.Errorf("line %d: t %s, want %s", i+1, f[0], want)
		}
		r, err := strconv.ParseFloat(f[1], 64)
		if err != nil || r < 0 || r > 1 {
			t.Errorf("line %d: r %q, want a number in [0, 1]", i+1, f[1])
		}
		n, _ := strconv.ParseInt(f[2], 10, 64)
		flashes += n
		pulse, _ := strconv.ParseFloat(f[4], 64)
		if want := float64(n) / 1200; pulse != want {
			t.Errorf("line %d: pulse %v, want flashes/fireflies %v", i+1, pulse, want)
		}
		largest, _ := strconv.ParseInt(f[5], 10, 64)
		if largest > n {
			t.Errorf("line %d: largest avalanche %d of %d flashes", i+1, largest, n)
		}
	}
	if flashes != sim.Obs.TotalFlashes {
		t.Errorf("the lines' flashes sum to %d, want the run's %d", flashes, sim.Obs.TotalFlashes)
	}
}

// TestSeriesMeasures: a run that measures the groups writes
// [report.SeriesMeasuresHeader] and, on each line, the groups, the locked
// fraction and full_sync as the world held them at the line's tick: the
// last line the world's at the end, full_sync 0 until the time to full
// synchrony and 1 from it on.
func TestSeriesMeasures(t *testing.T) {
	m := components.DefaultModel()
	m.Width, m.Height, m.Seed = 16, 16, 1 // full synchrony at 88.8 s (systems' TestFullSyncAt)
	lines, _, sim := runWith(t, m, systems.Options{Workers: 2, Measures: true}, 120*time.Second, time.Second, nil)
	if lines[0]+"\n" != report.SeriesMeasuresHeader {
		t.Fatalf("header: got %q, want %q", lines[0], report.SeriesMeasuresHeader)
	}
	groupsAt, lockedAt, fullAt := report.SeriesColumn(lines[0], "groups"), report.SeriesColumn(lines[0], "locked"), report.SeriesColumn(lines[0], "full_sync")
	at, first := sim.Obs.FullSyncAt, -1.0
	if at < 0 {
		t.Fatalf("no full synchrony in 120 s; want the default 16x16's at about 88.8 s")
	}
	for i, row := range lines[1:] {
		f := strings.Split(row, ",")
		if len(f) != 11 {
			t.Fatalf("line %d: %q, want 11 fields", i+1, row)
		}
		groups, err1 := strconv.Atoi(f[groupsAt])
		locked, err2 := strconv.ParseFloat(f[lockedAt], 64)
		if err1 != nil || err2 != nil || groups < 0 || locked < 0 || locked > 1 {
			t.Errorf("line %d: groups %q, locked %q: want a count and a fraction", i+1, f[groupsAt], f[lockedAt])
		}
		switch full := f[fullAt]; {
		case full != "0" && full != "1":
			t.Errorf("line %d: full_sync %q, want 0 or 1", i+1, full)
		case full == "1" && first < 0:
			first = float64(i)
		case full == "0" && first >= 0:
			t.Errorf("line %d: full_sync back to 0 after 1 at %v s", i+1, first)
		}
	}
	// Full synchrony is known once a second cycle confirms it.
	if period := m.Period.Seconds(); first < at || first > at+2*period {
		t.Errorf("full_sync first 1 at %v s, want within two periods after the time to full synchrony, %v s", first, at)
	}
	last := strings.Split(lines[len(lines)-1], ",")
	if want := strconv.Itoa(sim.Obs.Groups); last[groupsAt] != want {
		t.Errorf("last line: groups %s, want the world's %s", last[groupsAt], want)
	}
	if want := strconv.FormatFloat(sim.Obs.Locked, 'f', -1, 64); last[lockedAt] != want {
		t.Errorf("last line: locked %s, want the world's %s", last[lockedAt], want)
	}
	if sim.Obs.Groups != 1 || sim.Obs.Locked < 0.99 {
		t.Errorf("at the end, fully synchronised: groups %d, locked %v; want 1 and about 1", sim.Obs.Groups, sim.Obs.Locked)
	}
}

// TestSeriesSyncColumns: synced and sync_episodes are the world's
// [components.ObservationsData] InSync and Episodes at each line's tick,
// through a demonstration: the classroom's coupling and spread of periods
// fall into step, the coupling off makes them fall apart, back on brings
// them back.
func TestSeriesSyncColumns(t *testing.T) {
	m := components.DefaultModel()
	m.Width, m.Height, m.Seed = 40, 30, 1
	m.Nudge, m.PeriodSpread = 400*time.Millisecond, 400*time.Millisecond // -preset classroom
	// A line every 500 ms, at R's cadence; want is the world's
	// synced,sync_episodes at each line's tick.
	const every = 30
	var want []string
	lines, _, sim := runWith(t, m, systems.Options{Workers: 2}, 150*time.Second, every*time.Second/systems.TPS, func(sim *systems.Sim) {
		switch sim.Swarm.Tick {
		case 40 * systems.TPS, 90 * systems.TPS: // the coupling off, and on again
			m := sim.Model
			m.Nudge = 400*time.Millisecond - m.Nudge
			if err := sim.SetModel(m); err != nil {
				t.Fatal(err)
			}
		}
		if sim.Swarm.Tick%every == 0 {
			want = append(want, fmt.Sprintf("%d,%d", b2i(sim.Obs.InSync), sim.Obs.Episodes))
		}
	})
	synced, episodes := report.SeriesColumn(lines[0], "synced"), report.SeriesColumn(lines[0], "sync_episodes")
	if synced != 6 || episodes != 7 {
		t.Fatalf("header %q: synced and sync_episodes at %d and %d, want 6 and 7", lines[0], synced, episodes)
	}
	var states []string
	for i, row := range lines[2:] { // after t = 0, which no tick ran before
		f := strings.Split(row, ",")
		got := f[synced] + "," + f[episodes]
		if got != want[i] {
			t.Fatalf("line at t = %s: synced,sync_episodes %s, want the world's %s", f[0], got, want[i])
		}
		if len(states) == 0 || states[len(states)-1] != got {
			states = append(states, got)
		}
	}
	if got, want := strings.Join(states, " "), "0,0 1,1 0,1 1,2"; got != want {
		t.Errorf("synced,sync_episodes went %s, want %s: in step, apart, in step again", got, want)
	}
	if !sim.Obs.InSync || sim.Obs.Episodes != 2 {
		t.Errorf("at the end: in sync %v, %d episodes; want true and 2", sim.Obs.InSync, sim.Obs.Episodes)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestSeriesSameForAnyWorkers: byte for byte, as the file is a function of
// the model, the seed and the tick.
func TestSeriesSameForAnyWorkers(t *testing.T) {
	want, _, _ := run(t, 1, 30*time.Second, 100*time.Millisecond)
	for _, workers := range []int{2, 3} {
		got, _, _ := run(t, workers, 30*time.Second, 100*time.Millisecond)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%d workers: the series differs from one worker's", workers)
		}
	}
}

// TestAvalancheDistributionSumsToFlashes: every flash is in exactly one
// avalanche.
func TestAvalancheDistributionSumsToFlashes(t *testing.T) {
	_, lines, sim := run(t, 2, 120*time.Second, time.Second)
	if lines[0]+"\n" != report.AvalanchesHeader {
		t.Fatalf("header: got %q, want %q", lines[0], report.AvalanchesHeader)
	}
	var flashes, count int64
	last := int64(0)
	for _, row := range lines[1:] {
		size, err1 := strconv.ParseInt(strings.Split(row, ",")[0], 10, 64)
		n, err2 := strconv.ParseInt(strings.Split(row, ",")[1], 10, 64)
		if err1 != nil || err2 != nil || size <= last || n <= 0 {
			t.Fatalf("line %q: want size,count with sizes rising and counts above 0", row)
		}
		last = size
		flashes += size * n
		count += n
	}
	if flashes != sim.Obs.TotalFlashes || count != sim.Obs.TotalAvalanches {
		t.Errorf("the distribution holds %d avalanches of %d flashes, want %d of %d",
			count, flashes, sim.Obs.TotalAvalanches, sim.Obs.TotalFlashes)
	}
	if int(last) != sim.Obs.MaxAvalanche {
		t.Errorf("largest size %d, want the largest avalanche %d", last, sim.Obs.MaxAvalanche)
	}
}
