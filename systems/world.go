package systems

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/yohamta/donburi"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems/internal/mem"
	"github.com/firefly-observatory/fireflies/systems/internal/work"
)

// MaxFireflies bounds the grid: beyond it the world would not fit in this
// class of machine (about 140 bytes a firefly) and int32 indices run out.
const MaxFireflies = 1 << 25

// ErrCancelled is returned by [NewWorld] and [New] when their cancel
// channel closed before the world was built.
var ErrCancelled = errors.New("cancelled while the world was being built")

// buildChunk is how many entities are made between two looks at the
// cancel channel: a few milliseconds' work, so that Ctrl+C ends even a
// 33-million-firefly build at once. A world of one chunk or less makes its
// entities before [New] returns: it takes milliseconds.
const buildChunk = 1 << 16

// pacedChunk is how many entities a paced build makes between two looks
// at whether a tick runs (see Sim.between): a chunk that a tick's start
// finds under way holds one of its workers' cores until it is done, so a
// chunk is kept to a small part of a tick (BenchmarkNewWorld times the
// entities).
const pacedChunk = 1 << 9

// NewWorld creates a world holding one entity per firefly, in grid order,
// whose Phase, Refractory and Glow components point into the dense columns
// of a Swarm singleton, and sets the initial phases (uniform in
// [0, period), drawn from the seed). Closing o.Cancel stops the build
// with [ErrCancelled]; a nil one never does. [New] builds the same world
// but returns before the entities are made (see [Sim.WaitEntities]).
func NewWorld(m components.Model, o Options) (donburi.World, *components.SwarmData, error) {
	w, sw, err := newColumns(m, o)
	if err != nil {
		return nil, nil, err
	}
	if err := makeEntities(w, sw, o.Cancel, nil, !o.ManyWorlds, buildChunk, nil); err != nil {
		return nil, nil, err
	}
	if !o.ManyWorlds {
		returnGarbage()
	}
	return w, sw, nil
}

// newColumns creates the world with its Swarm singleton, its columns
// filled with the initial values on all the cores, and no firefly
// entities yet.
func newColumns(m components.Model, o Options) (donburi.World, *components.SwarmData, error) {
	if m.Width < 3 || m.Height < 3 {
		return nil, nil, fmt.Errorf("grid must be at least 3x3, got %dx%d", m.Width, m.Height)
	}
	if m.Width > MaxFireflies/m.Height {
		return nil, nil, fmt.Errorf("grid %dx%d has more than %d fireflies", m.Width, m.Height, MaxFireflies)
	}
	n := m.Fireflies()
	worlds.Lock()
	w := donburi.NewWorld()
	worlds.Unlock()
	sw := components.Swarm.Get(w.Entry(w.Create(components.Swarm)))
	stride := (m.Width + 63) / 64
	*sw = components.SwarmData{
		Width:      m.Width,
		Height:     m.Height,
		Stride:     stride,
		Phase:      make([]components.PhaseData, n),
		Refractory: make([]components.RefractoryData, n),
		Glow:       make([]components.GlowData, n),
		Hits:       make([]uint8, n),
		Fired:      make([]uint64, stride*m.Height),
	}
	if m.QueueDeafFlashes {
		sw.Queued = make([]uint32, n)
	}
	// Before the fill writes them: the ticks stream over these columns,
	// and each 4 KB page is a TLB entry (on a VM, a walk of two page
	// tables) where a huge page holds 512.
	mem.AdviseHugePages(sw.Phase)
	mem.AdviseHugePages(sw.Refractory)
	mem.AdviseHugePages(sw.Glow)
	mem.AdviseHugePages(sw.Hits)
	mem.AdviseHugePages(sw.Queued)
	// One of many worlds (a sweep) leaves the other cores to the others.
	p := newParams(m)
	fillers := runtime.GOMAXPROCS(0)
	if o.ManyWorlds {
		fillers = 1
	}
	fillColumns(sw, &p, m.StartDeaf, fillers, o.Cancel)
	select {
	case <-o.Cancel:
		return nil, nil, ErrCancelled
	default:
	}
	return w, sw, nil
}

// worlds is held while donburi makes a world: it numbers them with an
// unguarded counter, and its queries keep what they found per world
// number, so two worlds made at once (a sweep's) could share one.
var worlds sync.Mutex

// gcBuilds is the collector's setting while entities are being made, by
// any number of worlds at once (a live run's new world while the old one's
// build stops): a collection every 400 %.
var gcBuilds = work.NewHeld(
	func() int { return debug.SetGCPercent(400) },
	func(old int) { debug.SetGCPercent(old) },
)

// makeEntities makes the firefly entities of a world newColumns built, in
// chunks of the given size, pointing their Phase, Refractory and Glow at
// the columns, and calls between (when not nil) after each chunk. It
// stops with [ErrCancelled] when cancel or stop closes. tuneGC lets it
// set the process's collector while it runs (not in a sweep: the setting
// is the process's); the caller returns the garbage afterwards (see
// returnGarbage).
func makeEntities(w donburi.World, sw *components.SwarmData, cancel, stop <-chan struct{}, tuneGC bool, chunkSize int, between func()) error {
	n := len(sw.Phase)
	// Collect less often while building: each collection marks every
	// entity made so far, so each costs more as the build goes on.
	if tuneGC {
		defer gcBuilds.Hold()()
	}
	ents := &sw.Entities
	*ents = components.FireflyEntities{}
	var room *components.Reservation
	for made := 0; made < n; {
		select {
		case <-cancel:
			return ErrCancelled
		case <-stop:
			return ErrCancelled
		default:
		}
		end := min(made+chunkSize, n)
		room.Prepare(end - made)
		chunk := components.CreateFireflies(w, end-made, sw.Phase[made:end], sw.Refractory[made:end], sw.Glow[made:end])
		if made == 0 {
			ents.First = chunk[0]
			room = components.Reserve(w, chunk[0], n-len(chunk)) // now that their archetype exists
		}
		for k, e := range chunk {
			i := made + k
			if ents.List == nil && e != ents.At(i) { // the ids do not follow: list them
				list := make([]donburi.Entity, n)
				for j := range i {
					list[j] = ents.At(j)
				}
				ents.List = list
			}
			if ents.List != nil {
				ents.List[i] = e
			}
		}
		made += len(chunk)
		// Made after New returned, the entities share the cores with the
		// ticks; under WebAssembly, with one thread and no preemption, this
		// is where the page gets to run between two chunks.
		runtime.Gosched()
		if between != nil {
			between()
		}
	}
	return nil
}

// returnGarbage collects, and the garbage's pages go back to the system:
// what the entities' build left, each chunk's list of entities (8 bytes a
// firefly) and the tables that grew by appending (all of donburi's, if
// components.Reserve could not find them). A full collection marks every
// entity, so it runs once, after the build.
func returnGarbage() { debug.FreeOSMemory() }

// fillColumns sets every firefly's initial phase (uniform in [0, period),
// drawn from the seed), glow, deafness and hits on the given number of
// goroutines, a band of rows each, and returns when all are done or have
// stopped as cancel closed (at the largest grid the fill takes a few
// hundred milliseconds, and Ctrl+C is to end it at once).
//
// It writes the zeros too: a page of a column is faulted in when first
// written, and the ticks write the deafness and hits of any firefly.
// Here that is done on all the cores, rather than by the first tick's
// workers, a page fault at a time (TestFirstTickFindsTheColumnsInMemory).
func fillColumns(sw *components.SwarmData, p *params, startDeaf bool, goroutines int, cancel <-chan struct{}) {
	var wg sync.WaitGroup
	w, bands := sw.Width, min(goroutines, sw.Height)
	for b := range bands {
		y0, y1 := b*sw.Height/bands, (b+1)*sw.Height/bands
		wg.Go(func() {
			for y := y0; y < y1; y++ {
				select {
				case <-cancel:
					return
				default:
				}
				for i := y * w; i < (y+1)*w; i++ {
					sw.Phase[i].Seconds = p.period * unit(p.seed, int32(i), 0)
					sw.Glow[i].FlashTick = components.NeverFlashed
					until := int32(0)
					if left := p.refractory - sw.Phase[i].Seconds; startDeaf && left > 0 {
						// Deaf until the phase reaches the refractory time, as
						// after a flash under the phase clock: by the phase
						// itself under that clock, else counted down.
						until = byPhase
						if !p.phaseClock {
							until = deafUntil(0, left)
						}
					}
					sw.Refractory[i].Until = until
					sw.Hits[i] = 0
				}
				if sw.Queued != nil {
					clear(sw.Queued[y*w : (y+1)*w])
				}
			}
		})
	}
	wg.Wait()
}
