package sweep

import (
	"cmp"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/params"
	"github.com/firefly-observatory/fireflies/report"
)

func parse(t *testing.T, args ...string) *plan {
	t.Helper()
	c, err := config.ParseCommand(config.Sweep, args, config.Headless, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlan(c)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPlanListsEveryCombinationSeedLast(t *testing.T) {
	p := parse(t, "-refractory", "0,1s", "-nudge", "100ms:300ms:3", "-seed", "7..8", "-duration", "20s")
	if p.runs != 12 {
		t.Fatalf("runs: got %d, want 3 nudges × 2 refractory times × 2 seeds", p.runs)
	}
	for i, w := range []string{
		"-nudge=100ms -refractory=0s -duration=20s -seed=7",
		"-nudge=100ms -refractory=0s -duration=20s -seed=8",
		"-nudge=100ms -refractory=1s -duration=20s -seed=7",
		"-nudge=200ms -refractory=0s -duration=20s -seed=7",
	} {
		idx := []int{0, 1, 2, 4}[i]
		if got := strings.Join(p.args(idx)[:len(p.axes)], " "); got != w {
			t.Errorf("run %d: got %s, want %s", idx, got, w)
		}
	}
	// A row says which run it is.
	for i := range p.runs {
		cfg, err := p.config(i)
		if err != nil {
			t.Fatal(err)
		}
		r := newRow(p.id, p.runs, cfg, report.Results{TraceHash: "x"})
		if got, err := p.indexOf(r); err != nil || got != i {
			t.Errorf("run %d: its row is run %d (%v)", i, got, err)
		}
	}
}

// TestSweepIdentity: the same sweep written two ways is one sweep; any
// change to what it runs makes another.
func TestSweepIdentity(t *testing.T) {
	a := parse(t, "-nudge", "100ms,200ms", "-seeds", "3", "-jobs", "1", "-out", "x.csv")
	b := parse(t, "-seed", "1..3", "-nudge", "0.1s,200ms", "-workers", "2", "-shard", "1/2")
	if a.id != b.id {
		t.Errorf("the same runs gave sweeps %s and %s", a.id, b.id)
	}
	for _, args := range [][]string{
		{"-nudge", "100ms,200ms", "-seeds", "4"},
		{"-nudge", "100ms,300ms", "-seeds", "3"},
		{"-nudge", "100ms,200ms", "-seeds", "3", "-until-sync"},
		{"-nudge", "100ms,200ms", "-seeds", "3", "-duration", "31s"},
	} {
		if c := parse(t, args...); c.id == a.id {
			t.Errorf("%v: sweep %s, the same as a different sweep's", args, c.id)
		}
	}
}

func TestShardsPartitionTheRuns(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		o    config.SweepOptions
		want config.Shard
		bad  string
	}{
		{nil, config.SweepOptions{}, config.Shard{K: 0, N: 1}, ""},
		{nil, config.SweepOptions{Shard: config.Shard{K: 2, N: 5}}, config.Shard{K: 2, N: 5}, ""},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"}, config.SweepOptions{}, config.Shard{K: 3, N: 4}, ""},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "2"}, config.SweepOptions{}, config.Shard{K: 3, N: 4}, ""},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "8", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_STEP": "4"}, config.SweepOptions{}, config.Shard{K: 2, N: 4}, ""},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"}, config.SweepOptions{Shard: config.Shard{K: 0, N: 2}}, config.Shard{K: 0, N: 2}, ""},
		{map[string]string{"JOB_COMPLETION_INDEX": "6"}, config.SweepOptions{Shards: 10}, config.Shard{K: 6, N: 10}, ""},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "4"}, config.SweepOptions{}, config.Shard{}, "not one of 4 tasks"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "4"}, config.SweepOptions{}, config.Shard{}, "SLURM_ARRAY_TASK_ID"},
		{map[string]string{"JOB_COMPLETION_INDEX": "6"}, config.SweepOptions{}, config.Shard{}, "-shards: needed"},
		{map[string]string{"JOB_COMPLETION_INDEX": "6"}, config.SweepOptions{Shards: 6}, config.Shard{}, "want less than -shards 6"},
		{nil, config.SweepOptions{Shards: 6}, config.Shard{}, "only with"},
	} {
		got, err := shardOf(tc.o, func(k string) string { return tc.env[k] })
		switch {
		case tc.bad != "" && (err == nil || !strings.Contains(err.Error(), tc.bad)):
			t.Errorf("%v %+v: got %v, %v; want an error with %q", tc.env, tc.o, got, err, tc.bad)
		case tc.bad == "" && (err != nil || got != tc.want):
			t.Errorf("%v %+v: got %v, %v; want %v", tc.env, tc.o, got, err, tc.want)
		}
	}
}

func TestRowsReadBackAsWritten(t *testing.T) {
	tts := 151.5
	for _, r := range []Row{
		{Sweep: "abc", Runs: 4, Point: point(components.Model{Width: 50, Height: 40, Period: 5 * time.Second, Nudge: 200 * time.Millisecond,
			Refractory: time.Second, Jitter: 100 * time.Millisecond, Glow: 0.3, Seed: 7}, 600*time.Second, true), Results: report.Results{Ticks: 9390, SimSeconds: 156.5, TimeToSyncSeconds: &tts,
			R: 0.9926903276468733, Flashes: 93645, Avalanches: 17446, LargestAvalanche: 1767, MeanAvalanche: 5.3677060644273755, TraceHash: "113e0f44c15cae16"}},
		{Sweep: "abc", Runs: 4, Point: point(components.Model{Width: 3, Height: 3, Period: 100 * time.Millisecond, Glow: 1, Seed: 1<<63 + 5,
			Response: "fire", Threshold: 2, PeriodSpread: 7 * time.Nanosecond, Neighbours: "radius:2", Topology: "smallworld:0.25"}, 1, false),
			Results: report.Results{Ticks: 1, R: 1e-7, TraceHash: "0000000000000000"}},
	} {
		for _, line := range [][]byte{r.CSV(), r.JSON()} {
			got, err := ParseLine(strings.TrimSuffix(string(line), "\n"))
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			if string(got.CSV()) != string(r.CSV()) {
				t.Errorf("got %s, want %s", got.CSV(), r.CSV())
			}
			if !reflect.DeepEqual(got, r) {
				t.Errorf("%s: got %+v, want %+v", line, got, r)
			}
		}
	}
	for _, bad := range []string{"", "a,b", "a,x," + strings.Repeat("1,", 18) + "h", `{"sweep":"a"}`, `{"sweep":"a","trace_hash":"b","extra":1}`} {
		if _, err := ParseLine(bad); err == nil {
			t.Errorf("%q: read as a row", bad)
		}
	}
}

// point is a row's parameters, the variants' at their defaults where m
// leaves them zero, as a row reads them back.
func point(m components.Model, d time.Duration, untilSync bool) params.Point {
	m.Response = cmp.Or(m.Response, "advance")
	m.Threshold = max(m.Threshold, 1)
	m.Neighbours, m.Edges, m.Topology = cmp.Or(m.Neighbours, "moore"), cmp.Or(m.Edges, "torus"), cmp.Or(m.Topology, "lattice")
	m.Clock, m.CouplingScale = cmp.Or(m.Clock, "ticks"), cmp.Or(m.CouplingScale, "none")
	return params.Point{Model: m, Duration: d, UntilSync: strconv.FormatBool(untilSync)}
}
