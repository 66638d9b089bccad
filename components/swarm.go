package components

import "github.com/yohamta/donburi"

// SwarmData is the singleton that owns the fireflies' storage. Every
// firefly entity's Phase, Refractory and Glow components point into these
// dense, grid-ordered columns (index y*Width+x), so systems stream over
// plain slices while donburi's Get and queries see the same values.
type SwarmData struct {
	Width, Height int
	Stride        int // 64-bit words per grid row in Fired

	Phase      []PhaseData
	Refractory []RefractoryData
	Glow       []GlowData
	Entities   []donburi.Entity // grid order

	Hits  []uint8  // flashing neighbours heard this tick; 0 between ticks
	Fired []uint64 // bit per cell, row-padded: flashed this tick

	Tick         int32  // ticks simulated so far; tick t ends at t/60 s
	Flashes      int    // flashes in the last tick
	Waves        int    // waves of the last tick's cascade, the first included
	Spread       int    // flashes the last tick's waves spread; equals Flashes
	TotalFlashes int64  // flashes since the start
	TraceHash    uint64 // hash of every (tick, firefly) flash so far
}

// Swarm is the component type of [SwarmData].
var Swarm = donburi.NewComponentType[SwarmData]()
