//go:build !headless

// The browser build only: the headless build for js/wasm runs under Node,
// takes its flags from the command line and publishes nothing.

package main

import "syscall/js"

// live is window.fireflies: one object, made at the first publish and
// updated in place, so that publishing allocates nothing on either side.
var live js.Value

// publish sets window.fireflies = {fireflies, seed, ticks, tps, fps,
// flashes, r} for people and tests to read.
func publish(s liveStats) {
	if live.IsUndefined() {
		live = js.Global().Get("Object").New()
		defer js.Global().Set("fireflies", live)
	}
	live.Set("fireflies", s.Fireflies)
	live.Set("seed", float64(s.Seed))
	live.Set("ticks", float64(s.Ticks))
	live.Set("tps", s.TPS)
	live.Set("fps", s.FPS)
	live.Set("flashes", float64(s.Flashes))
	live.Set("r", s.R)
}
