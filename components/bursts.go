package components

import (
	"math"

	"github.com/yohamta/donburi"
)

// BurstsData is what the burst model's groups did: the intervals between
// the starts of a group's successive bursts, all groups pooled. A burst of
// a group is a run of its flashes with no gap of [BurstsData.Gap] ticks or
// more; it starts with its first flash. It is a singleton beside
// [ObservationsData], in a world of the burst model only.
type BurstsData struct {
	Gap    int32 // ticks: a pause this long or longer ends a group's burst
	Groups int   // the groups measured apart: tents, or 1 for the whole grid
	// Counts has the intervals by length in ticks: Counts[k] intervals
	// of k ticks, the last entry those of len(Counts)-1 ticks or more.
	// Bounded, so that counting allocates nothing while the run ticks.
	Counts []uint32
	N      int64   // intervals counted
	Sum    float64 // seconds, of all intervals
	SumSq  float64 // seconds², of all intervals
}

// Bursts is the component type of [BurstsData].
var Bursts = donburi.NewComponentType[BurstsData]()

// Quantile is the p-quantile of the intervals in seconds (0 ≤ p ≤ 1),
// interpolated between the two nearest as a sorted list of them would be
// (type 7, R's default); 0 with none.
func (b *BurstsData) Quantile(p float64, tps int) float64 {
	if b.N == 0 {
		return 0
	}
	x := p * float64(b.N-1)
	lo := int64(math.Floor(x))
	a, c := b.nth(lo), b.nth(min(lo+1, b.N-1))
	return (float64(a) + (x-float64(lo))*float64(c-a)) / float64(tps)
}

// nth is the k-th shortest interval (from 0), in ticks.
func (b *BurstsData) nth(k int64) int {
	for t, n := range b.Counts {
		if k < int64(n) {
			return t
		}
		k -= int64(n)
	}
	return len(b.Counts) - 1
}

// SD is the intervals' standard deviation in seconds (of the sample:
// divided by n-1); 0 with fewer than two.
func (b *BurstsData) SD() float64 {
	if b.N < 2 {
		return 0
	}
	n := float64(b.N)
	v := (b.SumSq - b.Sum*b.Sum/n) / (n - 1)
	return math.Sqrt(max(v, 0))
}
