package sweep

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/report"
)

// Row is one run of a sweep: the sweep it belongs to, the run's model and
// what it found. Nothing in it depends on the machine, the workers or the
// wall clock, so a run gives the same row wherever and whenever it runs:
// the shards' rows together are the unsharded sweep's.
type Row struct {
	Sweep string // the sweep's identity: a hash of its specification
	Runs  int    // runs in the whole sweep

	Width, Height                     int
	Period, Nudge, Refractory, Jitter float64 // seconds
	Glow                              float64
	Seed                              uint64
	Duration                          float64 // seconds
	UntilSync                         bool
	Variant

	report.Results
}

// Variant is a run's variant of the model (see README, "Variants of the
// model"), each setting named even at its default.
type Variant struct {
	Response            string
	Threshold           int
	PeriodSpread, Noise float64 // seconds
	Neighbours, Edges   string
	Topology            string
}

// Columns are the rows' fields, in order: the CSV header and the JSON
// keys.
var Columns = []string{
	"sweep", "runs", "width", "height", "period_seconds", "nudge_seconds", "refractory_seconds",
	"jitter_seconds", "glow", "seed", "duration_seconds", "until_sync",
	"response", "threshold", "period_spread_seconds", "noise_seconds", "neighbours", "edges", "topology",
	"ticks", "sim_seconds", "time_to_sync_seconds", "r", "flashes", "avalanches",
	"largest_avalanche", "mean_avalanche", "trace_hash",
}

// Header is the first line of a CSV of rows.
var Header = strings.Join(Columns, ",") + "\n"

// params are the columns that name a run: the model, the seed, how long,
// the variant.
const params = 17 // width … topology, after sweep and runs

// newRow is the row of a run of cfg that found res.
func newRow(id string, runs int, cfg config.Config, res report.Results) Row {
	m := cfg.Model
	return Row{
		Sweep: id, Runs: runs,
		Width: m.Width, Height: m.Height,
		Period: m.Period.Seconds(), Nudge: m.Nudge.Seconds(), Refractory: m.Refractory.Seconds(),
		Jitter: m.Jitter.Seconds(), Glow: m.Glow, Seed: m.Seed,
		Duration: cfg.Duration.Seconds(), UntilSync: cfg.UntilSync,
		Variant: Variant{
			Response: cmp.Or(m.Response, "advance"), Threshold: max(m.Threshold, 1),
			PeriodSpread: m.PeriodSpread.Seconds(), Noise: m.Noise.Seconds(),
			Neighbours: cmp.Or(m.Neighbours, "moore"), Edges: cmp.Or(m.Edges, "torus"),
			Topology: cmp.Or(m.Topology, "lattice"),
		},
		Results: res,
	}
}

// fields are the row's values as the CSV writes them.
func (r Row) fields() []string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	tts := ""
	if r.TimeToSyncSeconds != nil {
		tts = f(*r.TimeToSyncSeconds)
	}
	return []string{
		r.Sweep, strconv.Itoa(r.Runs), strconv.Itoa(r.Width), strconv.Itoa(r.Height),
		f(r.Period), f(r.Nudge), f(r.Refractory), f(r.Jitter), f(r.Glow),
		strconv.FormatUint(r.Seed, 10), f(r.Duration), strconv.FormatBool(r.UntilSync),
		r.Response, strconv.Itoa(r.Threshold), f(r.PeriodSpread), f(r.Noise), r.Neighbours, r.Edges, r.Topology,
		strconv.Itoa(r.Ticks), f(r.SimSeconds), tts, f(r.R), strconv.FormatInt(r.Flashes, 10),
		strconv.FormatInt(r.Avalanches, 10), strconv.Itoa(r.LargestAvalanche), f(r.MeanAvalanche), r.TraceHash,
	}
}

// Key names the run: its parameters, as the CSV writes them.
func (r Row) Key() string { return strings.Join(r.fields()[2:2+params], ",") }

// CSV is the row as a line of CSV.
func (r Row) CSV() []byte { return []byte(strings.Join(r.fields(), ",") + "\n") }

// jsonRow is a row as a JSON line, under the CSV's column names.
type jsonRow struct {
	Sweep             string   `json:"sweep"`
	Runs              int      `json:"runs"`
	Width             int      `json:"width"`
	Height            int      `json:"height"`
	Period            float64  `json:"period_seconds"`
	Nudge             float64  `json:"nudge_seconds"`
	Refractory        float64  `json:"refractory_seconds"`
	Jitter            float64  `json:"jitter_seconds"`
	Glow              float64  `json:"glow"`
	Seed              uint64   `json:"seed"`
	Duration          float64  `json:"duration_seconds"`
	UntilSync         bool     `json:"until_sync"`
	Response          string   `json:"response"`
	Threshold         int      `json:"threshold"`
	PeriodSpread      float64  `json:"period_spread_seconds"`
	Noise             float64  `json:"noise_seconds"`
	Neighbours        string   `json:"neighbours"`
	Edges             string   `json:"edges"`
	Topology          string   `json:"topology"`
	Ticks             int      `json:"ticks"`
	SimSeconds        float64  `json:"sim_seconds"`
	TimeToSyncSeconds *float64 `json:"time_to_sync_seconds"`
	R                 float64  `json:"r"`
	Flashes           int64    `json:"flashes"`
	Avalanches        int64    `json:"avalanches"`
	LargestAvalanche  int      `json:"largest_avalanche"`
	MeanAvalanche     float64  `json:"mean_avalanche"`
	TraceHash         string   `json:"trace_hash"`
}

// JSON is the row as a JSON line.
func (r Row) JSON() []byte {
	b, _ := json.Marshal(jsonRow{
		r.Sweep, r.Runs, r.Width, r.Height, r.Period, r.Nudge, r.Refractory, r.Jitter, r.Glow, r.Seed,
		r.Duration, r.UntilSync, r.Response, r.Threshold, r.PeriodSpread, r.Noise, r.Neighbours, r.Edges,
		r.Topology, r.Ticks, r.SimSeconds, r.TimeToSyncSeconds, r.R, r.Flashes,
		r.Avalanches, r.LargestAvalanche, r.MeanAvalanche, r.TraceHash,
	})
	return append(b, '\n')
}

// Line is the row as a line of the format, "csv" or "jsonl".
func (r Row) Line(format string) []byte {
	if format == "jsonl" {
		return r.JSON()
	}
	return r.CSV()
}

// ParseLine reads a row from a line of CSV or JSON (a line that starts
// with "{"), without its newline.
func ParseLine(line string) (Row, error) {
	if strings.HasPrefix(line, "{") {
		var j jsonRow
		d := json.NewDecoder(strings.NewReader(line))
		d.DisallowUnknownFields()
		if err := d.Decode(&j); err != nil {
			return Row{}, fmt.Errorf("not a row: %v", err)
		}
		r := Row{
			Sweep: j.Sweep, Runs: j.Runs, Width: j.Width, Height: j.Height, Period: j.Period, Nudge: j.Nudge,
			Refractory: j.Refractory, Jitter: j.Jitter, Glow: j.Glow, Seed: j.Seed, Duration: j.Duration,
			UntilSync: j.UntilSync,
			Variant: Variant{Response: j.Response, Threshold: j.Threshold, PeriodSpread: j.PeriodSpread,
				Noise: j.Noise, Neighbours: j.Neighbours, Edges: j.Edges, Topology: j.Topology},
			Results: report.Results{Ticks: j.Ticks, SimSeconds: j.SimSeconds, TimeToSyncSeconds: j.TimeToSyncSeconds,
				R: j.R, Flashes: j.Flashes, Avalanches: j.Avalanches, LargestAvalanche: j.LargestAvalanche,
				MeanAvalanche: j.MeanAvalanche, TraceHash: j.TraceHash},
		}
		if r.Sweep == "" || r.TraceHash == "" {
			return Row{}, errors.New("not a row: no sweep or trace_hash")
		}
		return r, nil
	}
	f := strings.Split(line, ",")
	if len(f) != len(Columns) {
		return Row{}, fmt.Errorf("got %d fields, want the %d of a sweep's row (%s)", len(f), len(Columns), strings.TrimSuffix(Header, "\n"))
	}
	var r Row
	var errs []error
	num := func(i int, p any) {
		var err error
		switch p := p.(type) {
		case *int:
			*p, err = strconv.Atoi(f[i])
		case *int64:
			*p, err = strconv.ParseInt(f[i], 10, 64)
		case *uint64:
			*p, err = strconv.ParseUint(f[i], 10, 64)
		case *float64:
			*p, err = strconv.ParseFloat(f[i], 64)
		case *bool:
			*p, err = strconv.ParseBool(f[i])
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: got %q", Columns[i], f[i]))
		}
	}
	r.Sweep = f[0]
	num(1, &r.Runs)
	num(2, &r.Width)
	num(3, &r.Height)
	num(4, &r.Period)
	num(5, &r.Nudge)
	num(6, &r.Refractory)
	num(7, &r.Jitter)
	num(8, &r.Glow)
	num(9, &r.Seed)
	num(10, &r.Duration)
	num(11, &r.UntilSync)
	r.Response = f[12]
	num(13, &r.Threshold)
	num(14, &r.PeriodSpread)
	num(15, &r.Noise)
	r.Neighbours, r.Edges, r.Topology = f[16], f[17], f[18]
	num(19, &r.Ticks)
	num(20, &r.SimSeconds)
	if f[21] != "" {
		var t float64
		num(21, &t)
		r.TimeToSyncSeconds = &t
	}
	num(22, &r.R)
	num(23, &r.Flashes)
	num(24, &r.Avalanches)
	num(25, &r.LargestAvalanche)
	num(26, &r.MeanAvalanche)
	r.TraceHash = f[27]
	if r.Sweep == "" || r.TraceHash == "" {
		errs = append(errs, errors.New("no sweep or trace_hash"))
	}
	if len(errs) > 0 {
		return Row{}, errs[0]
	}
	return r, nil
}

// Compare orders rows by their parameters, the seed last.
func Compare(a, b Row) int {
	return cmp.Or(
		cmp.Compare(a.Width, b.Width), cmp.Compare(a.Height, b.Height),
		cmp.Compare(a.Period, b.Period), cmp.Compare(a.Nudge, b.Nudge),
		cmp.Compare(a.Refractory, b.Refractory), cmp.Compare(a.Jitter, b.Jitter),
		cmp.Compare(a.Glow, b.Glow), cmp.Compare(a.Duration, b.Duration),
		boolCompare(a.UntilSync, b.UntilSync),
		cmp.Compare(a.Response, b.Response), cmp.Compare(a.Threshold, b.Threshold),
		cmp.Compare(a.PeriodSpread, b.PeriodSpread), cmp.Compare(a.Noise, b.Noise),
		cmp.Compare(a.Neighbours, b.Neighbours), cmp.Compare(a.Edges, b.Edges),
		cmp.Compare(a.Topology, b.Topology), cmp.Compare(a.Seed, b.Seed),
	)
}

func boolCompare(a, b bool) int {
	switch {
	case a == b:
		return 0
	case b:
		return -1
	}
	return 1
}
