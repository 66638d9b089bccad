//go:build !headless

// The browser build only: the headless build for js/wasm runs under Node,
// takes its flags from the command line and publishes nothing.

package main

import (
	"bytes"
	"encoding/base64"
	"strings"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/firefly-observatory/fireflies/frame"
	"github.com/firefly-observatory/fireflies/picture"
)

// live is window.fireflies: one object, made at the first publish and
// updated in place, so that publishing allocates nothing on either side.
var live js.Value

// publish sets window.fireflies = {fireflies, seed, ticks, tps, fps,
// flashes, r, paused, published, summary, screenshot()} for people and
// tests to read; published counts the publications, so that a reader can
// wait for the next one, and summary is the overlay's first lines.
func publish(g *game) {
	if live.IsUndefined() {
		live = js.Global().Get("Object").New()
		live.Set("screenshot", js.FuncOf(func(js.Value, []js.Value) any { return screenshot(g) }))
		defer js.Global().Set("fireflies", live)
	}
	g.publications++
	live.Set("fireflies", g.sim.Model.Fireflies())
	live.Set("seed", float64(g.sim.Model.Seed))
	live.Set("ticks", float64(g.sim.Swarm.Tick))
	live.Set("tps", ebiten.ActualTPS())
	live.Set("fps", ebiten.ActualFPS())
	live.Set("flashes", float64(g.sim.Obs.TotalFlashes))
	live.Set("r", g.sim.Obs.R)
	live.Set("paused", g.ctl.Paused)
	live.Set("published", g.publications)
	// The overlay's first lines, for screen readers: the page mirrors them
	// into an aria-live element.
	lines := strings.SplitN(g.overlay.Text, "\n", 4)
	live.Set("summary", strings.Join(lines[:min(3, len(lines))], "; "))
}

// screenshot returns the grid as it is now, in the current view, as a PNG
// data URL: one pixel a cell, averaged down to at most 4096 pixels a side.
func screenshot(g *game) any {
	px := frame.NewPixels(g.sim)
	px.View = g.ctl.View
	px.Update()
	var b bytes.Buffer
	m := g.sim.Model
	if err := picture.WritePNG(&b, px.Pix, m.Width, m.Height); err != nil {
		return js.Global().Get("Error").New(err.Error())
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Bytes())
}
