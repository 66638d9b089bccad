package systems

import (
	"math"
	"math/bits"

	"github.com/firefly-observatory/fireflies/components"
)

// Reference is the model written the plain way, on []float32 slices: the
// wave-by-wave cascade exactly as the rules state it, each flash visiting
// its 8 neighbours, one goroutine, no ECS. Tests check [Sim] against it and
// benchmarks measure against it, so it is written to be fast too: one
// streaming pass, branch-free deafness, no modulo in the neighbour loop.
type Reference struct {
	W, H    int
	p       params
	Phase   []float32 // seconds
	Refr    []float32 // seconds of deafness left
	last    []int32   // tick of the last flash
	hits    []uint8
	touched []int32
	wave    []int32
	next    []int32
	fired   []uint64 // this tick's flashes, for the trace hash
	stride  int
	queued  []uint32 // flashes heard while deaf (Model.QueueDeafFlashes)
	inWave  []int32  // the wave whose hearing made each firefly flash
	waveID  int32    // the wave being heard, counted over the whole run

	Tick    int32
	Hash    uint64
	Flashes int64
}

// NewReference sets up the model with the same initial phases as [New].
func NewReference(m components.Model) *Reference {
	n := m.Fireflies()
	r := &Reference{
		W: m.Width, H: m.Height, p: newParams(m),
		Phase: make([]float32, n), Refr: make([]float32, n),
		last: make([]int32, n), hits: make([]uint8, n),
		stride: (m.Width + 63) / 64,
	}
	r.fired = make([]uint64, r.stride*m.Height)
	r.queued = make([]uint32, n)
	r.inWave = make([]int32, n)
	for i := range r.Phase {
		r.Phase[i] = r.p.period * unit(r.p.seed, int32(i), 0)
		r.last[i] = components.NeverFlashed
		if m.StartDeaf && r.Phase[i] < r.p.refractory {
			r.Refr[i] = r.p.refractory - r.Phase[i]
		}
	}
	return r
}

// Step simulates one tick.
func (r *Reference) Step() {
	r.Tick++
	wave := r.wave[:0]
	for i := range r.Phase {
		if r.p.queue || r.p.phaseClock {
			r.deafness(i)
		} else {
			r.Refr[i] = max(r.Refr[i]-dt, 0)
			r.Phase[i] += dt
		}
		if r.Phase[i] >= r.p.period {
			wave = append(wave, int32(i))
		}
	}
	for _, i := range wave {
		r.flash(i)
	}
	for len(wave) > 0 {
		next := r.next[:0]
		r.waveID++
		for _, f := range wave {
			y := int(f) / r.W
			x := int(f) - y*r.W
			xl, xr, yu, yd := x-1, x+1, y-1, y+1
			if xl < 0 {
				xl = r.W - 1
			}
			if xr == r.W {
				xr = 0
			}
			if yu < 0 {
				yu = r.H - 1
			}
			if yd == r.H {
				yd = 0
			}
			for _, ny := range [3]int{yu, y, yd} {
				for _, nx := range [3]int{xl, x, xr} {
					j := int32(ny*r.W + nx)
					if j == f {
						continue
					}
					if r.Refr[j] > 0 {
						// Deaf keeps it, even the echo of its own flash,
						// but not the rest of the wave that made it flash.
						if r.p.queue && r.inWave[j] != r.waveID {
							r.queued[j]++
						}
						continue
					}
					if r.last[j] == r.Tick {
						continue
					}
					if r.hits[j] == 0 {
						r.touched = append(r.touched, j)
					}
					r.hits[j]++
					if r.Phase[j]+r.p.nudgeBy[r.hits[j]] >= r.p.period {
						r.flash(j)
						r.inWave[j] = r.waveID
						next = append(next, j)
					}
				}
			}
		}
		r.wave, r.next = next, wave
		wave = next
	}
	for _, j := range r.touched {
		if r.hits[j] > 0 {
			r.Phase[j] += r.p.nudgeBy[r.hits[j]]
			r.hits[j] = 0
		}
	}
	r.touched = r.touched[:0]
	r.Hash, _ = foldTick(r.Hash, r.Tick, r.fired)
}

// deafness advances firefly i by a tick under the original's rules: the
// phase by dt; deafness by the clock, or until the phase reaches the
// refractory time (then the phase is set to it); and once it ends, each
// flash heard meanwhile nudges in full.
func (r *Reference) deafness(i int) {
	r.Phase[i] += dt
	if r.Refr[i] <= 0 {
		return
	}
	if r.p.phaseClock {
		r.Refr[i] = r.p.refractory - r.Phase[i]
	} else {
		r.Refr[i] -= dt
	}
	if r.Refr[i] > 0 {
		return
	}
	r.Refr[i] = 0
	if r.p.phaseClock {
		r.Phase[i] = r.p.refractory
	}
	if r.p.queue {
		r.Phase[i] += float32(r.queued[i]) * r.p.nudge
		r.queued[i] = 0
	}
}

func (r *Reference) flash(i int32) {
	r.Phase[i] = r.p.jitter * unit(r.p.seed, i, r.Tick)
	r.Refr[i] = r.p.refractory
	if r.p.phaseClock {
		r.Refr[i] = max(r.p.refractory-r.Phase[i], 0)
	}
	r.last[i] = r.Tick
	r.hits[i] = 0
	r.Flashes++
	x, y := int(i)%r.W, int(i)/r.W
	r.fired[y*r.stride+x>>6] |= 1 << (x & 63)
}

// foldTick folds a tick's flash bitmap into the trace hash h, clears the
// bitmap, and returns the new hash and the number of flashes: the hash as
// the Trace system's comment defines it, in one loop, against which the
// references check the Trace's split of it.
func foldTick(h uint64, tick int32, fired []uint64) (uint64, int) {
	n := 0
	for k, word := range fired {
		if word == 0 {
			continue
		}
		if n == 0 {
			h = fold(h, uint64(tick))
		}
		h = fold(fold(h, uint64(k)), word)
		n += bits.OnesCount64(word)
		fired[k] = 0
	}
	return h, n
}

// sameDeafness reports whether a firefly's deafness, until, after the
// tick is the model's countdown of left seconds, which the reference
// keeps: deaf for as many more ticks as left = max(left − dt, 0) takes to
// reach 0, for ever at +Inf. Under the phase clock the deafness follows
// the phase, not a count: then the reference's left is the phase's way to
// the refractory time and only whether it is deaf compares.
func sameDeafness(until, tick int32, left float32, phaseClock bool) bool {
	switch {
	case left > math.MaxFloat32:
		return until == forever
	case phaseClock && left > 0:
		return until == byPhase
	}
	n := int32(0)
	for ; left > 0; left = max(left-dt, 0) {
		n++
	}
	if n == 0 {
		return until <= tick
	}
	return until == tick+n
}
