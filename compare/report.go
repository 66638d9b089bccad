package compare

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"os"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// WriteTable writes the comparison as a Markdown table: for each group
// size, the simulated and the recorded intervals' median and quartiles,
// the KS distance between them beside the paper's simulation's, and the
// standard deviations beside the paper's theory.
func WriteTable(w io.Writer, rows []Row) error {
	var b strings.Builder
	b.WriteString("| N | β | simulated: intervals, median [quartiles] (s) | recorded: intervals, median [quartiles] (s) | KS from the recordings | the paper's simulation: β, KS | sd (s): simulated · recorded · paper's simulation · theory |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	spread := func(v []float64) string {
		return fmt.Sprintf("%d, %.1f [%.1f–%.1f]", len(v), Quantile(v, 0.5), Quantile(v, 0.25), Quantile(v, 0.75))
	}
	for _, r := range rows {
		paper, paperSD, theory := "—", "—", "—"
		if r.Paper != nil {
			paper, paperSD = fmt.Sprintf("%g, %.3f", r.PaperBeta, r.PaperKS), fmt.Sprintf("%.1f", SD(r.Paper))
		}
		if r.TheorySD > 0 {
			theory = fmt.Sprintf("%.1f", r.TheorySD)
		}
		beta := fmt.Sprintf("%g", r.Beta)
		if r.N == 1 {
			beta = "(sees none)"
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s | **%.3f** | %s | %.1f · %.1f · %s · %s |\n",
			r.N, beta, spread(r.Simulated), spread(r.Recorded), r.KS, paper, SD(r.Simulated), SD(r.Recorded), paperSD, theory)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// The figure's colours: this model, the recordings, the paper's
// simulation, its theory.
var (
	simColour    = color.RGBA{R: 0x1f, G: 0x6f, B: 0xc5, A: 0xff}
	recColour    = color.RGBA{A: 0xff}
	paperColour  = color.RGBA{R: 0xd6, G: 0x4a, B: 0x1c, A: 0xff}
	theoryColour = color.RGBA{R: 0x4a, G: 0x9a, B: 0x3c, A: 0xff}
)

// WriteFigure writes the comparison as a PNG: for each group size, the
// distribution functions of the simulated, the recorded and the paper's
// simulated intervals; and the standard deviation against the group's
// size, with the paper's theory.
func WriteFigure(path string, rows []Row) error {
	const cols, nrows = 3, 2
	plots := make([][]*plot.Plot, nrows)
	for i := range plots {
		plots[i] = make([]*plot.Plot, cols)
	}
	for k, r := range rows {
		p := plot.New()
		p.Title.Text = fmt.Sprintf("N = %d", r.N)
		p.X.Label.Text = "interburst interval (s)"
		p.Y.Label.Text = "fraction of intervals shorter"
		if r.N == 1 {
			p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, plot.LogTicks{Prec: -1}
		}
		if err := addCDF(p, r.Recorded, recColour, nil, "recorded"); err != nil {
			return err
		}
		if r.Paper != nil {
			if err := addCDF(p, r.Paper, paperColour, []vg.Length{vg.Points(4), vg.Points(3)}, fmt.Sprintf("paper's model, β %g (KS %.2f)", r.PaperBeta, r.PaperKS)); err != nil {
				return err
			}
		}
		label := fmt.Sprintf("this model, β %g (KS %.2f)", r.Beta, r.KS)
		if r.N == 1 {
			label = fmt.Sprintf("this model (KS %.2f)", r.KS)
		}
		if err := addCDF(p, r.Simulated, simColour, nil, label); err != nil {
			return err
		}
		// After the lines, which widen the axes to all their points.
		p.Y.Min, p.Y.Max = 0, 1
		p.X.Min, p.X.Max = 0, 60
		if r.N == 1 {
			p.X.Min, p.X.Max = 4, 2000
		}
		p.Legend.Top, p.Legend.Left = false, false
		p.Legend.YOffs = vg.Points(20)
		plots[k/cols][k%cols] = p
	}
	p, err := sdPlot(rows)
	if err != nil {
		return err
	}
	plots[1][2] = p
	img := vgimg.NewWith(vgimg.UseWH(vg.Points(1200), vg.Points(760)), vgimg.UseDPI(96))
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: nrows, Cols: cols, PadX: vg.Points(12), PadY: vg.Points(12), PadTop: vg.Points(8), PadBottom: vg.Points(8), PadLeft: vg.Points(8), PadRight: vg.Points(8)}
	canvases := plot.Align(plots, tiles, dc)
	for i := range plots {
		for j := range plots[i] {
			if plots[i][j] != nil {
				plots[i][j].Draw(canvases[i][j])
			}
		}
	}
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(&buf); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// addCDF adds v's distribution function to p, at 501 quantiles.
func addCDF(p *plot.Plot, v []float64, c color.Color, dashes []vg.Length, label string) error {
	pts := make(plotter.XYs, 0, 501)
	for k := range 501 {
		q := float64(k) / 500
		pts = append(pts, plotter.XY{X: Quantile(v, q), Y: q})
	}
	l, err := plotter.NewLine(pts)
	if err != nil {
		return err
	}
	l.Color, l.Width, l.Dashes = c, vg.Points(1.6), dashes
	p.Add(l)
	p.Legend.Add(label, l)
	return nil
}

// sdPlot is the standard deviation of the intervals against the group's
// size, for the groups of more than one.
func sdPlot(rows []Row) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = "spread against the group's size"
	p.X.Label.Text = "fireflies in the tent (N)"
	p.Y.Label.Text = "sd of the interburst intervals (s)"
	p.X.Min, p.X.Max, p.Y.Min = 3, 22, 0
	var sim, rec, paper, theory plotter.XYs
	for _, r := range rows {
		if r.N == 1 {
			continue
		}
		x := float64(r.N)
		sim = append(sim, plotter.XY{X: x, Y: SD(r.Simulated)})
		rec = append(rec, plotter.XY{X: x, Y: SD(r.Recorded)})
		if r.Paper != nil {
			paper = append(paper, plotter.XY{X: x, Y: SD(r.Paper)})
		}
		if r.TheorySD > 0 {
			theory = append(theory, plotter.XY{X: x, Y: r.TheorySD})
		}
	}
	for _, s := range []struct {
		pts    plotter.XYs
		c      color.Color
		dashes []vg.Length
		label  string
	}{
		{rec, recColour, nil, "recorded"},
		{theory, theoryColour, []vg.Length{vg.Points(2), vg.Points(2)}, "the paper's theory"},
		{paper, paperColour, []vg.Length{vg.Points(4), vg.Points(3)}, "the paper's model"},
		{sim, simColour, nil, "this model"},
	} {
		if len(s.pts) == 0 {
			continue
		}
		l, pts, err := plotter.NewLinePoints(s.pts)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width, l.Dashes = s.c, vg.Points(1.6), s.dashes
		pts.Color, pts.Shape = s.c, draw.CircleGlyph{}
		p.Add(l, pts)
		p.Legend.Add(s.label, l, pts)
	}
	p.Legend.Top = true
	return p, nil
}
