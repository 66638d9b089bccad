package systems

import "github.com/firefly-observatory/fireflies/components"

// SyncR is the order parameter at which the swarm counts as synchronised.
const SyncR = 0.9

// Monitor follows the swarm's convergence at 2 Hz, right after [Order]
// has measured R: the pulse (flashes per firefly over the last half
// second) and when the swarm synchronised.
type Monitor struct {
	sw     *components.SwarmData
	order  *Order
	period float64 // seconds

	Pulse float64 // flashes ÷ fireflies over the last half second
	// SyncedAt is the first simulated time, in seconds, at which R ≥ SyncR
	// and stayed so for a full period; negative until that has happened.
	SyncedAt float64

	since   float64 // when R last rose to SyncR; negative while below
	flashes int64   // TotalFlashes at the last sample
}

func newMonitor(sw *components.SwarmData, o *Order, m components.Model) *Monitor {
	return &Monitor{sw: sw, order: o, period: m.Period.Seconds(), SyncedAt: -1, since: -1}
}

// Update samples on the ticks at which Order measures R.
func (m *Monitor) Update() {
	sw := m.sw
	if sw.Tick%OrderEvery != 0 {
		return
	}
	m.Pulse = float64(sw.TotalFlashes-m.flashes) / float64(len(sw.Phase))
	m.flashes = sw.TotalFlashes
	t := float64(sw.Tick) / TPS
	switch {
	case m.order.R < SyncR:
		m.since = -1
	case m.since < 0:
		m.since = t
	}
	if m.SyncedAt < 0 && m.since >= 0 && t-m.since >= m.period {
		m.SyncedAt = m.since
	}
}
