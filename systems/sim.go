package systems

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/yohamta/donburi"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems/internal/work"
)

// System is one step of a tick.
type System interface {
	Update()
}

// Load is the renderer stress mode: instead of the firefly systems,
// Sources synthetic sources each light a random cell Rate times a second,
// so that the draw path can be measured on its own.
type Load struct {
	Sources int
	Rate    float64 // flashes per source per second
}

// Options are how a world is run rather than what it models.
type Options struct {
	// Workers is the number of goroutines the work is shared among, the
	// caller's among them; with more than one, the grid is cut into bands
	// of rows, more than there are workers (see work.Pool). The result of
	// every tick is the same for any number.
	Workers int
	// Load, when set, replaces the firefly systems by synthetic flashes.
	Load *Load
	// Cancel, when closed, stops a world being built: [New] returns
	// [ErrCancelled].
	Cancel <-chan struct{}
	// Avalanches measures the avalanches (the tick's connected clusters of
	// flashes). It is one more pass over the flash bitmap, and a
	// union-find over its runs, in every tick that has flashes, so a run
	// that reports none — the window and the page without -json, the
	// benchmarks — leaves the system out.
	Avalanches bool
	// AvalancheSizes keeps the distribution of avalanche sizes in
	// [components.ObservationsData.AvalancheSizes]; it implies Avalanches.
	AvalancheSizes bool
	// Measures measures the groups, the locked fraction and the time to
	// full synchrony ([Measures]); it implies Avalanches.
	Measures bool
	// ManyWorlds says the world is one of many this process builds and
	// runs at once (a sweep): building it leaves the garbage collector's
	// settings, which are the process's, alone, and forces no collection,
	// which would hold up the other worlds' runs.
	ManyWorlds bool
	// Paced says the run ticks at 60 TPS of wall time and leaves the
	// cores idle between its ticks (the window, the page, -realtime): the
	// entities are then made in that idle time (see Sim.between).
	Paced bool
}

// Sim is a firefly world and the ordered systems that advance it.
type Sim struct {
	// World holds the Swarm and Observations singletons and one entity per
	// firefly. The firefly entities are made after [New] returns, while the
	// run ticks: read the world through [Sim.Entities], which waits.
	World donburi.World
	Model components.Model
	Swarm *components.SwarmData
	// Obs is what the systems measure: counts, the trace hash, R, the
	// pulse and the time to sync.
	Obs *components.ObservationsData

	load       *Load
	avalanches bool // measured: see Options.Avalanches
	measures   bool // measured: see Options.Measures
	order      *Order
	pool       *work.Pool
	systems    []System

	// What a live run changes: the constants, held by pointer by every
	// system (see SetModel), the monitor's period and the painted kinds.
	params  *params
	monitor *Monitor
	brushes *Brushes
	nrules  int // systems after Brushes that are the model's rules (see rules)

	// The firefly entities, made on a goroutine of their own: a tick needs
	// none of them (the systems stream over the columns), so the run starts
	// as soon as the columns are filled.
	entitiesEnded chan struct{} // closed when that goroutine ends, the entities complete or not
	entitiesReady atomic.Bool   // the entities are complete
	entitiesStop  chan struct{} // closed by Close: the goroutine stops
	stopOnce      sync.Once
	began         time.Time
	entitiesTook  time.Duration // from New's start until the entities were complete
	garbageGone   chan struct{} // closed when the collection after them ends; nil if none was started

	// A paced run's entities are made between its ticks (see between).
	paced     bool
	ticking   atomic.Bool   // a tick runs, and the entities are not complete
	tickEnded chan struct{} // holds a token once a tick has ended
	hurry     atomic.Bool   // someone waits for the entities: no more waiting for ticks
	chunks    atomic.Int64  // chunks of entities made so far by a paced build
}

// forceVariant runs the default model on the variant engine too: tests
// set it to check that engine against the default's pinned traces.
var forceVariant bool

// New builds the world for the model and the systems that advance it.
// It returns once the columns are filled, before the firefly entities
// are made (see [Sim.WaitEntities]); a world of one chunk or less, or one
// of many (o.ManyWorlds), makes them first.
func New(m components.Model, o Options) (*Sim, error) {
	began := time.Now()
	world, sw, err := newColumns(m, o)
	if err != nil {
		return nil, err
	}
	obs := components.Observations.Get(world.Entry(world.Create(components.Observations)))
	*obs = components.ObservationsData{RTick: -1, SyncedAt: -1, AboveSince: -1, SyncSince: -1, LostAt: -1}
	s := &Sim{World: world, Model: m, Swarm: sw, Obs: obs, load: o.Load,
		began: began, entitiesEnded: make(chan struct{}), entitiesStop: make(chan struct{}),
		paced: o.Paced, tickEnded: make(chan struct{}, 1)}
	if o.ManyWorlds || m.Fireflies() <= buildChunk {
		// Many small worlds: one more goroutine each buys nothing.
		if err := s.makeEntities(o.Cancel, !o.ManyWorlds, false); err != nil {
			return nil, err
		}
	} else {
		defer func() {
			if s.systems != nil { // once s is complete, not for a world New refused
				s.pool.Rest(true) // until the entities are made: see makeEntities
				go s.makeEntities(o.Cancel, true, true)
			}
		}()
	}
	p := newParams(m)
	pl := work.NewPool(max(1, o.Workers), m.Height)
	s.pool, s.params = pl, &p
	s.order = newOrder(sw, obs, &p, pl, m)
	if o.Load != nil {
		s.systems = []System{newSources(sw, obs, &p, o.Load), newTrace(sw, obs, pl)}
		return s, nil
	}
	s.brushes = newBrushes(world, sw, &s.entitiesReady)
	s.monitor = newMonitor(sw, obs, m)
	rules, err := s.rules(m)
	if err != nil {
		pl.Close()
		return nil, err
	}
	// One tick, in order: Brushes (painted pacemakers and silenced
	// fireflies stay so), the model's rules, then what is measured.
	s.systems = append([]System{s.brushes}, rules...)
	s.nrules = len(rules)
	if o.Avalanches || o.AvalancheSizes || o.Measures {
		s.systems = append(s.systems, newAvalanches(sw, obs, pl, o.AvalancheSizes)) // the flashes' connected clusters
	}
	if o.Measures {
		s.systems = append(s.systems, newMeasures(sw, obs, &p)) // groups, locked, full synchrony
	}
	s.systems = append(s.systems,
		newTrace(sw, obs, pl), // count and hash the flashes, clear Fired
		s.order,               // R at 2 Hz
		s.monitor,             // pulse and time to sync at 2 Hz
	)
	s.avalanches = o.Avalanches || o.AvalancheSizes || o.Measures
	s.measures = o.Measures
	s.coupleAvalanches() // on the model's neighbours, when they are not the torus' 8
	return s, nil
}

// rules are the systems that apply the model's rules in a tick: Advance,
// Cascade and Settle for the default model, Variant for any other,
// Carolinus and Interbursts for the burst model.
func (s *Sim) rules(m components.Model) ([]System, error) {
	if m.Carolinus() {
		return s.carolinus(m) // the burst model: its engine, then its measure
	}
	sw, obs, p, pl := s.Swarm, s.Obs, s.params, s.pool
	shape, err := ParseShape(m)
	if err != nil {
		return nil, err
	}
	if _, err := responseOf(m.Response); err != nil {
		return nil, err // either engine: params reads the rule without checking it
	}
	if err := checkWords(m); err != nil {
		return nil, err // the clock and the coupling's scale, read the same way
	}
	if !shape.Moore() || forceVariant || m.ExactClock() {
		v, err := newVariant(sw, obs, p, pl, m)
		if err != nil {
			return nil, err
		}
		return []System{v}, nil // advance, the waves and the responses of any other model
	}
	// The 8 neighbours, on the torus or with free edges, with any rule,
	// threshold, spread of periods or noise: the tables of params and the
	// steps.
	wv := newWaves(sw, p, pl, shape.Torus)
	return []System{
		newAdvance(sw, obs, p, pl, wv, newSteps(m, p, len(sw.Phase))), // phase += step; the first wave flashes and is heard
		newCascade(sw, obs, pl, wv),                                   // later waves until none is left
		newSettle(sw, p, pl, wv),                                      // nudged phases, hits cleared
	}, nil
}

// Update advances the world by one tick of 1/[TPS] simulated seconds.
func (s *Sim) Update() {
	building := s.paced && !s.entitiesReady.Load()
	if building {
		s.ticking.Store(true)
	}
	for _, sys := range s.systems {
		sys.Update()
	}
	s.pool.Flush() // a job left to run with the next run of the tick, if none came
	if building {
		s.ticking.Store(false)
		s.wakeBuild()
	}
}

// wakeBuild tells a paced build that waits for a tick's end that one came.
func (s *Sim) wakeBuild() {
	select {
	case s.tickEnded <- struct{}{}:
	default: // a token waits already
	}
}

// between is what a paced build does after each chunk of entities: if a
// tick runs, it waits for a tick's end before the next chunk. Those
// ticks then share the cores only with the chunk under way, not with the
// build: a build beside every tick, even on a thread at the lowest
// priority, made a paced run's slowest ticks slower (README, "The
// entities between the ticks"). It waits for one tick's end at most, so
// a run that leaves no idle time between its ticks still gets a chunk a
// tick; and not at all once someone waits for the entities.
func (s *Sim) between(cancel <-chan struct{}) {
	s.chunks.Add(1)
	if !s.ticking.Load() || s.hurry.Load() {
		return
	}
	select {
	case <-s.tickEnded:
	case <-s.entitiesStop:
	case <-cancel:
	}
}

// Measure brings R up to the current tick, as at the end of a run that
// stopped between two of [Order]'s measurements, and returns it.
func (s *Sim) Measure() float64 { return s.order.Measure() }

// MeasuresAvalanches reports whether the avalanches are measured.
func (s *Sim) MeasuresAvalanches() bool { return s.avalanches }

// MeasuresGroups reports whether the groups, the locked fraction and the
// time to full synchrony are measured ([Options.Measures]).
func (s *Sim) MeasuresGroups() bool { return s.measures }

// Load is the renderer stress mode's load, or nil for the firefly model.
func (s *Sim) Load() *Load { return s.load }

// Workers is the number of goroutines the work is shared among: the
// -workers asked for, no more than the grid's rows.
func (s *Sim) Workers() int { return s.pool.Size() }

// Bands runs f on every band of rows at once, on the simulation's workers,
// and returns when all are done. Code outside the simulation that streams
// over the columns (filling a frame) shares the workers this way; f should
// be made once, not per call, as a method value allocates.
func (s *Sim) Bands(f func(band, y0, y1 int)) { s.pool.Run(work.Func(f)) }

// Synced reports whether the swarm has synchronised: R at least [SyncR]
// for a full period. A run with -until-sync ends on the first tick it
// holds, in every runner.
func (s *Sim) Synced() bool { return s.Obs.SyncedAt >= 0 }

// SimSeconds is the simulated time so far.
func (s *Sim) SimSeconds() float64 { return float64(s.Swarm.Tick) / TPS }

// makeEntities makes the firefly entities and says when they are done;
// in the background (while the run ticks), leaving the cores to the
// ticks until then: between a paced run's ticks (see between), else at
// the lowest priority (see work.YieldCores).
func (s *Sim) makeEntities(cancel <-chan struct{}, tuneGC, background bool) error {
	defer close(s.entitiesEnded)
	chunk, between := buildChunk, (func())(nil)
	switch {
	case background && s.paced:
		chunk, between = pacedChunk, func() { s.between(cancel) }
	case background:
		defer work.YieldCores()() // before the close: a reader that waited sees Go as before
	}
	if background {
		// The build has only the moments the ticks leave the cores idle,
		// and a lingering worker leaves none: in a paced run whose ticks
		// follow each other without a pause, the entities were not
		// complete after twice as many ticks as chunks
		// (TestPacedBuildWithoutIdleTime).
		defer s.pool.Rest(false)
	}
	if err := makeEntities(s.World, s.Swarm, cancel, s.entitiesStop, tuneGC, chunk, between); err != nil {
		return err
	}
	s.entitiesTook = time.Since(s.began)
	s.entitiesReady.Store(true) // after every write to the world: readers Load it first
	// The world is complete: nothing needs to wait for its garbage to go
	// (a world of one chunk leaves little).
	if tuneGC && background {
		s.garbageGone = make(chan struct{})
		go func() {
			returnGarbage()
			close(s.garbageGone)
		}()
	}
	return nil
}

// WaitEntities waits until the firefly entities are complete and reports
// whether they are: false when their build stopped (the Cancel channel of
// [Options] closed, or the Sim was closed).
func (s *Sim) WaitEntities() bool {
	if !s.hurry.Swap(true) {
		s.wakeBuild()
	}
	<-s.entitiesEnded
	return s.entitiesReady.Load()
}

// Entities is the world once its firefly entities are complete, waiting
// for them; nil when their build stopped.
func (s *Sim) Entities() donburi.World {
	if !s.WaitEntities() {
		return nil
	}
	return s.World
}

// Entry is firefly i's entity, or nil while the entities are being made.
func (s *Sim) Entry(i int) *donburi.Entry {
	if !s.entitiesReady.Load() {
		return nil
	}
	return s.World.Entry(s.Swarm.Entities.At(i))
}

// EntitiesSeconds is the time from the start of [New] until the firefly
// entities were complete; ok is false while they are not.
func (s *Sim) EntitiesSeconds() (seconds float64, ok bool) {
	if !s.entitiesReady.Load() {
		return 0, false
	}
	return s.entitiesTook.Seconds(), true
}

// Close stops the entities' build, if it still runs, and waits for it, so
// that nothing touches a dropped world; then it stops the worker
// goroutines and lets go of the world's memory: its columns, its entities
// and the systems' buffers. A frontend may still hold the Sim, or its
// Swarm, until it follows the run to its next world; what it holds of a
// closed world is then the grid's size, the tick and the observations,
// not the world's memory, which the next world can take. A closed world
// does not tick or draw, and its entities are gone ([Sim.WaitEntities]
// reports false).
func (s *Sim) Close() {
	s.stopOnce.Do(func() { close(s.entitiesStop) })
	<-s.entitiesEnded
	s.pool.Close()
	sw := s.Swarm
	*sw = components.SwarmData{Width: sw.Width, Height: sw.Height, Stride: sw.Stride, Tick: sw.Tick}
	s.World, s.systems, s.order, s.monitor = nil, nil, nil, nil
	s.entitiesReady.Store(false) // what reads the entities finds none, as after a stopped build
	if s.brushes != nil {
		s.brushes = &Brushes{sw: sw, ready: &s.entitiesReady} // paints nothing: ErrCancelled
	}
}
