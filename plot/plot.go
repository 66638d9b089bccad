// Package plot is fireflies plot: R against simulated time from -series
// files, or a heat map of a sweep's result over two of its parameters,
// drawn with gonum.org/v1/plot to PNG or SVG.
package plot

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/input"
	"github.com/firefly-observatory/fireflies/merge"
	"github.com/firefly-observatory/fireflies/output"
	"github.com/firefly-observatory/fireflies/params"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/summarize"
	"github.com/firefly-observatory/fireflies/sweep"
	"github.com/firefly-observatory/fireflies/systems"
)

// dpi is the PNG's resolution: -size is in its pixels, and an SVG is the
// same size at 96 dots an inch.
const dpi = 96

// Run draws the plot args (those after "plot") ask for, for build b;
// warnings (a half-written last line left out) go to the standard error.
func Run(args []string, b config.Build, stdout io.Writer) error {
	c, err := config.ParseCommand(config.Plot, args, b, stdout)
	if err != nil || c.Help {
		return err
	}
	var draw func(draw.Canvas)
	switch c.Plot.Kind {
	case "series":
		draw, err = seriesPlot(c.Files, c.Plot, os.Stderr)
	case "curve":
		draw, err = curvePlot(c.Files[0], c.Plot, os.Stderr)
	default:
		draw, err = heatmapPlot(c.Files[0], c.Plot, os.Stderr)
	}
	if err != nil {
		return err
	}
	return save(c.Out, c.Plot.Width, c.Plot.Height, draw)
}

// save draws the image into a file at path, PNG or SVG by its ending.
func save(path string, width, height int, draw func(draw.Canvas)) error {
	w, h := vg.Length(width)*vg.Inch/dpi, vg.Length(height)*vg.Inch/dpi
	var buf bytes.Buffer
	if strings.EqualFold(filepath.Ext(path), ".svg") {
		c := vgsvg.New(w, h)
		draw(newCanvas(c))
		if _, err := c.WriteTo(&buf); err != nil {
			return err
		}
	} else {
		c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi))
		draw(newCanvas(c))
		if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
			return err
		}
	}
	f, regular, err := output.Create(path)
	if err != nil {
		return config.Errorf("-out: cannot write the file: %v", unwrapPath(err))
	}
	_, err = f.Write(buf.Bytes())
	if err == nil && regular {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &report.OutputFailed{Flag: "out", Path: path, Err: unwrapPath(err)}
	}
	return nil
}

func newCanvas(c vg.CanvasSizer) draw.Canvas { return draw.New(c) }

// seriesPlot draws R against time, a line for each -series file, and the
// threshold at which a swarm counts as synchronised.
func seriesPlot(files []string, o config.PlotOptions, warn io.Writer) (func(draw.Canvas), error) {
	p := plot.New()
	p.Title.Text = cmpOr(o.Title, "Order parameter R over simulated time")
	p.X.Label.Text = "simulated time (s)"
	p.Y.Label.Text = "R"
	p.Y.Min, p.Y.Max = 0, 1
	p.X.Tick.Marker, p.Y.Tick.Marker = axisTicks{}, axisTicks{}
	p.Add(plotter.NewGrid())
	p.Legend.Top = false
	p.Legend.Left = false
	end := 0.0
	for i, path := range files {
		xys, err := readSeries(path, warn)
		if err != nil {
			return nil, err
		}
		end = max(end, xys[len(xys)-1].X)
		line, err := plotter.NewLine(xys)
		if err != nil {
			return nil, config.Errorf("plot: %s: %v", path, err)
		}
		line.Color = lineColors[i%len(lineColors)]
		line.Width = vg.Points(1.5)
		p.Add(line)
		p.Legend.Add(strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)), line)
	}
	sync, err := plotter.NewLine(plotter.XYs{{X: 0, Y: systems.SyncR}, {X: end, Y: systems.SyncR}})
	if err != nil {
		return nil, err
	}
	sync.Color = color.Gray{Y: 110}
	sync.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(sync)
	p.Legend.Add(fmt.Sprintf("synchronised: R ≥ %g", systems.SyncR), sync)
	return p.Draw, nil
}

// lineColors tell the series apart (Okabe and Ito's colours, which stay
// apart for colour-blind readers).
var lineColors = []color.Color{
	color.RGBA{0, 114, 178, 255}, color.RGBA{213, 94, 0, 255}, color.RGBA{0, 158, 115, 255},
	color.RGBA{204, 121, 167, 255}, color.RGBA{230, 159, 0, 255}, color.RGBA{86, 180, 233, 255},
	color.RGBA{0, 0, 0, 255},
}

// readSeries reads t and r from a -series file, written with any header
// one has had ([report.SeriesHeaders]): t and r come first in all, and a
// line may hold its header's columns or the oldest's. A last line without
// a newline that is not a whole line (a run stopped while writing it) is
// left out with a warning to warn.
func readSeries(path string, warn io.Writer) (plotter.XYs, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, config.Errorf("plot: %s is a folder, not a -series file", path)
	}
	columns := func(header string) int { return strings.Count(header, ",") + 1 }
	header := report.SeriesHeader
	var xys plotter.XYs
	var bad error // an error of the file's lines, not of reading them
	err := input.ReadFile(path, nil, input.MaxLine, func(line int, b []byte, whole bool) error {
		text := string(b)
		if line == 1 {
			if !slices.Contains(report.SeriesHeaders, text+"\n") {
				bad = config.Errorf("plot: %s line 1 is not a -series file's header (%s)", path, strings.TrimSuffix(report.SeriesHeader, "\n"))
				return bad
			}
			header = text + "\n"
			return nil
		}
		fields := strings.Split(text, ",")
		n := len(fields)
		shaped := n == columns(header) || n == columns(report.OldSeriesHeader)
		var t, r float64
		var err1, err2 error
		if shaped {
			t, err1 = strconv.ParseFloat(fields[0], 64)
			r, err2 = strconv.ParseFloat(fields[1], 64)
		}
		switch {
		case (!shaped || err1 != nil || err2 != nil) && !whole:
			fmt.Fprintf(warn, "plot: warning: %s line %d is not a whole line and has no newline (a run stopped while writing it): left out\n", path, line)
			return nil
		case !shaped || err1 != nil || err2 != nil:
			bad = config.Errorf("plot: %s line %d: want %s", path, line, strings.TrimSuffix(header, "\n"))
		case math.IsNaN(t) || math.IsInf(t, 0) || t < 0:
			bad = config.Errorf("plot: %s line %d: t is %s, want a simulated time in seconds, 0 or more", path, line, fields[0])
		case math.IsNaN(r) || math.IsInf(r, 0):
			bad = config.Errorf("plot: %s line %d: r is %s, want a number", path, line, fields[1])
		}
		if bad != nil {
			return bad
		}
		xys = append(xys, plotter.XY{X: t, Y: r})
		return nil
	})
	switch {
	case err != nil && err == bad:
		return nil, err
	case errors.As(err, new(*input.LineTooLong)):
		return nil, config.Errorf("plot: %s %v", path, err)
	case err != nil:
		return nil, config.Errorf("plot: cannot read %s: %v", path, unwrapPath(err))
	case len(xys) == 0:
		return nil, config.Errorf("plot: %s holds no line after its header", path)
	}
	return xys, nil
}

// axisTicks are an axis' tick marks: gonum's, except over a range wider
// than the largest float (its span overflows to +Inf), where
// [plot.DefaultTicks] never returns: there, its two ends.
type axisTicks struct{}

func (axisTicks) Ticks(min, max float64) []plot.Tick {
	if span := max - min; math.IsInf(span, 0) || math.IsNaN(span) {
		return []plot.Tick{{Value: min, Label: strconv.FormatFloat(min, 'g', 3, 64)}, {Value: max, Label: strconv.FormatFloat(max, 'g', 3, 64)}}
	}
	return plot.DefaultTicks{}.Ticks(min, max)
}

// heatmapPlot draws a sweep's result over two of its parameters: each
// cell's colour and label is the median over the runs with those two
// values (seeds, and any other parameter the sweep varies) that have the
// result: for a measure, those that measured it. For a time to a state
// (the time to sync, to full sync), a run that never reached it counts as
// longer than any, and a cell whose median run never did is marked
// "never", one with no value "no data".
func heatmapPlot(path string, o config.PlotOptions, warn io.Writer) (func(draw.Canvas), error) {
	rows, err := sweepRows("heatmap", path, o.Z, warn)
	if err != nil {
		return nil, err
	}
	res, _ := config.FindPlotResult(o.Z)
	xs, ys := distinct(rows, o.X), distinct(rows, o.Y)
	g := &grid{xs: xs, ys: ys, z: make([][]float64, len(ys)), n: make([][]int, len(ys)), synced: make([][]int, len(ys))}
	cells := make([][][]float64, len(ys))
	for r := range ys {
		cells[r] = make([][]float64, len(xs))
		g.z[r], g.n[r], g.synced[r] = make([]float64, len(xs)), make([]int, len(xs)), make([]int, len(xs))
	}
	for _, row := range rows {
		c, r := slices.Index(xs, param(row, o.X)), slices.Index(ys, param(row, o.Y))
		v := result(row, o.Z)
		if math.IsNaN(v) {
			continue // a measure the run did not measure
		}
		cells[r][c] = append(cells[r][c], v)
		g.n[r][c]++
		if !math.IsInf(v, 1) {
			g.synced[r][c]++
		}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for r := range ys {
		for c := range xs {
			z := median(cells[r][c])
			if math.IsInf(z, 1) || len(cells[r][c]) == 0 {
				z = math.NaN() // never reached, or no value
			}
			g.z[r][c] = z
			if !math.IsNaN(z) {
				lo, hi = min(lo, z), max(hi, z)
			}
		}
	}
	if math.IsInf(lo, 1) {
		lo, hi = 0, 1 // nothing to colour: every cell is marked
	}
	if hi == lo {
		hi = lo + 1
	}
	top := hi + (hi-lo)/6 // the largest value short of the scale's white end, which would look like no cell
	if math.IsInf(top-lo, 0) {
		return nil, config.Errorf("plot: %s: %s runs from %g to %g, a range wider than a colour scale can span", path, o.Z, lo, hi)
	}
	cmap := moreland.ExtendedBlackBody()
	cmap.SetMin(lo)
	cmap.SetMax(top)
	h := plotter.NewHeatMap(g, cmap.Palette(255))
	h.Min, h.Max = lo, top
	h.NaN = color.RGBA{196, 206, 222, 255} // never reached, or no value: a pale blue-grey, off the scale

	p := plot.New()
	p.Title.Text = cmpOr(o.Title, fmt.Sprintf("%s, median of %s", res.Title, runsOf(g)))
	p.X.Label.Text = label(o.X)
	p.Y.Label.Text = label(o.Y)
	p.Add(h)
	p.X.Tick.Marker = ticks(xs)
	p.Y.Tick.Marker = ticks(ys)
	p.X.Min, p.X.Max = -0.5, float64(len(xs))-0.5
	p.Y.Min, p.Y.Max = -0.5, float64(len(ys))-0.5

	// Each cell's value, in black or white to stand out from its colour;
	// cells whose median run never reached the state say so, and those
	// with no value.
	var pts plotter.XYs
	var texts []string
	var styles []text.Style
	for r := range ys {
		for c := range xs {
			pts = append(pts, plotter.XY{X: float64(c), Y: float64(r)})
			label := "never"
			ink := color.Color(color.Black)
			if z := g.z[r][c]; !math.IsNaN(z) {
				label = fmt.Sprintf(res.Cell, z)
				if luminance(cmap, z) < 0.45 {
					ink = color.White
				}
			} else if g.n[r][c] == 0 {
				label = "no data"
			}
			if res.Count != "" && g.n[r][c] > 0 {
				label += fmt.Sprintf("\n%d/%d %s", g.synced[r][c], g.n[r][c], res.Count)
			}
			texts = append(texts, label)
			styles = append(styles, text.Style{Color: ink, Font: font.From(plot.DefaultFont, vg.Points(9)),
				XAlign: draw.XCenter, YAlign: draw.YCenter, Handler: plot.DefaultTextHandler})
		}
	}
	lbl, err := plotter.NewLabels(plotter.XYLabels{XYs: pts, Labels: texts})
	if err != nil {
		return nil, err
	}
	lbl.TextStyle = styles
	p.Add(lbl)

	// The colour scale, on the right.
	bar := plot.New()
	bar.Add(&plotter.ColorBar{ColorMap: cmap, Vertical: true})
	bar.HideX()
	bar.Y.Tick.Marker = axisTicks{}
	bar.Y.Padding = 0
	bar.Y.Label.Text = res.Unit
	bar.Title.Text = " " // lines the bar up with the map below its title
	return func(dc draw.Canvas) {
		const barWidth = 95 // points
		w := dc.Max.X - dc.Min.X
		p.Draw(draw.Crop(dc, 0, -barWidth, 0, 0))
		bar.Draw(draw.Crop(dc, w-barWidth+15, 0, 32, -8))
	}, nil
}

// grid is the heat map's cells, row by row of y values.
type grid struct {
	xs, ys    []float64
	z         [][]float64 // NaN: the median run never reached the state, or no value
	n, synced [][]int     // runs in the cell with a value, and those that reached the state
}

func (g *grid) Dims() (c, r int)   { return len(g.xs), len(g.ys) }
func (g *grid) Z(c, r int) float64 { return g.z[r][c] }
func (g *grid) X(c int) float64    { return float64(c) }
func (g *grid) Y(r int) float64    { return float64(r) }

// runsOf says how many runs a cell holds: "20 runs", or "2–20 runs".
func runsOf(g *grid) string {
	lo, hi := math.MaxInt, 0
	for r := range g.n {
		for _, n := range g.n[r] {
			if n > 0 {
				lo, hi = min(lo, n), max(hi, n)
			}
		}
	}
	if lo == hi {
		return fmt.Sprintf("%d runs a cell", hi)
	}
	return fmt.Sprintf("%d–%d runs a cell", lo, hi)
}

// ticks labels the cells' columns or rows with their parameter's values.
func ticks(vs []float64) plot.ConstantTicks {
	t := make(plot.ConstantTicks, len(vs))
	for i, v := range vs {
		t[i] = plot.Tick{Value: float64(i), Label: strconv.FormatFloat(v, 'g', 4, 64)}
	}
	return t
}

// distinct returns the values of a parameter across the rows, ascending.
func distinct(rows []sweep.Row, name string) []float64 {
	var vs []float64
	for _, r := range rows {
		if v := param(r, name); !slices.Contains(vs, v) {
			vs = append(vs, v)
		}
	}
	slices.Sort(vs)
	return vs
}

// param is a row's value of one of [config.PlotParameters], the axes
// of [params.Axes].
func param(r sweep.Row, name string) float64 {
	v, _, _ := params.Axis(name, r.Point)
	return v
}

// label is an axis' label for a parameter.
func label(name string) string {
	_, l, _ := params.Axis(name, params.Point{})
	return l
}

// result is a row's value of one of [config.PlotResults], as
// [summarize.Result] says: +Inf for a time to a state never reached, NaN
// for a measure not measured.
func result(r sweep.Row, name string) float64 { return summarize.Result(r, name) }

// sweepRows reads the sweep's rows that plot kind draws result z of;
// where z is a measure that none of them measured, it is refused, naming
// -z and the -measures that measures it.
func sweepRows(kind, path, z string, warn io.Writer) ([]sweep.Row, error) {
	rows, err := merge.Read("plot", []string{path}, warn)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, config.Errorf("plot: %s holds no rows", path)
	}
	if res, _ := config.FindPlotResult(z); res.Measure && !slices.ContainsFunc(rows, func(r sweep.Row) bool { return r.Measures != nil }) {
		return nil, config.Errorf("plot %s: -z %s: no run of %s measured it; run the sweep with -measures", kind, z, path)
	}
	return rows, nil
}

// median of vs, +Inf counting as larger than any; NaN for none.
func median(vs []float64) float64 {
	if len(vs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	a, b := s[n/2-1], s[n/2]
	if math.IsInf(b, 1) {
		return b // half the runs never synchronised: neither did the median run
	}
	return (a + b) / 2
}

// luminance is the relative luminance of v's colour, 0 (black) to 1.
func luminance(cmap interface {
	At(float64) (color.Color, error)
}, v float64) float64 {
	c, err := cmap.At(v)
	if err != nil {
		return 1
	}
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
