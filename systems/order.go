package systems

import (
	"math"

	"github.com/firefly-observatory/fireflies/components"
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
	pool  *pool
	scale float32      // table bins per second of phase
	table [][2]float32 // cos, sin at the centre of each bin
	rows  [][2]float64
}

func newOrder(sw *components.SwarmData, obs *components.ObservationsData, p *params, pl *pool) *Order {
	o := &Order{
		sw: sw, obs: obs, pool: pl,
		scale: orderBins / p.period,
		table: make([][2]float32, orderBins),
		rows:  make([][2]float64, sw.Height),
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
	o.pool.run(o)
	var c, s float64
	for _, r := range o.rows {
		c += r[0]
		s += r[1]
	}
	// Each cos and sin is rounded, so the sums can exceed what n unit
	// vectors reach: clamp, so that R stays in [0, 1] by construction.
	n := float64(len(o.sw.Phase))
	obs.R = min(math.Hypot(c, s)/n, 1)
	obs.RTick = o.sw.Tick
	return obs.R
}

func (o *Order) band(_, y0, y1 int) {
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
}
