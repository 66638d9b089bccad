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

	// Hits counts the flashing neighbours each firefly heard this tick. It
	// is 0 between ticks: Settle clears what the tick's hearing set.
	Hits []uint8
	// Fired has a bit per cell, row-padded: flashed this tick. It is all
	// zero between ticks: Trace clears it as it hashes the tick, and
	// Advance relies on that to start the next tick with nobody flashed.
	Fired []uint64
	// Queued counts the flashes each firefly heard while deaf, with
	// Model.QueueDeafFlashes (nil without): they nudge it when it hears
	// again.
	Queued []uint32

	Tick int32 // ticks simulated so far; tick t ends at t/60 s
}

// Swarm is the component type of [SwarmData].
var Swarm = donburi.NewComponentType[SwarmData]()
