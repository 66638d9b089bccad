package systems

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/firefly-observatory/fireflies/components"
)

// countdown is the model's deafness as it defines it: the ticks that
// left = max(left − dt, 0) takes to reach 0, one step at a time, or -1 if
// a step leaves it unchanged.
func countdown(left float32) int64 {
	n := int64(0)
	for left > 0 {
		next := max(left-dt, 0)
		if next == left {
			return -1
		}
		left, n = next, n+1
	}
	return n
}

// TestDeafTicksCountsDown checks deafTicks, which jumps over runs of
// equal steps, against the countdown step by step: on every deafness the
// flags allow (below an hour), near each power of two, where the steps
// change, and at the edges.
func TestDeafTicksCountsDown(t *testing.T) {
	check := func(left float32) {
		t.Helper()
		want := countdown(left)
		if want < 0 {
			want = int64(forever)
		}
		if got := deafTicks(left); int64(got) != want {
			t.Fatalf("deafTicks(%v = %#x): %d, want %d", left, math.Float32bits(left), got, want)
		}
	}
	for _, left := range []float32{0, -1, float32(math.NaN()), dt, dt / 2, 2 * dt, math.SmallestNonzeroFloat32,
		0.2, 1, 3599.999, 3600, 1 << 18, 1 << 19, 1 << 20, float32(math.Inf(1)), math.MaxFloat32} {
		check(left)
	}
	for e := -30; e <= 12; e++ {
		p := float32(math.Ldexp(1, e))
		for k := range 40 {
			check(math.Nextafter32(p, 0) - float32(k)*dt/16)
			check(p + float32(k)*dt/16)
			check(math.Float32frombits(math.Float32bits(p) + uint32(k)))
			check(math.Float32frombits(math.Float32bits(p) - uint32(k)))
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for range n {
		check(r.Float32() * 3600)
		check(r.Float32() * 5)
		check(math.Float32frombits(r.Uint32N(0x45610000))) // every float from 0 to 3600, by its bits
	}
}

// TestDeafUntil: a deafness given on a tick ends that many ticks later,
// and a painted one never does.
func TestDeafUntil(t *testing.T) {
	if got, want := deafUntil(100, 0.2), 100+deafTicks(0.2); got != want || want < 11 {
		t.Errorf("deafUntil(100, 0.2) = %d, want %d (more than 10 ticks)", got, want)
	}
	if got := deafUntil(7, 0); got != 7 {
		t.Errorf("deafUntil(7, 0) = %d, want 7: no deafness hears on the tick itself", got)
	}
	if got := deafUntil(7, float32(math.Inf(1))); got != forever {
		t.Errorf("deafUntil(7, +Inf) = %d, want forever", got)
	}
}

// TestDeafSeconds: what the hover shows is the deafness left in seconds:
// the refractory time less the ticks since the flash, or a tick's dt for
// each tick still to come.
func TestDeafSeconds(t *testing.T) {
	m := components.DefaultModel() // 1 s deaf after a flash
	m.Width, m.Height = 8, 8
	s, err := New(m, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Swarm.Tick = 100
	never := components.GlowData{FlashTick: components.NeverFlashed}
	for _, c := range []struct {
		until int32
		want  float64
	}{{160, 60 * float64(dt)}, {101, float64(dt)}, {100, 0}, {3, 0}, {forever, math.Inf(1)}} {
		if got := s.DeafSeconds(components.RefractoryData{Until: c.until}, components.PhaseData{}, never); got != c.want {
			t.Errorf("deaf until tick %d at tick 100: %v s, want %v", c.until, got, c.want)
		}
	}
	// The phase clock's deafness is the phase's way to the refractory time.
	if got := s.DeafSeconds(components.RefractoryData{Until: byPhase}, components.PhaseData{Seconds: 0.25}, never); got != 0.75 {
		t.Errorf("deaf by the phase at 0.25 s: %v s, want 0.75", got)
	}
	// After a flash: the whole refractory time, then a tick's less each
	// tick, to the countdown's rounding.
	ph, r, g := components.PhaseData{}, components.RefractoryData{}, components.GlowData{}
	s.params.ignite(&ph, &r, &g, 0, s.Swarm.Tick)
	for k := range 62 {
		left := max(0, 1-float64(k)*float64(dt))
		if got := s.DeafSeconds(r, ph, g); math.Abs(got-left) > 1e-5 {
			t.Errorf("%d ticks after a flash: %v s deaf, want %v", k, got, left)
		}
		s.Swarm.Tick++
	}
}
