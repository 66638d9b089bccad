//go:build !headless

// The browser build only: the headless build for js/wasm runs under Node,
// takes its flags from the command line and publishes nothing.

package main

import (
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"
)

// live is window.fireflies: one object, made at the first publish and
// updated in place, so that publishing allocates nothing on either side.
var live js.Value

// publish sets window.fireflies = {fireflies, seed, ticks, tps, fps,
// flashes, r, paused, published} for people and tests to read; published
// counts the publications, so that a reader can wait for the next one.
func publish(g *game) {
	if live.IsUndefined() {
		live = js.Global().Get("Object").New()
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
	live.Set("paused", g.paused)
	live.Set("published", g.publications)
}
