package analyze

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/firefly-observatory/fireflies/metrics"
)

// ErrNoData is returned by [Run] when no line of the log was usable.
var ErrNoData = errors.New("no usable metrics lines")

// lead are the matrix's first columns: the frame rate's floor and what may
// drag it down.
var lead = []string{"fps_min", "flush_duration_ms_avg", "render_jitter_ms_avg", "r_value_avg", "pulse_avg"}

// Report is what [Analyze] finds in a [Table].
type Report struct {
	Read, Used, Skipped int
	Overlong            int  // of Skipped, the lines over 1 MiB
	Crowded             bool // more unknown metrics than the matrix keeps

	Columns  []string    // the matrix's columns, in order
	R        [][]float64 // Pearson r between Columns; NaN where n/a
	Constant []string    // present but constant, so left out of the matrix

	Findings []Finding
}

// Finding is one line of findings: mostly the correlation of two columns
// in words. X and Y are empty, and R is NaN, for a finding that is not a
// correlation, such as the interval with the lowest fps_min.
type Finding struct {
	X, Y string
	R    float64 // NaN when n/a, or when a column is missing
	N    int     // intervals with both columns
	Text string  // one line, such as "fps_min vs flush_duration_ms_avg: r = -0.912, strong negative: frames drop when flushes take longer"
}

// relation is a pair of columns worth a finding, and what each outcome
// means.
type relation struct {
	x, y               string
	neg, pos, weakText string
}

var fpsRelations = []relation{
	{"fps_min", "flush_duration_ms_avg",
		"frames drop when flushes take longer",
		"fps_min rises with flush time, so flushes are not what drops frames",
		"flush time does not explain the frame drops"},
	{"fps_min", "render_jitter_ms_avg",
		"frames drop when rendering runs late",
		"fps_min rises with render jitter, so late frames are not what drops the rate",
		"render jitter does not explain the frame drops"},
	{"fps_min", "r_value_avg",
		"frames drop as the swarm synchronises: flashes arrive in bursts the renderer must absorb",
		"frames drop when the swarm is out of step",
		"synchrony does not explain the frame drops"},
}

// costRelations say where the work comes from; each is reported only when
// both columns exist.
var costRelations = []relation{
	{"flush_duration_ms_avg", "pulse_avg",
		"flushes get shorter as more fireflies flash, which is unexpected",
		"flushes take longer when more fireflies flash",
		"flush time does not depend on how many fireflies flash"},
	{"update_ms_avg", "pulse_avg",
		"ticks get shorter as more fireflies flash, which is unexpected",
		"ticks take longer when more fireflies flash",
		"tick time does not depend on how many fireflies flash"},
}

// Strength describes |r| in words: weak below 0.3, moderate below 0.7,
// strong from there on, and "n/a" for NaN.
func Strength(r float64) string {
	switch a := math.Abs(r); {
	case math.IsNaN(r):
		return "n/a"
	case a < 0.3:
		return "weak"
	case a < 0.7:
		return "moderate"
	default:
		return "strong"
	}
}

// Analyze computes the correlation matrix and the findings of t.
func Analyze(t *Table) Report {
	rep := Report{Read: t.Read, Used: t.Used, Skipped: t.Skipped, Overlong: t.Overlong, Crowded: t.Crowded}
	for _, name := range matrixOrder(t) {
		if c, _ := t.Column(name); c.Min == c.Max {
			rep.Constant = append(rep.Constant, name)
		} else {
			rep.Columns = append(rep.Columns, name)
		}
	}
	rep.R = make([][]float64, len(rep.Columns))
	for i, a := range rep.Columns {
		rep.R[i] = make([]float64, len(rep.Columns))
		for j, b := range rep.Columns {
			m, _ := t.pair(a, b)
			rep.R[i][j] = m.r()
		}
	}

	if !t.has("fps_min") && !t.has("draw_ms_avg") {
		rep.Findings = append(rep.Findings, Finding{R: math.NaN(), Text: "no draw metrics: headless log"})
	} else {
		for _, rel := range fpsRelations {
			rep.Findings = append(rep.Findings, find(t, rel))
		}
		if text, ok := lowest(t); ok {
			rep.Findings = append(rep.Findings, Finding{R: math.NaN(), Text: text})
		}
	}
	for _, rel := range costRelations {
		if t.has(rel.x) && t.has(rel.y) {
			rep.Findings = append(rep.Findings, find(t, rel))
		}
	}
	return rep
}

// matrixOrder returns the columns of t that go in the matrix, in order:
// the lead columns, then one column per known metric in declaration order
// (its sum for flash_count, which counts, and its average otherwise), then
// the averages of metrics this build does not know, then sim_time.
func matrixOrder(t *Table) []string {
	var order []string
	add := func(name string) {
		if t.has(name) && !slices.Contains(order, name) {
			order = append(order, name)
		}
	}
	for _, name := range lead {
		add(name)
	}
	for m := range metrics.NumMetrics {
		if m == metrics.FlashCount {
			add(m.String() + "_sum")
		} else {
			add(m.String() + "_avg")
		}
	}
	for _, name := range t.Names() {
		if _, extra := matrixColumn(name); extra {
			add(name)
		}
	}
	add("sim_time")
	return order
}

func find(t *Table, rel relation) Finding {
	f := Finding{X: rel.x, Y: rel.y, R: math.NaN()}
	prefix := rel.x + " vs " + rel.y + ": "
	for _, name := range []string{rel.x, rel.y} {
		if !t.has(name) {
			f.Text = prefix + "no " + name + " column"
			return f
		}
	}
	m, _ := t.pair(rel.x, rel.y)
	f.R, f.N = m.r(), m.n
	if math.IsNaN(f.R) {
		f.Text = fmt.Sprintf("%sn/a over %d intervals (needs 3, and neither column constant)", prefix, f.N)
		return f
	}
	text := rel.pos
	direction := "positive"
	switch {
	case Strength(f.R) == "weak":
		text = rel.weakText
		if f.R < 0 {
			direction = "negative"
		}
	case f.R < 0:
		text = rel.neg
		direction = "negative"
	}
	f.Text = fmt.Sprintf("%sr = %s over %d intervals, %s %s: %s",
		prefix, formatR(f.R), f.N, Strength(f.R), direction, text)
	return f
}

// lowest describes the interval with the lowest fps_min and the suspects'
// values then, beside their means for scale.
func lowest(t *Table) (string, bool) {
	if t.lowLine == 0 {
		return "", false
	}
	row := t.lowRow
	var b strings.Builder
	fmt.Fprintf(&b, "lowest fps_min %s", num(row["fps_min"]))
	if st, ok := row["sim_time"]; ok {
		fmt.Fprintf(&b, " at sim_time %s s", num(st))
	}
	fmt.Fprintf(&b, " (line %d):", t.lowLine)
	for i, name := range lead[1:4] {
		if i > 0 {
			b.WriteByte(',')
		}
		v, ok := row[name]
		if !ok {
			fmt.Fprintf(&b, " %s -", name)
			continue
		}
		c, _ := t.Column(name)
		fmt.Fprintf(&b, " %s %s (mean %s)", name, num(v), num(c.Mean))
	}
	return b.String(), true
}

func num(v float64) string {
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// formatR prints r with three decimals, "n/a" for NaN, and never "-0.000".
func formatR(r float64) string {
	if math.IsNaN(r) {
		return "n/a"
	}
	s := strconv.FormatFloat(r, 'f', 3, 64)
	if s == "-0.000" {
		s = "0.000"
	}
	return s
}

// Print writes the report as text: the line counts (and the lines over
// 1 MiB among the skipped), the correlation matrix and the findings.
func (rep *Report) Print(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%d lines read, %d used, %d skipped\n", rep.Read, rep.Used, rep.Skipped)
	switch rep.Overlong {
	case 0:
	case 1:
		b.WriteString("1 line over 1 MiB skipped\n")
	default:
		fmt.Fprintf(&b, "%d lines over 1 MiB skipped\n", rep.Overlong)
	}
	if rep.Used == 0 {
		_, err := io.WriteString(w, b.String())
		return err
	}

	b.WriteString("\ncorrelation matrix (Pearson r over intervals; n/a: fewer than 3 intervals or constant)\n")
	if len(rep.Columns) == 0 {
		b.WriteString("  no column varies\n")
	} else {
		printMatrix(&b, rep)
	}
	if len(rep.Constant) > 0 {
		fmt.Fprintf(&b, "left out as constant: %s\n", strings.Join(rep.Constant, ", "))
	}
	if rep.Crowded {
		fmt.Fprintf(&b, "left out: the metrics this build does not know after the first %d\n", maxExtra)
	}

	b.WriteString("\nfindings\n")
	for _, f := range rep.Findings {
		fmt.Fprintf(&b, "  %s\n", f.Text)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// printMatrix writes the matrix with numbered columns, so that it stays
// narrow however long the names are.
func printMatrix(b *strings.Builder, rep *Report) {
	width := 0
	for _, name := range rep.Columns {
		width = max(width, len(name))
	}
	label := func(i int) string { return "[" + strconv.Itoa(i+1) + "]" }
	idx := len(label(len(rep.Columns) - 1))
	fmt.Fprintf(b, "%*s", idx+1+width, "")
	for i := range rep.Columns {
		fmt.Fprintf(b, " %7s", label(i))
	}
	b.WriteByte('\n')
	for i, name := range rep.Columns {
		fmt.Fprintf(b, "%*s %-*s", idx, label(i), width, name)
		for j := range rep.Columns {
			fmt.Fprintf(b, " %7s", formatR(rep.R[i][j]))
		}
		b.WriteByte('\n')
	}
}

// Run reads a metrics log from r, analyses it and prints the report to w.
// Memory stays constant however much r yields; see [ReadTable]. It returns
// [ErrNoData], after printing the line counts, when no line was usable.
func Run(r io.Reader, w io.Writer) (Report, error) {
	t, err := ReadTable(r)
	if err != nil {
		return Report{}, err
	}
	rep := Analyze(t)
	if err := rep.Print(w); err != nil {
		return rep, err
	}
	if rep.Used == 0 {
		return rep, ErrNoData
	}
	return rep, nil
}
