package systems

import (
	"math"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems/internal/work"
)

// OrderEvery is how many ticks pass between two measurements of the order
// parameter: 2 Hz.
const OrderEvery = TPS / 2

// orderBins is the resolution of the cosine table: R is off by at most
// π/orderBins ≈ 4e-4.
const orderBins = 8192

// Order measures the order parameter R = |mean of exp(i·2π·phase/period)|
// from the actual phases, every [OrderEvery] ticks. Sums are kept per row
// and added in row order, so R does not depend on the number of workers.
type Order struct {
	sw    *components.SwarmData
	obs   *components.ObservationsData
	pool  *work.Pool
	scale float32      // table bins per second of phase
	table [][2]float32 // cos, sin at the centre of each bin
	rows  [][2]float64
	// With Model.RFromFlashes, R is also estimated as the original's
	// monitor did: from the time since each firefly's last flash, wrapped
	// at the period (a firefly yet to flash counts by its phase).
	fromFlashes bool
	flashRows   [][2]float64
	period      float64 // seconds
}

func newOrder(sw *components.SwarmData, obs *components.ObservationsData, p *params, pl *work.Pool, m components.Model) *Order {
	o := &Order{
		sw: sw, obs: obs, pool: pl,
		scale:       orderBins / p.period,
		table:       make([][2]float32, orderBins),
		rows:        make([][2]float64, sw.Height),
		fromFlashes: m.RFromFlashes,
		period:      m.Period.Seconds(),
	}
	if o.fromFlashes {
		o.flashRows = make([][2]float64, sw.Height)
	}
	for k := range o.table {
		a := 2 * math.Pi * (float64(k) + 0.5) / orderBins
		o.table[k] = [2]float32{float32(math.Cos(a)), float32(math.Sin(a))}
	}
	return o
}

// Update measures R on every [OrderEvery]th tick.
func (o *Order) Update() {
	if o.sw.Tick%OrderEvery == 0 {
		o.Measure()
	}
}

// Measure computes R for the current phases into
// [components.ObservationsData.R], unless it is measured already.
func (o *Order) Measure() float64 {
	obs := o.obs
	if obs.RTick == o.sw.Tick {
		return obs.R
	}
	o.pool.Run(o)
	obs.RPhases = o.length(o.rows)
	obs.R = obs.RPhases
	if o.fromFlashes {
		obs.RFlashes = o.length(o.flashRows)
		obs.R = obs.RFlashes
	}
	obs.RTick = o.sw.Tick
	return obs.R
}

// length is R from rows of sums of unit vectors: the length of their mean.
// Each cos and sin is rounded, so the sums can exceed what n unit vectors
// reach: clamped, so that R stays in [0, 1] by construction.
func (o *Order) length(rows [][2]float64) float64 {
	var c, s float64
	for _, r := range rows {
		c += r[0]
		s += r[1]
	}
	return min(math.Hypot(c, s)/float64(len(o.sw.Phase)), 1)
}

// Band sums the unit vectors of rows [y0, y1), a row at a time.
func (o *Order) Band(_, y0, y1 int) {
	w := o.sw.Width
	last := int32(len(o.table) - 1)
	for y := y0; y < y1; y++ {
		var c, s float32
		for _, ph := range o.sw.Phase[y*w : y*w+w] {
			k := min(int32(ph.Seconds*o.scale), last)
			cs := o.table[k]
			c += cs[0]
			s += cs[1]
		}
		o.rows[y] = [2]float64{float64(c), float64(s)}
	}
	if o.fromFlashes {
		o.flashBand(y0, y1)
	}
}

func (o *Order) flashBand(y0, y1 int) {
	w, tick := o.sw.Width, o.sw.Tick
	bins := float64(len(o.table))
	for y := y0; y < y1; y++ {
		var c, s float32
		for x, g := range o.sw.Glow[y*w : y*w+w] {
			var frac float64
			if g.FlashTick == components.NeverFlashed {
				frac = float64(o.sw.Phase[y*w+x].Seconds) / o.period
			} else {
				age := float64(tick-g.FlashTick) / TPS
				frac = math.Mod(age, o.period) / o.period
			}
			cs := o.table[min(int(frac*bins), len(o.table)-1)]
			c += cs[0]
			s += cs[1]
		}
		o.flashRows[y] = [2]float64{float64(c), float64(s)}
	}
}
