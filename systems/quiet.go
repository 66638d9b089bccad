package systems

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/firefly-observatory/fireflies/assets"
)

// quietBins is the resolution of a quiet-time table: a uniform draw picks
// one of this many equally likely intervals.
const quietBins = 4096

// maxQuietLines bounds a quiet-time file, which is read whole.
const maxQuietLines = 1 << 20

// quietTable is a distribution of interburst intervals as the burst model
// draws from it: seconds at quietBins equally likely points of its
// inverse distribution function, in increasing order.
type quietTable [quietBins]float32

// draw returns the interval at the uniform number u in [0, 1).
func (q *quietTable) draw(u float32) float32 { return q[int(u*quietBins)] }

// CheckQuiet reads a quiet-time file's text as the burst model does and
// returns the first problem, naming its line: nil if the model can use it.
func CheckQuiet(text string) error {
	_, err := parseQuiet(text)
	return err
}

// quietOf is the model's quiet-time table: its file's text, or the
// embedded recording's.
func quietOf(text string) (*quietTable, error) {
	if text == "" {
		text = assets.CarolinusQuiet
	}
	return parseQuiet(text)
}

// parseQuiet reads a distribution of intervals in seconds, one a line:
// either samples ("12.5": each line equally likely, the distribution
// between them linear, as their quantiles), or values with weights
// ("12.5,0.003": each value as likely as its weight, as the paper's
// envelope files are). Blank lines and lines starting with # are left out,
// and so is a first line that is not a number (a header).
func parseQuiet(text string) (*quietTable, error) {
	type point struct{ x, w float64 }
	var pts []point
	fields, first := 0, true
	for n, line := range strings.Split(text, "\n") {
		if n >= maxQuietLines {
			return nil, fmt.Errorf("line %d: more than %d lines", n+1, maxQuietLines)
		}
		line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, ",")
		x, err := strconv.ParseFloat(strings.TrimSpace(f[0]), 64)
		if err != nil && first && len(pts) == 0 {
			first = false
			continue // a header
		}
		first = false
		bad := func(why string) error {
			return fmt.Errorf("line %d: got %s, want %s", n+1, strconv.Quote(line), why)
		}
		switch {
		case len(f) > 2:
			return nil, bad("an interval in seconds, or seconds,weight")
		case fields != 0 && len(f) != fields:
			return nil, bad(fmt.Sprintf("%d field(s) on every line, as on the first", fields))
		case err != nil || math.IsNaN(x) || math.IsInf(x, 0) || x < 0 || x > 1e6:
			return nil, bad("an interval in seconds from 0 to 1e6")
		}
		fields = len(f)
		w := 1.0
		if len(f) == 2 {
			w, err = strconv.ParseFloat(strings.TrimSpace(f[1]), 64)
			if err != nil || math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
				return nil, bad("a weight, a number >= 0, after the interval")
			}
		}
		pts = append(pts, point{x, w})
	}
	var total float64
	for _, p := range pts {
		total += p.w
	}
	if len(pts) == 0 || !(total > 0) {
		return nil, fmt.Errorf("no intervals: want one interval in seconds a line (or seconds,weight with a weight above 0)")
	}
	slices.SortStableFunc(pts, func(a, b point) int { return cmpFloat(a.x, b.x) })
	q := new(quietTable)
	if fields == 1 {
		// Samples: the quantile at the middle of each bin, interpolated
		// between the sorted samples.
		for k := range q {
			pos := (float64(k) + 0.5) / quietBins * float64(len(pts)-1)
			i := int(pos)
			j := min(i+1, len(pts)-1)
			frac := pos - float64(i)
			q[k] = float32(pts[i].x + float64(frac*(pts[j].x-pts[i].x)))
		}
		return q, nil
	}
	// Weights: the value whose share of the total covers the middle of
	// each bin.
	j, cum := 0, pts[0].w
	for k := range q {
		target := (float64(k) + 0.5) / quietBins * total
		for cum <= target && j < len(pts)-1 {
			j++
			cum += pts[j].w
		}
		q[k] = float32(pts[j].x)
	}
	return q, nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
