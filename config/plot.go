package config

import (
	"path/filepath"
	"strings"

	"github.com/firefly-observatory/fireflies/params"
)

// PlotOptions are a plot's settings.
type PlotOptions struct {
	Kind          string // "series", "heatmap" or "curve"
	X, Y, Z       string // heatmap: parameters across and up, the result shown
	Width, Height int    // pixels
	Title         string
}

// PlotParameters are the sweep's parameters a heat map can lie across.
var PlotParameters = params.Axes()

// PlotResult is a result of a sweep's runs that plot draws (-z) and
// summarize summarises: its name, and how a plot labels it.
type PlotResult struct {
	Name  string // -z's value, and the summary's columns' prefix
	Title string // what a plot's title calls it
	Unit  string // its value axis' label
	Cell  string // a heat map cell's text of a value, a format for fmt
	// Measure: one of the measures, in the rows of runs that measured
	// them (sweep -measures) and empty in the others'.
	Measure bool
	// Reached and Count, for the time to a state that a run may never
	// reach: the state, as the curve's second plot (the fraction of the
	// runs that reached it) and its "never" mark name it, and the word a
	// heat map's cell counts those runs by ("3/10 synced").
	Reached, Count string
}

// PlotResults are the results, in the summary's order.
var PlotResults = []PlotResult{
	{Name: "time_to_sync", Title: "Time to synchronise", Unit: "simulated seconds", Cell: "%.0f s", Reached: "synchronised", Count: "synced"},
	{Name: "r", Title: "Final R", Unit: "R", Cell: "%.2f"},
	{Name: "flashes", Title: "Flashes", Unit: "flashes", Cell: "%.0f"},
	{Name: "avalanches", Title: "Avalanches", Unit: "avalanches", Cell: "%.0f"},
	{Name: "largest_avalanche", Title: "Largest avalanche", Unit: "fireflies", Cell: "%.0f"},
	{Name: "mean_avalanche", Title: "Mean avalanche", Unit: "fireflies", Cell: "%.2f"},
	{Name: "groups", Title: "Firing groups", Unit: "groups (distinct flash times a period)", Cell: "%.4g", Measure: true},
	{Name: "locked", Title: "Fraction frequency-locked", Unit: "fraction of fireflies locked", Cell: "%.2f", Measure: true},
	{Name: "time_to_full_sync", Title: "Time to full synchrony", Unit: "simulated seconds", Cell: "%.0f s", Measure: true,
		Reached: "fully synchronised", Count: "full"},
}

// FindPlotResult returns the result of [PlotResults] named name.
func FindPlotResult(name string) (PlotResult, bool) {
	for _, r := range PlotResults {
		if r.Name == name {
			return r, true
		}
	}
	return PlotResult{}, false
}

func plotResultNames() []string {
	names := make([]string, len(PlotResults))
	for i, r := range PlotResults {
		names[i] = r.Name
	}
	return names
}

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
