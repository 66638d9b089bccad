package components

import "time"

// Model holds the rules of a run: the grid and the pulse-coupling
// constants. It is built once at start-up and never changes during a run.
type Model struct {
	Width, Height int           // cells; the grid is a torus
	Period        time.Duration // free-running cycle: its mean under the exact clock, in whole ticks under ticks
	Nudge         time.Duration // phase advance per flashing neighbour
	Refractory    time.Duration // deafness after a flash
	Jitter        time.Duration // phase after a flash is uniform in [0, Jitter) (plus the overshoot under the exact clock)
	Glow          float64       // fraction of the period a flash stays visible
	Seed          uint64        // the only source of randomness

	// The original experiment's rules, all off by default (see README,
	// "The original"):
	QueueDeafFlashes bool // flashes heard while deaf wait, then nudge each in full when deafness ends
	PhaseClock       bool // deaf while the phase is below the refractory time; then the phase is set to it
	StartDeaf        bool // fireflies whose first phase is below the refractory time start deaf
	RFromFlashes     bool // R from the time since each firefly's last flash, wrapped at the period

	// The model's variants (see README, "The model"); the zero value of
	// each is the default model, and any other runs the variant engine.
	Response     string        // "" or advance, fire, reset, proportional
	Threshold    int           // flashes heard in a tick before a firefly responds; 0 or 1 is 1
	PeriodSpread time.Duration // own periods uniform in Period ± PeriodSpread
	Noise        time.Duration // phase diffusion: standard deviation after one simulated second
	Neighbours   string        // "" or moore, vonneumann, radius:R
	Edges        string        // "" or torus, free
	Topology     string        // "" or lattice, smallworld:P, random:K, all

	// The burst model of Photinus carolinus (docs/model.md, "Real
	// fireflies"), which runs in place of the pulse-coupled oscillator
	// when Kind is "carolinus"; the period and nudge then only scale the
	// phase shown and R, and the glow.
	Kind            string        // "" or pulse, carolinus
	Beta            float64       // charge a ready firefly gains per flash it sees; a full charge starts a burst
	BurstRefractory time.Duration // after a burst's last flash, no burst and no charge from flashes
	Group           string        // "" or N: tents of N fireflies, all-to-all in each; grid: the neighbourhood of Neighbours and Topology
	QuietFrom       string        // the file of the single firefly's interburst intervals; "" the embedded recording's
	Quiet           string        // that file's text, read at start-up; "" the embedded one

	// Clock is how time is kept within a tick (docs/model.md, "The exact
	// clock"): "" or ticks, the default, or exact, a variant.
	Clock string
	// CouplingScale divides the nudge: "" or none; degree, by the number
	// of neighbours a firefly has; n, by the number of fireflies.
	CouplingScale string
}

// Carolinus reports whether the model is the burst model of Photinus
// carolinus rather than the pulse-coupled oscillator.
func (m Model) Carolinus() bool { return m.Kind == "carolinus" }

// Variant reports whether the model is not the default one: any of the
// variants' settings differs from its default.
func (m Model) Variant() bool {
	return m.Response != "" && m.Response != "advance" ||
		m.Threshold > 1 || m.PeriodSpread != 0 || m.Noise != 0 ||
		m.Neighbours != "" && m.Neighbours != "moore" ||
		m.Edges != "" && m.Edges != "torus" ||
		m.Topology != "" && m.Topology != "lattice" ||
		m.ExactClock()
}

// ExactClock reports whether the model keeps time within a tick (-clock
// exact): a variant of the model.
func (m Model) ExactClock() bool { return m.Clock == "exact" }

// The burst model's defaults: the β fitted to the tents of 20 fireflies
// (docs/model.md, "Real fireflies"), and the shortest interval between two
// bursts of a firefly alone in the recordings, 5.6723 s, as the paper's
// refractory time.
const (
	DefaultBeta            = 0.2
	DefaultBurstRefractory = 5672300 * time.Microsecond
)

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

		Kind:            "pulse",
		Beta:            DefaultBeta,
		BurstRefractory: DefaultBurstRefractory,
		Group:           "20",
	}
}

// Fireflies is the number of cells in the grid.
func (m Model) Fireflies() int { return m.Width * m.Height }
