// Package summarize is fireflies summarize: a sweep's rows folded into
// one line per cell (every parameter but the seed), with how many runs
// the cell has, how many synchronised, and the median and quartiles of
// each result over its seeds, as CSV; the measures' over the runs that
// measured them. Its cells and quantiles are also what plot curve draws.
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

// Result is a row's value of one of [Results]: +Inf for the time to a
// state the run never reached (a run that never synchronised, or never
// fully, took +Inf to), NaN for a measure of a run that did not measure
// them.
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
	case "mean_avalanche":
		return r.MeanAvalanche
	}
	m := r.Measures
	switch {
	case m == nil:
		return math.NaN()
	case name == "groups":
		return float64(m.Groups)
	case name == "locked":
		return m.Locked
	case name == "time_to_full_sync" && m.TimeToFullSyncSeconds == nil:
		return math.Inf(1)
	case name == "time_to_full_sync":
		return *m.TimeToFullSyncSeconds
	}
	panic("summarize: no result " + name) // a name of Results without a value here
}

// Spread is the median and quartiles of a cell's values of a result.
type Spread struct {
	Q1, Median, Q3 float64 // +Inf past the runs that reached the state; NaN for no values
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
	Point    params.Point // the cell's parameters; the seed is the first run's
	Runs     int
	Synced   int // runs that synchronised
	Measured int // runs that measured the measures
	Rows     []sweep.Row
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
		if r.Measures != nil {
			c.Measured++
		}
		c.Rows = append(c.Rows, r)
	}
	return cells
}

// Of is the spread of result name over the cell's runs that have it:
// all, but for a measure those that measured it.
func (c Cell) Of(name string) Spread {
	var vs []float64
	for _, r := range c.Rows {
		if v := Result(r, name); !math.IsNaN(v) {
			vs = append(vs, v)
		}
	}
	return Quartiles(vs)
}

// Reached counts the cell's runs that have result name (as [Cell.Of]
// takes them), and of those the runs whose value is finite: for a time
// to a state, the runs that reached it.
func (c Cell) Reached(name string) (reached, of int) {
	for _, r := range c.Rows {
		switch v := Result(r, name); {
		case math.IsNaN(v):
		case math.IsInf(v, 1):
			of++
		default:
			reached++
			of++
		}
	}
	return reached, of
}

// column is one of a summary's columns after the parameters': its name
// and its text in a cell's line.
type column struct {
	name string
	text func(Cell) string
}

// columns are a summary's columns after the parameters': runs and
// synced, then each result's median and quartiles, the measures' last:
// after measured (the runs that measured them, over which their
// quantiles are), and the time to full synchrony's after the fraction of
// those runs that reached it. A quantile that falls among the runs that
// never reached the state is "never", as [Quartiles] counts them; a
// value of no run (a cell none of whose runs measured) is empty.
var columns = func() []column {
	cols := []column{
		{"runs", func(c Cell) string { return strconv.Itoa(c.Runs) }},
		{"synced", func(c Cell) string { return strconv.Itoa(c.Synced) }},
	}
	measures := false
	for _, r := range Results {
		if r.Measure && !measures {
			measures = true
			cols = append(cols, column{"measured", func(c Cell) string { return strconv.Itoa(c.Measured) }})
		}
		if r.Name == "time_to_full_sync" {
			cols = append(cols, column{"full_sync_fraction", func(c Cell) string {
				reached, of := c.Reached(r.Name)
				if of == 0 {
					return ""
				}
				return num(float64(reached) / float64(of))
			}})
		}
		for i, q := range []string{"_median", "_q1", "_q3"} {
			cols = append(cols, column{r.Name + q, func(c Cell) string {
				s := c.Of(r.Name)
				return num([]float64{s.Median, s.Q1, s.Q3}[i])
			}})
		}
	}
	return cols
}()

func num(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "never"
	case math.IsNaN(v):
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Header is the first line of a summary: the parameters' columns but the
// seed, then those [columns] says.
func Header() string {
	var cols []string
	for _, c := range params.Columns() {
		if c != "seed" {
			cols = append(cols, c)
		}
	}
	for _, c := range columns {
		cols = append(cols, c.name)
	}
	return strings.Join(cols, ",") + "\n"
}

// Line is the cell's line of a summary, as [Header] names its columns.
func (c Cell) Line() string {
	var f []string
	for i, t := range params.RowText(c.Point) {
		if params.Columns()[i] != "seed" {
			f = append(f, t)
		}
	}
	for _, col := range columns {
		f = append(f, col.text(c))
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
