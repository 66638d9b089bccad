package systems

import "github.com/firefly-observatory/fireflies/components"

// Sources stands in for the firefly systems in the renderer stress mode:
// a number of synthetic sources each set a random cell glowing a number of
// times a second, so the draw path can be measured on its own. The cells
// are drawn from the seed, tick and event number, like everything else.
// Events are counted as events; a cell lit by several in a tick flashes
// once, and Trace counts and hashes the flashes as in the model.
type Sources struct {
	sw      *components.SwarmData
	obs     *components.ObservationsData
	seed    uint64
	perTick float64 // events per tick
	due     float64 // events owed, carried between ticks
}

func newSources(sw *components.SwarmData, obs *components.ObservationsData, p *params, l *Load) *Sources {
	return &Sources{sw: sw, obs: obs, seed: p.seed, perTick: float64(l.Sources) * l.Rate / TPS}
}

// Update lights this tick's share of the events.
func (s *Sources) Update() {
	sw := s.sw
	sw.Tick++
	s.due += s.perTick
	n := int(s.due)
	s.due -= float64(n)
	cells := uint64(len(sw.Glow))
	w := uint64(sw.Width)
	for k := range n {
		i := mix64(s.seed+(uint64(uint32(sw.Tick))<<32|uint64(k))) % cells
		sw.Glow[i].FlashTick = sw.Tick
		y, x := i/w, i%w
		sw.Fired[int(y)*sw.Stride+int(x>>6)] |= 1 << (x & 63)
	}
	s.obs.Events += int64(n)
}
