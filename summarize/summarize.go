// Package summarize is fireflies summarize: a sweep's rows folded into
// one line per cell (every parameter but the seed), with how many runs
// the cell has, how many synchronised, and the median and quartiles of
// each result over its seeds, as CSV. Its cells and quantiles are also
// what plot curve draws.
package summarize

import (
	"cmp"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/merge"
	"github.com/firefly-observatory/fireflies/output"
	"github.com/firefly-observatory/fireflies/params"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/sweep"
)

// Results are the results a cell summarises, as plot's -z names them.
var Results = config.PlotResults

// Result is a row's value of one of [Results]; a run that never
// synchronised took +Inf to.
func Result(r sweep.Row, name string) float64 {
	switch name {
	case "time_to_sync":
		if r.TimeToSyncSeconds == nil {
			return math.Inf(1)
		}
		return *r.TimeToSyncSeconds
	case "r":
		return r.R
	case "flashes":
		return float64(r.Flashes)
	case "avalanches":
		return float64(r.Avalanches)
	case "largest_avalanche":
		return float64(r.LargestAvalanche)
	}
	return r.MeanAvalanche
}

// Spread is the median and quartiles of a cell's values of a result.
type Spread struct {
	Q1, Median, Q3 float64 // +Inf past the runs that synchronised
}

// Quartiles are vs' quartiles and median, by linear interpolation
// between the order statistics (R's and numpy's default), +Inf counting
// as larger than any value: a quantile that falls among runs that never
// synchronised is +Inf. NaN for no values.
func Quartiles(vs []float64) Spread {
	if len(vs) == 0 {
		return Spread{math.NaN(), math.NaN(), math.NaN()}
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	q := func(p float64) float64 {
		h := p * float64(len(s)-1)
		lo := int(math.Floor(h))
		hi := min(lo+1, len(s)-1)
		a, b := s[lo], s[hi]
		if math.IsInf(b, 1) {
			if h == float64(lo) {
				return a
			}
			return b
		}
		return a + (h-float64(lo))*(b-a)
	}
	return Spread{q(0.25), q(0.5), q(0.75)}
}

// Cell is the runs of a sweep with the same parameters but the seed.
type Cell struct {
	Point  params.Point // the cell's parameters; the seed is the first run's
	Runs   int
	Synced int // runs that synchronised
	Rows   []sweep.Row
}

// Cells groups rows, sorted as merge sorts them (parameters, then the
// seed), into their cells, in order.
func Cells(rows []sweep.Row) []Cell {
	var cells []Cell
	key := func(r sweep.Row) string {
		p := r.Point
		p.Model.Seed = 0
		return strings.Join(params.RowText(p), ",")
	}
	last := ""
	for _, r := range rows {
		k := key(r)
		if len(cells) == 0 || k != last {
			cells = append(cells, Cell{Point: r.Point})
			last = k
		}
		c := &cells[len(cells)-1]
		c.Runs++
		if r.TimeToSyncSeconds != nil {
			c.Synced++
		}
		c.Rows = append(c.Rows, r)
	}
	return cells
}

// Of is the spread of result name over the cell's runs.
func (c Cell) Of(name string) Spread {
	vs := make([]float64, len(c.Rows))
	for i, r := range c.Rows {
		vs[i] = Result(r, name)
	}
	return Quartiles(vs)
}

// Header is the first line of a summary: the parameters' columns but the
// seed, runs, synced, then each result's median and quartiles.
func Header() string {
	var cols []string
	for _, c := range params.Columns() {
		if c != "seed" {
			cols = append(cols, c)
		}
	}
	cols = append(cols, "runs", "synced")
	for _, r := range Results {
		cols = append(cols, r+"_median", r+"_q1", r+"_q3")
	}
	return strings.Join(cols, ",") + "\n"
}

// Line is the cell's line of a summary, as [Header] names its columns; a
// quantile among the runs that never synchronised is written "never".
func (c Cell) Line() string {
	var f []string
	for i, t := range params.RowText(c.Point) {
		if params.Columns()[i] != "seed" {
			f = append(f, t)
		}
	}
	f = append(f, strconv.Itoa(c.Runs), strconv.Itoa(c.Synced))
	num := func(v float64) string {
		if math.IsInf(v, 1) {
			return "never"
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	for _, r := range Results {
		s := c.Of(r)
		f = append(f, num(s.Median), num(s.Q1), num(s.Q3))
	}
	return strings.Join(f, ",") + "\n"
}

// Run is fireflies summarize: args are its flags and the sweep's files
// (shards are merged first, as merge does); warnings go to warn.
func Run(args []string, b config.Build, stdout, warn io.Writer) error {
	c, err := config.ParseCommand(config.Summarize, args, b, stdout)
	if err != nil || c.Help {
		return err
	}
	rows, err := merge.Read("summarize", c.Files, warn)
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return config.Errorf("summarize: %s hold no rows", strings.Join(c.Files, ", "))
	}
	out := output.Stdout()
	if c.Out != "" {
		if st, err := os.Stat(c.Out); err == nil {
			for _, in := range c.Files {
				if ist, err := os.Stat(in); err == nil && os.SameFile(st, ist) {
					return config.Errorf("-out: %s is also one of the sweep's files; write the summary to another", c.Out)
				}
			}
		}
		if out, err = output.Open(c.Out); err != nil {
			return &report.OutputError{Flag: "out", Err: err}
		}
	}
	out.Line([]byte(Header()))
	for _, cell := range Cells(rows) {
		out.Line([]byte(cell.Line()))
	}
	err = out.Flush()
	if c.Out != "" {
		err = cmp.Or(err, out.Close())
	}
	if err != nil {
		return &report.OutputFailed{Flag: "out", Path: cmp.Or(c.Out, "stdout"), Err: err}
	}
	return nil
}
