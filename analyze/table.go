// Package analyze reads a metrics log written by package metrics and
// reports how the frame rate relates to flush time, render jitter and
// synchrony.
package analyze

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/firefly-observatory/fireflies/metrics"
)

// maxLine is the longest line read, in bytes without its newline. A metrics
// line is under 2 KB, so a longer one is not a metrics line; holding it
// whole would let one bad file (or /dev/zero behind a pipe) take all memory.
const maxLine = 1 << 20

// maxExtra bounds the columns kept for metrics this build does not know,
// such as those of a newer build. Every column costs running sums with
// every other, so without a bound a log with a new key on each line would
// grow without end.
const maxExtra = 32

// Table summarises a metrics log by column in constant memory: for each
// pair of matrix columns, the running statistics that Pearson's r needs,
// over the rows that have both. Columns are named <metric>_<stat>, such as
// fps_min, and plain numbers keep their key, such as sim_time; only the
// columns that can go in the matrix are kept.
type Table struct {
	Read     int  // non-blank lines read, those over 1 MiB included
	Used     int  // lines that became rows
	Skipped  int  // lines that were not a JSON object with a numeric ts, or were over 1 MiB
	Overlong int  // of Skipped, the lines over 1 MiB
	Crowded  bool // over 32 unknown metrics: those after the first 32 were left out

	names []string       // the kept columns, in order of first appearance
	index map[string]int // position of each name in names
	extra int            // how many of names are unknown metrics

	// pairs holds columns i and j over the rows that have both, for j <= i,
	// at i*(i+1)/2+j (see at); a column paired with itself describes that
	// column. Columns are only ever appended, so the layout never moves.
	pairs []moments

	lowRow  map[string]float64 // the first row with the lowest fps_min; at most one line's worth
	lowLine int                // its input line, 0 while no row has fps_min
}

// ReadTable reads a metrics log line by line. Blank lines are not
// counted; malformed lines (not JSON, not an object, no numeric ts) are
// counted as skipped rather than failing the whole log, since the last line
// of a killed run may be cut short. Lines over 1 MiB are counted as skipped
// and discarded a buffer at a time, so memory stays constant however long
// the input or its lines. Only an error reading r is returned.
func ReadTable(r io.Reader) (*Table, error) {
	t := &Table{index: map[string]int{}}
	br := bufio.NewReaderSize(r, maxLine+1) // +1 for the newline
	for lineNo := 1; ; lineNo++ {
		line, err := br.ReadSlice('\n')
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			t.Read++
			t.Skipped++
			t.Overlong++
			err = skipLine(br)
		case len(bytes.TrimSpace(line)) > 0:
			t.Read++
			if row, ok := parseLine(line); ok {
				t.add(row, lineNo)
			} else {
				t.Skipped++
			}
		}
		if errors.Is(err, io.EOF) {
			return t, nil
		}
		if err != nil {
			return t, err
		}
	}
}

// skipLine discards the rest of the current line one buffer at a time, so
// that an overlong line is never held whole.
func skipLine(br *bufio.Reader) error {
	for {
		if _, err := br.ReadSlice('\n'); !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
	}
}

// parseLine returns the columns of one line, and false if it is malformed.
func parseLine(line []byte) (map[string]float64, bool) {
	var obj map[string]any
	if err := json.Unmarshal(line, &obj); err != nil || obj == nil {
		return nil, false
	}
	if _, ok := obj["ts"].(float64); !ok {
		return nil, false
	}
	row := map[string]float64{}
	// Sorted, so that when two keys name the same column (a plain "fps_min"
	// beside "fps": {"min"}) the same one wins on every run.
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		switch v := obj[k].(type) {
		case float64:
			if k != "ts" { // wall-clock time correlates with nothing useful
				row[k] = v
			}
		case map[string]any:
			for _, stat := range slices.Sorted(maps.Keys(v)) {
				if f, ok := v[stat].(float64); ok {
					row[k+"_"+stat] = f
				}
			}
		}
	}
	return row, true
}

func (t *Table) add(row map[string]float64, lineNo int) {
	type cell struct {
		col int
		v   float64
	}
	var cells []cell
	// Sorted, so that which unknown metrics fit under maxExtra does not
	// depend on map order.
	for _, name := range slices.Sorted(maps.Keys(row)) {
		if col, ok := t.column(name); ok {
			cells = append(cells, cell{col, row[name]})
		}
	}
	for a, ca := range cells {
		for _, cb := range cells[:a+1] {
			t.at(ca.col, cb.col).add(ca.v, cb.v)
		}
	}
	t.Used++
	if v, ok := row["fps_min"]; ok && (t.lowLine == 0 || v < t.lowRow["fps_min"]) {
		t.lowRow, t.lowLine = row, lineNo
	}
}

// column returns the number of the named column, adding it if it goes in
// the matrix and is new, and false if it is not kept.
func (t *Table) column(name string) (int, bool) {
	if i, ok := t.index[name]; ok {
		return i, true
	}
	keep, extra := matrixColumn(name)
	if !keep {
		return 0, false
	}
	if extra {
		if t.extra == maxExtra {
			t.Crowded = true
			return 0, false
		}
		t.extra++
	}
	i := len(t.names)
	t.names = append(t.names, name)
	t.index[name] = i
	t.pairs = append(t.pairs, make([]moments, i+1)...)
	return i, true
}

// matrixColumn reports whether the named column can go in the matrix, and
// whether it is the average of a metric this build does not know. Other
// stats are not kept: all of them would make the matrix unreadable.
func matrixColumn(name string) (keep, extra bool) {
	if name == "sim_time" || slices.Contains(lead, name) {
		return true, false
	}
	if metric, ok := strings.CutSuffix(name, "_avg"); ok {
		m, known := metrics.ParseMetric(metric)
		return !known || m != metrics.FlashCount, !known
	}
	return name == metrics.FlashCount.String()+"_sum", false
}

// at returns the statistics of columns number i and j, in either order:
// Pearson's r is symmetric, so each pair is kept once.
func (t *Table) at(i, j int) *moments {
	if i < j {
		i, j = j, i
	}
	return &t.pairs[i*(i+1)/2+j]
}

// has reports whether t keeps the named column: some row has it, and it
// can go in the matrix.
func (t *Table) has(name string) bool {
	_, ok := t.index[name]
	return ok
}

// pair returns the statistics of columns a and b over the rows that have
// both, and false if either column is not in the table.
func (t *Table) pair(a, b string) (moments, bool) {
	i, ok := t.index[a]
	j, ok2 := t.index[b]
	if !ok || !ok2 {
		return moments{}, false
	}
	return *t.at(i, j), true
}

// Column is a summary of one column over the rows that have it.
type Column struct {
	N              int
	Mean, Min, Max float64
}

// Column returns the summary of the named column, and false if no row has
// it or it is not one the table keeps.
func (t *Table) Column(name string) (Column, bool) {
	m, ok := t.pair(name, name)
	if !ok {
		return Column{}, false
	}
	return Column{N: m.n, Mean: m.mx, Min: m.xmin, Max: m.xmax}, true
}

// Names returns the names of the columns the table keeps, sorted.
func (t *Table) Names() []string {
	return slices.Sorted(slices.Values(t.names))
}

// moments are the running statistics of two columns over the rows that
// have both, updated one row at a time by Welford's method: unlike raw sums
// of squares it keeps the correlation of large, close values, such as
// sim_time late in a long run.
type moments struct {
	n                      int
	mx, my                 float64 // means
	cxx, cyy, cxy          float64 // sums of products of deviations from the means
	xmin, xmax, ymin, ymax float64
}

func (m *moments) add(x, y float64) {
	if m.n == 0 {
		m.xmin, m.xmax, m.ymin, m.ymax = x, x, y, y
	}
	m.xmin, m.xmax = min(m.xmin, x), max(m.xmax, x)
	m.ymin, m.ymax = min(m.ymin, y), max(m.ymax, y)
	m.n++
	n := float64(m.n)
	dx, dy := x-m.mx, y-m.my
	// x/n - mx/n rather than (x-mx)/n: a difference of values near
	// ±math.MaxFloat64 overflows, and the mean must not.
	m.mx += x/n - m.mx/n
	m.my += y/n - m.my/n
	m.cxx += dx * (x - m.mx)
	m.cyy += dy * (y - m.my)
	m.cxy += dx * (y - m.my)
}

// r is Pearson's r, NaN when there are fewer than 3 rows or either side is
// constant over them, where a coefficient means nothing.
func (m *moments) r() float64 {
	// Comparing extremes, not the variance with 0, because the mean of
	// equal values need not equal them in floating point.
	if m.n < 3 || m.xmin == m.xmax || m.ymin == m.ymax {
		return math.NaN()
	}
	// Products of deviations overflow for values near ±math.MaxFloat64;
	// r is then unknown, not the 0 that a finite sum over Inf would give.
	if !finite(m.cxx) || !finite(m.cyy) || !finite(m.cxy) {
		return math.NaN()
	}
	return max(-1, min(1, m.cxy/(math.Sqrt(m.cxx)*math.Sqrt(m.cyy))))
}

func finite(v float64) bool { return !math.IsInf(v, 0) && !math.IsNaN(v) }

// Pearson returns the Pearson correlation coefficient of x and y over the
// rows where both are present (not NaN), and how many such rows there are.
// r is NaN when there are fewer than 3 of them or either side is constant
// over them, where a coefficient means nothing. It is the computation that
// [Analyze] does on the running statistics of a [Table].
func Pearson(x, y []float64) (r float64, n int) {
	var m moments
	for i := range min(len(x), len(y)) {
		if !math.IsNaN(x[i]) && !math.IsNaN(y[i]) {
			m.add(x[i], y[i])
		}
	}
	return m.r(), m.n
}
