package components

import "time"

// Model holds the rules of a run: the grid and the pulse-coupling
// constants. It is built once at start-up and never changes during a run.
type Model struct {
	Width, Height int           // cells; the grid is a torus
	Period        time.Duration // free-running cycle length
	Nudge         time.Duration // phase advance per flashing neighbour
	Refractory    time.Duration // deafness after a flash
	Jitter        time.Duration // phase after a flash is uniform in [0, Jitter)
	Glow          float64       // fraction of the period a flash stays visible
	Seed          uint64        // the only source of randomness

	// The original experiment's rules, all off by default (see README,
	// "The original"):
	QueueDeafFlashes bool // flashes heard while deaf wait, then nudge each in full when deafness ends
	PhaseClock       bool // deaf while the phase is below the refractory time; then the phase is set to it
	StartDeaf        bool // fireflies whose first phase is below the refractory time start deaf
	RFromFlashes     bool // R from the time since each firefly's last flash, wrapped at the period
}

// DefaultModel returns the constants of the original experiment on its
// 50×50 grid.
func DefaultModel() Model {
	return Model{
		Width: 50, Height: 50,
		Period:     5 * time.Second,
		Nudge:      200 * time.Millisecond,
		Refractory: time.Second,
		Jitter:     100 * time.Millisecond,
		Glow:       0.3,
		Seed:       1,
	}
}

// Fireflies is the number of cells in the grid.
func (m Model) Fireflies() int { return m.Width * m.Height }
