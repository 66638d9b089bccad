package systems

import (
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/components"
)

// BenchmarkNoiseSteps times the making of the noise's steps alone (see
// steps.fill), a 512×512 swarm's a tick, in chunks as Advance makes them.
func BenchmarkNoiseSteps(b *testing.B) {
	m := components.DefaultModel()
	m.Width, m.Height, m.Seed = 512, 512, 1
	m.Noise = 50 * time.Millisecond
	p := newParams(m)
	st := newSteps(m, &p, m.Fireflies())
	var buf stepBuf
	var sum float32
	tick := int32(0)
	for b.Loop() {
		tick++
		for c := 0; c < m.Fireflies(); c += stepChunk {
			sum += st.fill(&buf, c, stepChunk, tick)[0]
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(m.Fireflies()), "ns/firefly")
	_ = sum
}
