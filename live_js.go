//go:build !headless

package main

import "syscall/js"

// publish sets window.fireflies for people and tests to read.
func publish(s liveStats) {
	obj := js.Global().Get("Object").New()
	obj.Set("fireflies", s.Fireflies)
	obj.Set("seed", float64(s.Seed))
	obj.Set("ticks", float64(s.Ticks))
	obj.Set("tps", s.TPS)
	obj.Set("fps", s.FPS)
	obj.Set("flashes", float64(s.Flashes))
	obj.Set("r", s.R)
	js.Global().Set("fireflies", obj)
}
