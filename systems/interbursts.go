package systems

import (
	"github.com/yohamta/donburi"

	"github.com/firefly-observatory/fireflies/components"
)

// Interbursts measures the burst model's interburst intervals into
// [components.BurstsData]: for each group (a tent, or the whole grid with
// -group grid), a burst is a run of its flashes with no pause of
// [BurstGap] or more, and an interval runs from one burst's first flash
// to the next one's. It runs after [Carolinus], whose flashes it reads.
type Interbursts struct {
	sw    *components.SwarmData
	eng   *Carolinus
	b     *components.BurstsData
	group int32   // fireflies a group; the whole grid with -group grid
	last  []int32 // by group: the tick of its last flash
	start []int32 // by group: the tick its current burst started; -1 before the first
}

func newInterbursts(world donburi.World, sw *components.SwarmData, eng *Carolinus) *Interbursts {
	b := components.Bursts.Get(world.Entry(world.Create(components.Bursts)))
	group := eng.group
	if group == 0 {
		group = int32(len(sw.Phase))
	}
	groups := len(sw.Phase) / int(group)
	*b = components.BurstsData{Gap: BurstGap, Groups: groups, Counts: make([]uint32, maxInterval+1)}
	ib := &Interbursts{sw: sw, eng: eng, b: b, group: group, last: make([]int32, groups), start: make([]int32, groups)}
	for g := range groups {
		ib.last[g], ib.start[g] = components.NeverFlashed, -1
	}
	return ib
}

// Update counts the intervals that the tick's flashes end.
func (ib *Interbursts) Update() {
	t := ib.sw.Tick
	b := ib.b
	for _, f := range ib.eng.Flashed() {
		g := f / ib.group
		if t-ib.last[g] >= BurstGap {
			if s := ib.start[g]; s >= 0 {
				d := t - s
				b.Counts[min(d, maxInterval)]++
				b.N++
				sec := float64(d) / TPS
				b.Sum += sec
				b.SumSq += sec * sec
			}
			ib.start[g] = t
		}
		ib.last[g] = t
	}
}

// Bursts is what the burst model's groups did so far; nil for the
// pulse-coupled oscillator.
func (s *Sim) Bursts() *components.BurstsData {
	for _, sys := range s.systems {
		if ib, ok := sys.(*Interbursts); ok {
			return ib.b
		}
	}
	return nil
}
