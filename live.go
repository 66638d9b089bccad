//go:build !headless

package main

// liveStats are the numbers the browser page publishes as
// window.fireflies, twice a second.
type liveStats struct {
	Fireflies int
	Seed      uint64
	Ticks     int64
	TPS, FPS  float64
	Flashes   int64
	R         float64
}
