package systems

import (
	"math"
	"math/bits"

	"github.com/firefly-observatory/fireflies/components"
)

// steps are each firefly's step through its cycle in a tick when it is
// not dt for all: a spread of natural periods (-period-spread), noise
// (-noise), or both. Phases are kept in the swarm's nominal seconds
// (fraction × Period), so that R and the display read each firefly's own
// phase fraction unchanged: with a spread of periods, a firefly of period
// P advances by dt·Period/P a tick.
type steps struct {
	rate  []float32     // nominal seconds a tick, per firefly; nil: dt for all
	key   uint64        // the noise's stream: see noiseOctet
	table *[256]float32 // a tick's step for each byte of noise; nil: no noise
}

// newSteps returns the steps of m, or nil when every step is dt.
func newSteps(m components.Model, p *params, n int) *steps {
	if m.PeriodSpread <= 0 && m.Noise <= 0 {
		return nil
	}
	st := &steps{key: mix64(p.seed ^ saltNoise)}
	if m.Noise > 0 {
		// The step each byte of noiseOctet gives, computed once: the
		// clock's step (dt under the ticks clock) + noise without a
		// spread, the noise alone with one (fill adds the own step).
		noise := noiseScale(m.Noise.Seconds())
		base := clockStep(m)
		st.table = new([256]float32)
		for k, g := range gauss {
			d := float32(noise * g)
			if m.PeriodSpread == 0 {
				d = base + d
			}
			st.table[k] = d
		}
	}
	if m.PeriodSpread > 0 {
		// Own periods uniform in Period ± spread; the initial phase
		// fractions stay those NewWorld drew. The exact clock's speed
		// (clockSpeed; 1 under the ticks clock) multiplies each rate.
		st.rate = make([]float32, n)
		per, spread, speed := m.Period.Seconds(), m.PeriodSpread.Seconds(), clockSpeed(m)
		for i := range st.rate {
			u := float64(draw(p.seed, saltPeriod, uint64(i))>>11) / (1 << 53)
			st.rate[i] = float32(float64(dt) * per / (per + spread*(2*u-1)) * speed)
		}
	}
	return st
}

// stepChunk is how many fireflies' steps fill makes at a time: a buffer
// that stays in the L1 cache.
const stepChunk = 512

// stepBuf holds a chunk of steps, and the steps of up to seven fireflies
// before it that share its first noise draw.
type stepBuf [stepChunk + 8]float32

// fill makes the steps of fireflies i0 to i0+n-1 (n ≤ stepChunk) on the
// tick in buf and returns them. With noise, the step is table[b] for the
// firefly's byte b of noise (dt and noise, in one float32 addition made
// in newSteps), plus the own step with a spread: plain float32 additions,
// the same in every build. Eight fireflies a draw, from a multiple of 8
// on: a chunk that starts elsewhere starts its buffer with the draws of
// the fireflies before it. Making the steps apart from the advance, in
// two short loops, runs faster than one loop that does both.
func (st *steps) fill(buf *stepBuf, i0, n int, tick int32) []float32 {
	if st.table == nil {
		return st.rate[i0 : i0+n] // a spread alone: the own steps as they are
	}
	table, key := st.table, st.key
	q0 := i0 &^ 7
	for i := q0; i < i0+n; i += 8 {
		z := noiseOctet(key, tick, uint64(i>>3))
		eight := buf[i-q0 : i-q0+8 : i-q0+8]
		eight[0] = table[uint8(z)]
		eight[1] = table[uint8(z>>8)]
		eight[2] = table[uint8(z>>16)]
		eight[3] = table[uint8(z>>24)]
		eight[4] = table[uint8(z>>32)]
		eight[5] = table[uint8(z>>40)]
		eight[6] = table[uint8(z>>48)]
		eight[7] = table[z>>56]
	}
	step := buf[i0-q0 : i0-q0+n]
	if st.rate != nil {
		for k, r := range st.rate[i0 : i0+n] {
			step[k] = r + step[k]
		}
	}
	return step
}

// noiseOctet draws the noise of fireflies 8·block to 8·block+7 on the
// tick, one byte each (firefly 8·block+j byte j, bits 8j to 8j+7), from
// one counter-based draw: wyrand's output at the counter tick<<32 | block,
// with the noise's key mix64(seed^saltNoise) as its seed — a 64×64-bit
// multiply whose two halves are folded together. Each byte picks one of
// the 256 equally likely values of gauss. One cheap draw for eight
// fireflies keeps the generator, the part of the tick that -noise adds,
// cheap (README, "The model's variants — make bench").
func noiseOctet(key uint64, tick int32, block uint64) uint64 {
	s := key + (uint64(uint32(tick))<<32|block)*0xa0761d6478bd642f
	hi, lo := bits.Mul64(s, s^0xe7037ed1a0b428db)
	return hi ^ lo
}

// gauss are 256 equally likely values of a standard normal variable: its
// quantiles at (k + ½)/256, scaled so that their variance is exactly 1
// (before rounding to float32). A byte of noiseOctet picks one.
var gauss = normalQuantiles()

// normalQuantiles computes gauss with additions, multiplications,
// divisions and square roots of float64 only, each rounded on its own
// (the conversions forbid fused operations), so that every build — wasm
// included, whose math functions are not amd64's — gets the same bits.
// Φ(x) = ½(1 + erf(x/√2)), with erf from its Taylor series, and each
// quantile found by bisection; the lower half mirrors the upper.
func normalQuantiles() *[256]float32 {
	erf := func(z float64) float64 {
		// erf(z) = 2/√π · Σ (−1)ⁿ z^(2n+1) / (n! (2n+1)); z ≤ 2.1 here, so
		// the terms peak below e^(z²) < 100 and float64 loses nothing
		// that matters.
		t, sum := z, z
		for n := 1.0; n < 200; n++ {
			t = float64(t*float64(-z*z)) / n
			sum += float64(t / (2*n + 1))
			if float64(t*t) < 1e-40 {
				break
			}
		}
		return float64(sum*2) / math.Sqrt(math.Pi)
	}
	var q [256]float64
	for k := 128; k < 256; k++ {
		target := float64(2*k+1)/256 - 1 // erf(x/√2) where Φ(x) = (k+½)/256
		lo, hi := 0.0, 4.0
		for range 64 {
			mid := (lo + hi) / 2
			if erf(mid/math.Sqrt2) < target {
				lo = mid
			} else {
				hi = mid
			}
		}
		q[k], q[255-k] = lo, -lo
	}
	var v float64
	for _, x := range q {
		v += float64(x * x)
	}
	scale := math.Sqrt(v / 256)
	var out [256]float32
	for k, x := range q {
		out[k] = float32(x / scale)
	}
	return &out
}

// noiseScale is the standard deviation of a tick's noise for a noise of
// sigma seconds: σ·√dt, in float32; a step's noise is noiseScale × a value
// of gauss.
func noiseScale(sigma float64) float32 {
	return float32(sigma * math.Sqrt(float64(dt)))
}
