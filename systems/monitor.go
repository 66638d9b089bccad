package systems

import "github.com/firefly-observatory/fireflies/components"

// SyncR is the order parameter at which the swarm counts as synchronised
// (once it has held for a full period).
const SyncR = 0.9

// LostR is the order parameter below which a synchronised swarm has lost
// its synchrony: below SyncR, so that R wavering about 0.9 does not count
// as an episode lost and found each time.
const LostR = 0.8

// Monitor follows the swarm's convergence at 2 Hz, right after [Order]
// has measured R: the pulse (flashes per firefly over the last half
// second), when the swarm first synchronised, and whether it is
// synchronised now: an episode begins when R has held at [SyncR] for a
// full period and ends when R falls below [LostR] (coupling off, a
// scramble).
type Monitor struct {
	sw      *components.SwarmData
	obs     *components.ObservationsData
	period  float64 // seconds
	flashes int64   // TotalFlashes at the last sample
}

func newMonitor(sw *components.SwarmData, obs *components.ObservationsData, m components.Model) *Monitor {
	return &Monitor{sw: sw, obs: obs, period: m.Period.Seconds()}
}

// Update samples on the ticks at which Order measures R.
func (m *Monitor) Update() {
	sw, obs := m.sw, m.obs
	if sw.Tick%OrderEvery != 0 {
		return
	}
	obs.Pulse = float64(obs.TotalFlashes-m.flashes) / float64(len(sw.Phase))
	m.flashes = obs.TotalFlashes
	t := float64(sw.Tick) / TPS
	switch {
	case obs.R < SyncR:
		obs.AboveSince = -1
	case obs.AboveSince < 0:
		obs.AboveSince = t
	}
	switch {
	case !obs.InSync && obs.AboveSince >= 0 && t-obs.AboveSince >= m.period:
		obs.InSync, obs.SyncSince = true, obs.AboveSince
		obs.Episodes++
		if obs.SyncedAt < 0 {
			obs.SyncedAt = obs.AboveSince
		}
	case obs.InSync && obs.R < LostR:
		obs.InSync, obs.LostAt = false, t
	}
}
