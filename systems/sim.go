// Package systems advances the firefly swarm one fixed tick at a time and
// turns it into pixels. Simulation systems import no ebiten; only the
// draw and overlay systems (window builds) do.
package systems

import (
	"github.com/yohamta/donburi"

	"github.com/firefly-observatory/fireflies/components"
)

// System is one step of a tick.
type System interface {
	Update()
}

// Sim is a firefly world and the ordered systems that advance it.
type Sim struct {
	World   donburi.World
	Model   components.Model
	Swarm   *components.SwarmData
	Order   *Order
	Monitor *Monitor

	pool    *pool
	systems []System
}

// New builds the world for the model and the systems that advance it,
// splitting their work over the given number of workers (bands of rows).
// The result of every tick is the same for any number of workers.
func New(m components.Model, workers int) (*Sim, error) {
	s, p, err := build(m, workers)
	if err != nil {
		return nil, err
	}
	sw, pl := s.Swarm, s.pool
	wv := newWaves(sw, p, pl)
	// One tick, in order.
	s.systems = []System{
		newAdvance(sw, p, pl, wv),                  // phase += dt; the first wave flashes and is heard
		newCascade(sw, pl, wv),                     // later waves until none is left
		&Settle{sw: sw, p: p, pool: pl, waves: wv}, // nudged phases, hits cleared
		&Trace{sw: sw},                             // count and hash the flashes
		s.Order,                                    // R at 2 Hz
		s.Monitor,                                  // pulse and time to sync at 2 Hz
	}
	return s, nil
}

// NewRender builds the renderer stress mode: the same world and draw path,
// but instead of the firefly systems, sources × rate random flashes a
// second.
func NewRender(m components.Model, workers, sources int, rate float64) (*Sim, error) {
	s, p, err := build(m, workers)
	if err != nil {
		return nil, err
	}
	s.systems = []System{newSources(s.Swarm, p, sources, rate)}
	return s, nil
}

func build(m components.Model, workers int) (*Sim, *params, error) {
	world, sw, err := NewWorld(m)
	if err != nil {
		return nil, nil, err
	}
	p := newParams(m)
	pl := newPool(max(1, workers), m.Height)
	s := &Sim{World: world, Model: m, Swarm: sw, pool: pl}
	s.Order = newOrder(sw, &p, pl)
	s.Monitor = newMonitor(sw, s.Order, m)
	return s, &p, nil
}

// Update advances the world by one tick of 1/[TPS] simulated seconds.
func (s *Sim) Update() {
	for _, sys := range s.systems {
		sys.Update()
	}
}

// Workers is the number of bands the work is split into.
func (s *Sim) Workers() int { return len(s.pool.rows) }

// SimSeconds is the simulated time so far.
func (s *Sim) SimSeconds() float64 { return float64(s.Swarm.Tick) / TPS }

// Close stops the worker goroutines.
func (s *Sim) Close() { s.pool.close() }
