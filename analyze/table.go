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
	"math"
	"slices"
)

// Table holds a metrics log as columns, one row per usable line. Columns
// are named <metric>_<stat>, such as fps_min, and plain numbers keep their
// key, such as sim_time.
type Table struct {
	Read    int   // non-blank lines read
	Used    int   // lines that became rows
	Skipped int   // lines that were not a JSON object with a numeric ts
	Lines   []int // the input line number of each row

	cols map[string][]float64 // NaN where a row lacks the column
}

// ReadTable reads a metrics log line by line. Blank lines are not
// counted; malformed lines (not JSON, not an object, no numeric ts) are
// counted as skipped rather than failing the whole log, since the last line
// of a killed run may be cut short. Only an error reading r is returned.
func ReadTable(r io.Reader) (*Table, error) {
	t := &Table{cols: map[string][]float64{}}
	br := bufio.NewReader(r)
	for lineNo := 1; ; lineNo++ {
		line, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
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
	for k, v := range obj {
		switch v := v.(type) {
		case float64:
			if k != "ts" { // wall-clock time correlates with nothing useful
				row[k] = v
			}
		case map[string]any:
			for stat, sv := range v {
				if f, ok := sv.(float64); ok {
					row[k+"_"+stat] = f
				}
			}
		}
	}
	return row, true
}

func (t *Table) add(row map[string]float64, lineNo int) {
	n := t.Used
	for k, v := range row {
		col, ok := t.cols[k]
		if !ok {
			col = nanSlice(n)
		}
		t.cols[k] = append(col, v)
	}
	t.Used++
	t.Lines = append(t.Lines, lineNo)
	for k, col := range t.cols {
		if len(col) < t.Used {
			t.cols[k] = append(col, math.NaN())
		}
	}
}

func nanSlice(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}

// Column returns the named column, one value per row with NaN where a row
// lacks it, or nil if no row has it. The slice is the Table's own: do not
// modify it.
func (t *Table) Column(name string) []float64 {
	return t.cols[name]
}

// Names returns the names of all columns, sorted.
func (t *Table) Names() []string {
	names := make([]string, 0, len(t.cols))
	for k := range t.cols {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// Pearson returns the Pearson correlation coefficient of x and y over the
// rows where both are present (not NaN), and how many such rows there are.
// r is NaN when there are fewer than 3 of them or either side is constant
// over them, where a coefficient means nothing.
func Pearson(x, y []float64) (r float64, n int) {
	var sx, sy float64
	xmin, xmax := math.Inf(1), math.Inf(-1)
	ymin, ymax := math.Inf(1), math.Inf(-1)
	for i := range min(len(x), len(y)) {
		if math.IsNaN(x[i]) || math.IsNaN(y[i]) {
			continue
		}
		n++
		sx += x[i]
		sy += y[i]
		xmin, xmax = min(xmin, x[i]), max(xmax, x[i])
		ymin, ymax = min(ymin, y[i]), max(ymax, y[i])
	}
	// Comparing extremes, not the variance with 0, because the mean of
	// equal values need not equal them in floating point.
	if n < 3 || xmin == xmax || ymin == ymax {
		return math.NaN(), n
	}
	mx, my := sx/float64(n), sy/float64(n)
	var sxy, sxx, syy float64
	for i := range min(len(x), len(y)) {
		if math.IsNaN(x[i]) || math.IsNaN(y[i]) {
			continue
		}
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	return max(-1, min(1, sxy/(math.Sqrt(sxx)*math.Sqrt(syy)))), n
}
