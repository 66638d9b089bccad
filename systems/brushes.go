package systems

import (
	"errors"
	"slices"
	"sync/atomic"

	"github.com/yohamta/donburi"
	"github.com/yohamta/donburi/filter"

	"github.com/firefly-observatory/fireflies/components"
)

// Kind is what a firefly has been painted: normal, a pacemaker or silenced.
type Kind uint8

const (
	// Normal is an unpainted firefly, or one erased back to normal.
	Normal Kind = iota
	// PacemakerKind keeps its own period and never hears its neighbours.
	PacemakerKind
	// SilencedKind neither flashes nor hears.
	SilencedKind
)

func (k Kind) String() string {
	return [...]string{"normal", "pacemaker", "silenced"}[k]
}

// Brushes keeps the painted fireflies as they were painted, first in the
// tick: it finds the [components.Pacemaker] and [components.Silenced]
// entities with a donburi query and makes them deaf (a pacemaker) or
// holds their phase at 0 as well (silenced), so the hot loops stay as
// they are. A world with nothing painted costs two empty queries a tick.
// While the entities are being made it makes no query: nothing can have
// been painted yet ([Sim.Paint] waits for them).
type Brushes struct {
	world                donburi.World
	sw                   *components.SwarmData
	ready                *atomic.Bool // the entities are complete
	pacemakers, silenced *donburi.Query
	pace, hush           func(*donburi.Entry) // made once: a method value allocates
	painted              painted              // each cell's kind, for drawing (painted.go)
}

func newBrushes(world donburi.World, sw *components.SwarmData, ready *atomic.Bool) *Brushes {
	b := &Brushes{
		world:      world,
		sw:         sw,
		ready:      ready,
		pacemakers: donburi.NewQuery(filter.Contains(components.Pacemaker)),
		silenced:   donburi.NewQuery(filter.Contains(components.Silenced)),
	}
	b.pace, b.hush = b.pacemaker, b.silence
	return b
}

// Update applies the painted kinds for the coming tick.
func (b *Brushes) Update() {
	if !b.ready.Load() {
		return
	}
	b.pacemakers.Each(b.world, b.pace)
	b.silenced.Each(b.world, b.hush)
}

func (b *Brushes) pacemaker(e *donburi.Entry) {
	i := components.Pacemaker.Get(e).Cell
	b.sw.Refractory[i].Until = forever
	if b.sw.Queued != nil {
		b.sw.Queued[i] = 0 // the original's queue: nothing heard while deaf
	}
}

func (b *Brushes) silence(e *donburi.Entry) {
	i := components.Silenced.Get(e).Cell
	b.sw.Phase[i].Seconds = 0
	b.sw.Refractory[i].Until = forever
	if b.sw.Queued != nil {
		b.sw.Queued[i] = 0
	}
}

// ErrPhaseClock refuses pacemakers and silenced fireflies under the
// original's phase clock, whose deafness follows the phase: a firefly
// kept deaf there would be held at the refractory phase for ever.
var ErrPhaseClock = errors.New("pacemakers and silenced fireflies need -refractory-clock time")

// Paint makes the cells kind k (Normal erases), adding or removing the
// component on their entities. Erased fireflies hear again at once. It
// waits for the entities if they are still being made.
func (s *Sim) Paint(cells []int32, k Kind) error {
	if s.brushes == nil {
		return errors.New("nothing to paint in render mode")
	}
	if k != Normal && s.Model.PhaseClock {
		return ErrPhaseClock
	}
	if !s.WaitEntities() {
		return ErrCancelled
	}
	sw := s.Swarm
	for _, i := range cells {
		e := s.World.Entry(sw.Entities.At(int(i)))
		was := kindOf(e)
		if was == k {
			continue
		}
		switch was {
		case PacemakerKind:
			e.RemoveComponent(components.Pacemaker)
		case SilencedKind:
			e.RemoveComponent(components.Silenced)
		}
		switch k {
		case PacemakerKind:
			e.AddComponent(components.Pacemaker)
			components.Pacemaker.Get(e).Cell = i
		case SilencedKind:
			e.AddComponent(components.Silenced)
			components.Silenced.Get(e).Cell = i
		default:
			sw.Refractory[i].Until = 0
		}
		s.brushes.painted.set(i, k, len(sw.Phase))
	}
	return nil
}

// Kind is what firefly i is painted. While the entities are being made
// it answers Normal without waiting (the overlay asks every frame, and
// nothing can be painted before they are complete).
func (s *Sim) Kind(i int) Kind {
	if s.brushes == nil {
		return Normal
	}
	e := s.Entry(i)
	if e == nil {
		return Normal
	}
	return kindOf(e)
}

func kindOf(e *donburi.Entry) Kind {
	switch {
	case e.HasComponent(components.Pacemaker):
		return PacemakerKind
	case e.HasComponent(components.Silenced):
		return SilencedKind
	}
	return Normal
}

// Pacemakers is the number of pacemakers, by donburi query: none while
// the entities are being made.
func (s *Sim) Pacemakers() int {
	if s.brushes == nil || !s.entitiesReady.Load() {
		return 0
	}
	return s.brushes.pacemakers.Count(s.World)
}

// Silenced is the number of silenced fireflies, by donburi query: none
// while the entities are being made.
func (s *Sim) Silenced() int {
	if s.brushes == nil || !s.entitiesReady.Load() {
		return 0
	}
	return s.brushes.silenced.Count(s.World)
}

// Flash makes the cells flash in the next tick's first wave: their phase
// is the period, and they hear, so Advance ignites them whatever the
// deafness rules. A silenced cell stays dark.
func (s *Sim) Flash(cells []int32) {
	sw := s.Swarm
	for _, i := range cells {
		sw.Phase[i].Seconds = s.params.period
		sw.Refractory[i].Until = 0
	}
}

// scrambleSalt separates the scramble brush's numbers from the flashes'
// jitter, which draws from the same seed, firefly and tick.
const scrambleSalt = 0x5bd1e9955bd1e995

// Scramble gives the cells phases uniform in [0, period), drawn from the
// seed, the firefly and the current tick, so a replay draws the same.
func (s *Sim) Scramble(cells []int32) {
	sw := s.Swarm
	seed := mix64(s.params.seed ^ scrambleSalt)
	for _, i := range cells {
		sw.Phase[i].Seconds = s.params.period * unit(seed, i, sw.Tick)
	}
}

// Disc appends to cells the grid indices within radius r of (x, y) on the
// torus, each once, in grid order of the offsets, and returns the slice.
func Disc(cells []int32, w, h, x, y, r int) []int32 {
	// Offsets from -(n-1)/2 to n/2 at most: n distinct cells on a ring of
	// n, so wrapping round never visits a cell twice.
	for dy := -min(r, (h-1)/2); dy <= min(r, h/2); dy++ {
		for dx := -min(r, (w-1)/2); dx <= min(r, w/2); dx++ {
			if dx*dx+dy*dy > r*r {
				continue
			}
			cx, cy := ((x+dx)%w+w)%w, ((y+dy)%h+h)%h
			cells = append(cells, int32(cy*w+cx))
		}
	}
	return cells
}

// Structural reports whether changing the model from a to b needs a new
// world: anything but the period, nudge, refractory, jitter and glow,
// the variants' rules and the coupling's scale (the clock needs one).
func Structural(a, b components.Model) bool {
	a.Period, a.Nudge, a.Refractory, a.Jitter, a.Glow = b.Period, b.Nudge, b.Refractory, b.Jitter, b.Glow
	a.Response, a.Threshold, a.PeriodSpread, a.Noise = b.Response, b.Threshold, b.PeriodSpread, b.Noise
	a.Neighbours, a.Edges, a.Topology = b.Neighbours, b.Edges, b.Topology
	a.CouplingScale = b.CouplingScale
	return a != b
}

// SetModel changes the constants and the rules of the running world,
// from its next tick: the systems hold the constants by pointer, and a
// change of rules (response, threshold, spread of periods, noise,
// neighbourhood, edges, graph) puts new rule systems in the old ones'
// place, built from the seed as [New] builds them. A firefly's phase and
// deafness stay as they are; a phase beyond a shorter period flashes at
// the next tick. Changes that need a new world ([Structural]) are refused.
func (s *Sim) SetModel(m components.Model) error {
	if Structural(s.Model, m) {
		return errors.New("the grid, the seed and the original's rules need a new world")
	}
	old := *s.params
	*s.params = newParams(m)
	// The default model's systems read only params; the variant engine
	// draws each firefly's rate from the period when it is built, so any
	// change to or from a variant model builds the rules again.
	if m.Variant() || s.Model.Variant() {
		rules, err := s.rules(m)
		if err != nil {
			*s.params = old
			return err
		}
		s.systems = slices.Replace(s.systems, 1, 1+s.nrules, rules...)
		s.nrules = len(rules)
	}
	s.order.scale = orderBins / s.params.period
	s.order.period = m.Period.Seconds()
	if s.monitor != nil {
		s.monitor.period = m.Period.Seconds()
	}
	s.Model = m
	s.coupleAvalanches() // the new rules' neighbours
	return nil
}
