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
	Entities   FireflyEntities // the firefly entities, in grid order

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

// FireflyEntities names the firefly entities in grid order. A new world
// makes them one after another, so their ids follow each other and the
// first entity names them all: a list would cost 8 bytes a firefly, 6 %
// of a large world's memory. Only when the ids do not follow (a world
// whose destroyed ids donburi hands out again) does List hold them.
type FireflyEntities struct {
	First donburi.Entity
	List  []donburi.Entity // nil while the ids follow First
}

// At is firefly i's entity.
func (f *FireflyEntities) At(i int) donburi.Entity {
	if f.List != nil {
		return f.List[i]
	}
	return f.First + donburi.Entity(i)<<32 // donburi keeps the id in the high 32 bits
}
