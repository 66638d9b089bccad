package plot

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/params"
	"github.com/firefly-observatory/fireflies/summarize"
)

// curvePlot draws a sweep of one parameter: the result (-z) against the
// parameter (-x), the median over each cell's seeds with the quartiles as
// bars (for a measure, over the runs that measured it), cells whose
// median run never reached the state (synchronised, fully synchronised)
// marked "never" at the top and cells with no value "no data" at the
// bottom; and below it the fraction of each cell's runs that
// synchronised, or for the time to full sync that reached it. A sweep
// that varies another parameter too is refused: a curve over it would
// mix cells (plot heatmap shows two).
func curvePlot(path string, o config.PlotOptions, warn io.Writer) (func(draw.Canvas), error) {
	rows, err := sweepRows("curve", path, o.Z, warn)
	if err != nil {
		return nil, err
	}
	res, _ := config.FindPlotResult(o.Z)
	share := res // the second plot's state
	if share.Reached == "" {
		share, _ = config.FindPlotResult("time_to_sync")
	}
	cells := summarize.Cells(rows)
	if other := otherVaried(cells, o.X); other != "" {
		return nil, config.Errorf("plot curve: %s varies %s as well as -x %s; a curve is of one parameter (plot heatmap draws two)", path, other, o.X)
	}
	slices.SortFunc(cells, func(a, b summarize.Cell) int {
		x, _, _ := params.Axis(o.X, a.Point)
		y, _, _ := params.Axis(o.X, b.Point)
		return cmpFloat(x, y)
	})
	var never, none plotter.XYs
	var med, frac brokenLine
	var xs []float64
	var bars errorPoints
	top := math.Inf(-1)
	for _, c := range cells {
		s := c.Of(o.Z)
		for _, v := range []float64{s.Q1, s.Median, s.Q3} {
			if !math.IsInf(v, 0) && !math.IsNaN(v) {
				top = max(top, v)
			}
		}
	}
	if math.IsInf(top, -1) {
		top = 1 // no cell has a median short of "never"
	}
	ceiling := top * 1.08
	for _, c := range cells {
		x, _, _ := params.Axis(o.X, c.Point)
		xs = append(xs, x)
		s := c.Of(o.Z)
		if reached, of := c.Reached(share.Name); of > 0 {
			frac.add(x, float64(reached)/float64(of))
		} else {
			frac.gap()
		}
		switch {
		case math.IsNaN(s.Median):
			none = append(none, plotter.XY{X: x, Y: 0})
		case math.IsInf(s.Median, 1):
			never = append(never, plotter.XY{X: x, Y: ceiling})
		default:
			med.add(x, s.Median)
			bars = append(bars, errorPoint{x, s.Median, s.Median - s.Q1, min(s.Q3, ceiling) - s.Median})
			continue
		}
		med.gap()
	}

	p := plot.New()
	p.Title.Text = cmpOr(o.Title, fmt.Sprintf("%s against %s: median and quartiles of %s", res.Title, label(o.X), seedsOf(cells)))
	p.X.Label.Text = label(o.X)
	p.Y.Label.Text = res.Unit
	p.Y.Min = 0
	p.Y.Max = ceiling * 1.05
	p.Add(plotter.NewGrid())
	amber := color.RGBA{213, 94, 0, 255}
	if thumbs, err := med.draw(p, amber); err != nil {
		return nil, err
	} else if thumbs != nil {
		p.Legend.Add("median, quartiles", thumbs...)
	}
	if len(bars) > 0 {
		eb, err := plotter.NewYErrorBars(bars)
		if err != nil {
			return nil, err
		}
		eb.Color = amber
		p.Add(eb)
	}
	blue := color.RGBA{0, 114, 178, 255}
	for _, m := range []struct {
		at           plotter.XYs
		text, legend string
		colour, ink  color.Color
		shape        draw.GlyphDrawer
	}{
		{never, "never", "median run never " + res.Reached, blue, color.Black, draw.CrossGlyph{}},
		{none, "no data", "no run measured it", color.Gray{Y: 110}, color.Gray{Y: 110}, draw.RingGlyph{}},
	} {
		if len(m.at) == 0 {
			continue
		}
		pts, err := plotter.NewScatter(m.at)
		if err != nil {
			return nil, err
		}
		pts.Shape, pts.Color = m.shape, m.colour
		labels := make([]string, len(m.at))
		for i := range labels {
			labels[i] = m.text
		}
		lbl, err := plotter.NewLabels(plotter.XYLabels{XYs: m.at, Labels: labels})
		if err != nil {
			return nil, err
		}
		for i := range lbl.TextStyle {
			lbl.TextStyle[i].Font = font.From(plot.DefaultFont, vg.Points(9))
			lbl.TextStyle[i].XAlign, lbl.TextStyle[i].YAlign = draw.XCenter, draw.YBottom
			lbl.TextStyle[i].Color = m.ink
		}
		lbl.Offset.Y = vg.Points(4)
		p.Add(pts, lbl)
		p.Legend.Add(m.legend, pts)
	}
	p.Legend.Top = true
	p.Y.Tick.Marker = plainTicks{}
	p.X.Tick.Marker = valueTicks(xs)

	q := plot.New()
	q.X.Label.Text = label(o.X)
	q.Y.Label.Text = share.Reached + " (fraction of runs)"
	q.Y.Min, q.Y.Max = 0, 1.05
	q.Y.Tick.Marker = plainTicks{}
	q.Add(plotter.NewGrid())
	if _, err := frac.draw(q, blue); err != nil {
		return nil, err
	}
	q.X.Tick.Marker = valueTicks(xs)
	q.X.Min, q.X.Max = p.X.Min, p.X.Max
	return func(dc draw.Canvas) {
		// The two plots' data areas aligned, so that a cell's x is at the
		// same place in both.
		tiles := draw.Tiles{Rows: 2, Cols: 1, PadY: vg.Points(6)}
		cs := plot.Align([][]*plot.Plot{{p}, {q}}, tiles, dc)
		p.Draw(cs[0][0])
		q.Draw(cs[1][0])
	}, nil
}

// brokenLine is a curve's line through its cells' points, broken where
// a cell has no point to draw, so that no stretch of line joins the cells
// either side as if it had.
type brokenLine []plotter.XYs

func (l *brokenLine) add(x, y float64) {
	if len(*l) == 0 {
		*l = append(*l, nil)
	}
	(*l)[len(*l)-1] = append((*l)[len(*l)-1], plotter.XY{X: x, Y: y})
}

func (l *brokenLine) gap() {
	if n := len(*l); n > 0 && len((*l)[n-1]) > 0 {
		*l = append(*l, nil)
	}
}

// draw adds the line's pieces, with a dot at each point, to p in c; it
// returns the first piece's line and dots, for a legend, nil if none.
func (l brokenLine) draw(p *plot.Plot, c color.Color) ([]plot.Thumbnailer, error) {
	var thumbs []plot.Thumbnailer
	for _, piece := range l {
		if len(piece) == 0 {
			continue
		}
		line, pts, err := plotter.NewLinePoints(piece)
		if err != nil {
			return nil, err
		}
		line.Color, pts.Color, pts.Shape = c, c, draw.CircleGlyph{}
		p.Add(line, pts)
		if thumbs == nil {
			thumbs = []plot.Thumbnailer{line, pts}
		}
	}
	return thumbs, nil
}

// otherVaried names the parameters besides x (and the seed) whose value
// differs between cells, or "" if none does.
func otherVaried(cells []summarize.Cell, x string) string {
	cols := params.Columns()
	var names []string
	for i, col := range cols {
		if col == "seed" {
			continue
		}
		first := params.RowText(cells[0].Point)[i]
		for _, c := range cells[1:] {
			if params.RowText(c.Point)[i] != first {
				if name := columnParam(col); name != x {
					names = append(names, name)
				}
				break
			}
		}
	}
	return strings.Join(names, " and ")
}

// columnParam is the plot axis name of a sweep column: width and height
// as they are, the others as their parameters' names.
func columnParam(col string) string {
	if col == "width" || col == "height" {
		return col
	}
	for _, p := range params.Table {
		if p.Column == col {
			return p.Name
		}
	}
	return col
}

func seedsOf(cells []summarize.Cell) string {
	lo, hi := cells[0].Runs, cells[0].Runs
	for _, c := range cells {
		lo, hi = min(lo, c.Runs), max(hi, c.Runs)
	}
	if lo == hi {
		return fmt.Sprintf("%d seeds", lo)
	}
	return fmt.Sprintf("%d-%d seeds", lo, hi)
}

// valueTicks labels the axis at the sweep's values (at most 12 of them).
type valueTicks []float64

func (v valueTicks) Ticks(lo, hi float64) []plot.Tick {
	step := max(1, (len(v)+11)/12)
	var t []plot.Tick
	for i, x := range v {
		if i%step == 0 {
			t = append(t, plot.Tick{Value: x, Label: trimFloat(x)})
		}
	}
	return t
}

func trimFloat(x float64) string { return fmt.Sprintf("%.4g", x) }

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// errorPoint is a median with its distances down to the first quartile
// and up to the third.
type errorPoint struct{ x, y, down, up float64 }

type errorPoints []errorPoint

func (e errorPoints) Len() int                        { return len(e) }
func (e errorPoints) XY(i int) (float64, float64)     { return e[i].x, e[i].y }
func (e errorPoints) YError(i int) (float64, float64) { return e[i].down, e[i].up }

// plainTicks are [axisTicks] labelled as a person writes the numbers:
// 500, not 500.00.
type plainTicks struct{}

func (plainTicks) Ticks(lo, hi float64) []plot.Tick {
	t := axisTicks{}.Ticks(lo, hi)
	for i := range t {
		if t[i].Label != "" {
			t[i].Label = strconv.FormatFloat(t[i].Value, 'g', 4, 64)
		}
	}
	return t
}
