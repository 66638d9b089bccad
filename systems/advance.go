package systems

import (
	"slices"
	"sync/atomic"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems/internal/work"
)

// Advance moves every firefly dt through its cycle and its deafness,
// flashes those whose phase reaches the period (the tick's first wave) and
// lets their neighbours hear them.
//
// Hearing is done row by row right behind the advancing rows, while they
// are still in cache: once row y is advanced, row y-1 and both its
// neighbours are final. A band's first and last rows border other bands,
// so they hear once the bands either side have advanced too, on whichever
// goroutine advanced the last of the three: in the same run of the pool,
// not a second one, as every run costs a worker's wake-up (see
// work.Pool.Later).
type Advance struct {
	sw    *components.SwarmData
	obs   *components.ObservationsData
	p     *params
	pool  *work.Pool
	waves *waves
	steps *steps   // nil: every step is dt
	first []uint64 // bitmap of the first wave
	// beside lists, for each band, the bands its edge rows wait for:
	// itself and the bands either side, round the torus, each once (so a
	// band's edge rows wait for those that wait for its own). advanced
	// counts those that have advanced this tick.
	beside   [][]int
	advanced []atomic.Int32
}

func newAdvance(sw *components.SwarmData, obs *components.ObservationsData, p *params, pl *work.Pool, wv *waves, st *steps) *Advance {
	n := len(pl.Rows())
	a := &Advance{
		sw: sw, obs: obs, p: p, pool: pl, waves: wv, steps: st, first: make([]uint64, len(sw.Fired)),
		beside: make([][]int, n), advanced: make([]atomic.Int32, n),
	}
	for b := range n {
		a.beside[b] = bandsBeside(b, n)
	}
	return a
}

// bandsBeside returns band b and the bands either side of it, among n
// bands round the torus, each once.
func bandsBeside(b, n int) []int {
	before, after := around(b, n)
	beside := []int{b}
	for _, c := range [2]int{before, after} {
		if !slices.Contains(beside, c) {
			beside = append(beside, c)
		}
	}
	return beside
}

// Update advances the tick counter and every band.
func (a *Advance) Update() {
	a.sw.Tick++
	for b := range a.advanced {
		a.advanced[b].Store(0)
	}
	a.pool.Run(a)
	n := 0
	for b := range a.waves.bands {
		n += a.waves.bands[b].first
	}
	a.obs.Waves, a.obs.Spread = 0, n
	if n > 0 {
		a.obs.Waves = 1
	}
}

// Band advances rows [y0, y1), band b of the pool's, and lets the rows
// whose neighbours are final hear the first wave.
func (a *Advance) Band(b, y0, y1 int) {
	switch {
	case a.p.queue || a.p.phaseClock:
		a.original(b, y0, y1)
	case a.steps != nil:
		a.varied(b, y0, y1)
	default:
		a.lean(b, y0, y1)
	}
	// Band b has advanced: the bands beside it whose edge rows waited for
	// it last now let them hear the first wave. No one else writes band
	// c's rows or lists meanwhile (it has advanced, and its edge rows hear
	// once), and the rows either side of them are final.
	for _, c := range a.beside[b] {
		if int(a.advanced[c].Add(1)) == len(a.beside[c]) {
			a.edgeRows(c)
		}
	}
}

// edgeRows lets band b's first and last rows hear the first wave.
func (a *Advance) edgeRows(b int) {
	r := a.pool.Rows()[b]
	y0, y1 := r[0], r[1]
	a.waves.spreadRow(y0, a.first, int32(b))
	if y1-1 > y0 {
		a.waves.spreadRow(y1-1, a.first, int32(b))
	}
}

func (a *Advance) lean(b, y0, y1 int) {
	sw := a.sw
	w, s := sw.Width, sw.Stride
	p := a.p
	period, rule := p.period, p.rule()
	tick := sw.Tick
	clear(a.first[y0*s : y1*s])
	n, last := 0, 0
	for y := y0; y < y1; y++ {
		row := y * w
		phase := sw.Phase[row : row+w]
		refr := sw.Refractory[row : row+w : row+w]
		glow := sw.Glow[row : row+w : row+w]
		fired := sw.Fired[y*s : y*s+s]
		first := a.first[y*s : y*s+s]
		if last > w/floodShare {
			last = floodRow(rule, period, phase, refr, glow, fired, first, row, tick)
		} else {
			last = 0
			for x := range phase {
				// Deafness is not counted down here: it is the tick it
				// ends (see deaf.go), so this sweep writes only phases.
				ph := phase[x].Seconds + dt
				phase[x].Seconds = ph
				if ph >= period {
					// A call, not floodRow's inlined flash, which would
					// slow this loop when nobody flashes: see floodRow.
					p.ignite(&phase[x], &refr[x], &glow[x], int32(row+x), tick)
					bit := uint64(1) << (x & 63)
					fired[x>>6] |= bit
					first[x>>6] |= bit
					last++
				}
			}
		}
		n += last
		if r := y - 1; r > y0 && r < y1-1 {
			a.waves.spreadRow(r, a.first, int32(b))
		}
	}
	a.waves.bands[b].first = n
}

// floodShare: a row after one in which more than 1/floodShare of the
// fireflies flashed is advanced by floodRow.
const floodShare = 8

// floodRow is lean's loop over one row with the flash inlined rather
// than called. Faster when many flash (the burst model, whose whole swarm
// flashes once a second: BenchmarkBurstCycle), as a call per flash then
// costs more than the rest of the loop. Slower when few do, as the
// flash's code then takes registers and a jump from the loop that every
// firefly pays for. Both give the same result; lean picks by the row
// before.
func floodRow(rule flashRule, period float32, phase []components.PhaseData, refr []components.RefractoryData, glow []components.GlowData, fired, first []uint64, row int, tick int32) int {
	refr, glow = refr[:len(phase)], glow[:len(phase)]
	n := 0
	for x := range phase {
		ph := phase[x].Seconds + dt
		phase[x].Seconds = ph
		if ph >= period {
			rule.ignite(&phase[x], &refr[x], &glow[x], int32(row+x), tick)
			bit := uint64(1) << (x & 63)
			fired[x>>6] |= bit
			first[x>>6] |= bit
			n++
		}
	}
	return n
}

// varied is band with a step of each firefly's own (a spread of periods,
// noise, or both: see steps), the phase floored at 0. A loop of its own,
// so that the default model's stays as lean as it is.
func (a *Advance) varied(b, y0, y1 int) {
	sw := a.sw
	w, s := sw.Width, sw.Stride
	p := a.p
	period, tick := p.period, sw.Tick
	clear(a.first[y0*s : y1*s])
	n := 0
	var buf stepBuf
	for y := y0; y < y1; y++ {
		row := y * w
		fired := sw.Fired[y*s : y*s+s]
		first := a.first[y*s : y*s+s]
		for c0 := 0; c0 < w; c0 += stepChunk {
			c1 := min(c0+stepChunk, w)
			phase := sw.Phase[row+c0 : row+c1]
			refr := sw.Refractory[row+c0 : row+c1 : row+c1]
			glow := sw.Glow[row+c0 : row+c1 : row+c1]
			step := a.steps.fill(&buf, row+c0, c1-c0, tick)
			step = step[:len(phase)]
			for k := range phase {
				ph := phase[k].Seconds + step[k]
				if ph < 0 { // rare: a step made negative by noise, just after a flash
					ph = 0
				}
				phase[k].Seconds = ph
				if ph >= period {
					x := c0 + k
					p.ignite(&phase[k], &refr[k], &glow[k], int32(row+x), tick)
					bit := uint64(1) << (x & 63)
					fired[x>>6] |= bit
					first[x>>6] |= bit
					n++
				}
			}
		}
		if r := y - 1; r > y0 && r < y1-1 {
			a.waves.spreadRow(r, a.first, int32(b))
		}
	}
	a.waves.bands[b].first = n
}

// original is band with the original experiment's deafness rules: the
// deafness runs out by the clock or by the phase, and the flashes heard
// meanwhile nudge the firefly, each in full, on the tick it hears again
// (then it may flash, in the first wave). A loop of its own, so that the
// default model's stays as lean as it is.
func (a *Advance) original(b, y0, y1 int) {
	sw := a.sw
	w, s := sw.Width, sw.Stride
	p := a.p
	tick := sw.Tick
	clear(a.first[y0*s : y1*s])
	n := 0
	for y := y0; y < y1; y++ {
		row := y * w
		for x := range w {
			i := row + x
			ph := sw.Phase[i].Seconds + dt
			if until := sw.Refractory[i].Until; until >= tick { // deaf on the tick before
				ends := until == tick
				if p.phaseClock && p.refractory-ph <= 0 {
					ends = true
					ph = p.refractory // hears again from exactly the refractory time
					sw.Refractory[i].Until = tick
				}
				if ends && p.queue {
					ph += p.queued(sw.Queued[i])
					sw.Queued[i] = 0
				}
			}
			sw.Phase[i].Seconds = ph
			if ph >= p.period {
				p.ignite(&sw.Phase[i], &sw.Refractory[i], &sw.Glow[i], int32(i), tick)
				bit := uint64(1) << (x & 63)
				sw.Fired[y*s+x>>6] |= bit
				a.first[y*s+x>>6] |= bit
				n++
			}
		}
		if r := y - 1; r > y0 && r < y1-1 {
			a.waves.spreadRow(r, a.first, int32(b))
		}
	}
	a.waves.bands[b].first = n
}
