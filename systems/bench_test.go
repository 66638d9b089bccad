package systems_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems"
)

// BenchmarkTick measures one tick of the default model, after a warm-up of
// five simulated seconds, per size and worker count.
func BenchmarkTick(b *testing.B) {
	for _, size := range []int{256, 1024, 2048} {
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("%dx%d/workers=%d", size, size, workers), func(b *testing.B) {
				benchTick(b, model(size, size, 1), workers)
			})
		}
	}
}

func benchTick(b *testing.B, m components.Model, workers int) {
	s := newSim(b, m, workers)
	for range 5 * systems.TPS {
		s.Update()
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		s.Update()
	}
	reportPerFirefly(b, m)
}

func reportPerFirefly(b *testing.B, m components.Model) {
	ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / float64(m.Fireflies())
	b.ReportMetric(ns, "ns/firefly-tick")
}

// BenchmarkBurstCycle measures one second (60 ticks) of a 2048×2048 swarm
// that flashes all together once a second, after it has synchronised.
func BenchmarkBurstCycle(b *testing.B) {
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("2048x2048/workers=%d", workers), func(b *testing.B) {
			m := burst(2048, 2048, 1)
			s := newSim(b, m, workers)
			for range 3 * systems.TPS {
				s.Update()
			}
			b.ReportAllocs()
			worst := 0.0
			for b.Loop() {
				for range systems.TPS {
					t0 := time.Now()
					s.Update()
					worst = max(worst, float64(time.Since(t0).Microseconds())/1000)
				}
			}
			b.ReportMetric(worst, "worst-tick-ms")
		})
	}
}
