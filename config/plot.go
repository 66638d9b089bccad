package config

import (
	"path/filepath"
	"strings"

	"github.com/firefly-observatory/fireflies/params"
)

// PlotOptions are a plot's settings.
type PlotOptions struct {
	Kind          string // "series" or "heatmap"
	X, Y, Z       string // heatmap: parameters across and up, the result shown
	Width, Height int    // pixels
	Title         string
}

// PlotParameters are the sweep's parameters a heat map can lie across;
// PlotResults the results it can show.
var (
	PlotParameters = params.Axes()
	PlotResults    = []string{"time_to_sync", "r", "flashes", "avalanches", "largest_avalanche", "mean_avalanche"}
)

// validatePlot checks a plot's flags and files.
func (c Config) validatePlot() error {
	p := c.Plot
	ext := strings.ToLower(filepath.Ext(c.Out))
	switch {
	case c.Out == "":
		return errorf("-out: needed: the image to write, ending in .png or .svg")
	case ext != ".png" && ext != ".svg":
		return errorf("-out: got %s, want %s", show(c.Out), lookup("out").allows)
	case p.Width < 100 || p.Height < 100 || p.Width > 8000 || p.Height > 8000:
		return errorf("-size: got %dx%d, want %s", p.Width, p.Height, lookup("size").allows)
	case strings.ContainsAny(p.Title, "\n\r"):
		return errorf("-title: got %s, want %s", show(p.Title), lookup("title").allows)
	case len(c.Files) == 0:
		return errorf("plot %s: no files; name the %s to draw", p.Kind, map[string]string{"series": "-series files", "heatmap": "sweep's rows", "curve": "sweep's rows"}[p.Kind])
	case p.Kind != "series" && len(c.Files) > 1:
		return errorf("plot %s: got %d files, want one sweep's rows (merge the shards first)", p.Kind, len(c.Files))
	case p.Kind == "heatmap" && p.X == p.Y:
		return errorf("-y: got %s, the parameter -x lies across too; want another", p.Y)
	}
	return nil
}
