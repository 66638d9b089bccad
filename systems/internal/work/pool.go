// Package work shares the systems' work among the machine's cores: a
// [Pool] of goroutines that run a job on every band of the grid's rows,
// and, for a world's entities made while its run ticks, [YieldCores],
// which gives the cores to the ticks, and [Held], a process-wide setting
// held while any build runs.
package work

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Job is work split by bands of grid rows: band b covers rows [y0, y1).
type Job interface {
	Band(b, y0, y1 int)
}

// Func makes a function a [Job]; a func value fits in an interface
// without allocating.
type Func func(b, y0, y1 int)

// Band calls f.
func (f Func) Band(b, y0, y1 int) { f(b, y0, y1) }

// bandRows cuts a grid of height rows into bands for the given workers:
// one band for one worker, else bands that shrink as the rows run out
// (guided scheduling). Each band takes 1/(2·workers) of the rows left, but
// no fewer than height/(16·workers) rows. The bands are not tied to the
// workers: whoever is running takes the next band, so a worker that wakes
// late (a wake-up can take longer than a small grid's whole run, more
// when idle cores sleep deeper) finds the work already shared among the
// others, and one whose bands hold the tick's flashes does not hold up
// the rest. The first bands are large, so that few bands are taken; the
// last are small, so that the others finish soon after the first to find
// none left, rather than the caller waiting out one large last band of
// another's (the caller's wait is in the hand-off table of
// TestTickBreakdown).
func bandRows(workers, height int) [][2]int {
	if workers <= 1 {
		return [][2]int{{0, height}}
	}
	least := max(1, height/(16*workers))
	var rows [][2]int
	for y := 0; y < height; {
		n := min(max(least, (height-y)/(2*workers)), height-y)
		rows = append(rows, [2]int{y, y + n})
		y += n
	}
	return rows
}

// Pool runs a [Job] on every band, the calling goroutine and the
// workers each taking the next band not yet taken, and returns when all
// are done. Bands never share a row, and a job never waits for another
// band, so jobs that write only their own rows need no locks, and the
// result is the same whichever goroutine runs which band, in whatever
// order. Sending a ticket that holds a pointer does not allocate. A panic
// in any band is raised again on the calling goroutine, where the program
// can recover it, once the other bands are done.
type Pool struct {
	rows    [][2]int
	size    int           // the workers, the caller among them
	workers []chan ticket // the goroutines besides the caller
	runs    uint32        // the number of the latest run
	job     Job           // the latest run's: read by whoever claimed one of its bands
	// Linger is how long a worker done with a run looks for the next
	// before it parks (see await): [DefaultLinger] where every worker can
	// have a processor of its own, else 0. Change it only between runs.
	Linger  time.Duration
	crowded time.Duration  // a pause in its looking that means another thread wanted its processor
	resting atomic.Bool    // no lingering meanwhile: see Rest
	closed  atomic.Bool    // a lingering worker parks at once
	gone    sync.WaitGroup // the workers, until Close has ended them
	next    atomic.Uint64  // run<<32 | the next band of that run to take
	left    atomic.Int64   // the bands of the run not yet done
	done    chan struct{}  // a worker did the run's last band

	panicked atomic.Pointer[any] // the first panic of a run

	waiting Job // runs with the next run: see Later
	both    twoJobs

	// Timing, when set, adds up the wall time spent in Run: the part of a
	// tick that is split across the bands; HandOffs, when set, counts what
	// the runs cost besides their work (TestTickBreakdown). Set them only
	// between runs.
	Timing   *time.Duration
	HandOffs *HandOffs
}

// HandOffs counts a pool's runs and times what they wait for.
type HandOffs struct {
	Runs   int
	Waited time.Duration // the caller, out of bands, for the others' last
	Woken  atomic.Int64  // tickets a worker received
	Late   atomic.Int64  // nanoseconds from their sending to their receipt
	Joined atomic.Int64  // runs a worker joined while it lingered, without a ticket
}

// ticket wakes a worker for a run; sent is set when HandOffs are counted.
type ticket struct {
	run      uint32
	handOffs *HandOffs
	sent     time.Time
}

// NewPool makes a pool of the given number of workers (the caller one of
// them, and no more than the rows) over a grid of the given height, cut
// into bands by bandRows.
func NewPool(workers, height int) *Pool {
	workers = min(workers, height)
	p := &Pool{rows: bandRows(workers, height), size: workers, done: make(chan struct{}, 1), crowded: descheduled}
	for range workers - 1 {
		// One ticket waits: a worker still busy with a run, or not yet
		// woken, must not hold up the caller handing out the next.
		ch := make(chan ticket, 1)
		p.workers = append(p.workers, ch)
		p.gone.Go(func() { p.work(ch) })
	}
	if workers > 1 && workers <= runtime.GOMAXPROCS(0) {
		p.Linger = DefaultLinger // each worker can have a processor of its own to linger on
	}
	return p
}

// Rows are the bands, in order: band b is rows [Rows()[b][0], Rows()[b][1]).
// The caller must not change them.
func (p *Pool) Rows() [][2]int { return p.rows }

// Size is the number of workers, the caller among them.
func (p *Pool) Size() int { return p.size }

// Rest, while on, has the workers park as soon as they are done with a
// run instead of lingering: a build that shares the cores with the ticks
// gets only the moments they leave the cores idle, and a lingering worker
// leaves none.
func (p *Pool) Rest(on bool) { p.resting.Store(on) }

// DefaultLinger is how long a worker done with a run looks for the next
// before it parks. A tick is a few runs a few microseconds apart (Advance,
// the cascade's larger waves, the avalanches), and waking a parked worker
// takes longer than the gap between them, during which the others do its
// share: a lingering worker joins the next run without being woken
// (TestLingerTable counts the wake-ups). It also spans the serial end of
// a large tick (the trace's fold), so an unpaced run's next tick finds the
// worker awake.
const DefaultLinger = 100 * time.Microsecond

// descheduled is a pause in a lingering goroutine's looking that means
// another thread wanted its processor: it then parks, so as not to hold a
// processor the system is short of (see lingering).
const descheduled = 20 * time.Microsecond

// work is a worker: it runs the bands of the run each ticket names and,
// once done with a run, looks for the next for up to p.Linger before it
// parks again.
func (p *Pool) work(ch chan ticket) {
	var last uint32 // the latest run it took part in
	for t := range ch {
		h := t.handOffs
		run, ok := t.run, int32(t.run-last) > 0 // not one it joined while it lingered
		if ok {
			if h != nil {
				h.Late.Add(int64(time.Since(t.sent)))
				h.Woken.Add(1)
			}
		} else {
			run, ok = p.await(last, 0) // its ticket may have kept out a later one
		}
		for ok {
			if p.take(run) {
				p.done <- struct{}{}
			}
			last = run
			if !p.Lingers() {
				break // it parks at once
			}
			if run, ok = p.await(last, p.Linger); ok && h != nil {
				h.Joined.Add(1)
			}
		}
	}
}

// Lingers reports whether a goroutine out of bands looks for more before
// it parks: Linger is set and the pool does not rest.
func (p *Pool) Lingers() bool { return p.Linger > 0 && !p.resting.Load() }

// await looks for a run after the given one with a band left to take, for
// up to wait, and returns its number.
func (p *Pool) await(after uint32, wait time.Duration) (uint32, bool) {
	for l := p.lingering(wait); ; {
		c := p.next.Load()
		if run := uint32(c >> 32); run != after && int(uint32(c)) < len(p.rows) {
			return run, true
		}
		if p.closed.Load() || !l.more() {
			return 0, false
		}
	}
}

// awaitLast is the caller's linger, out of bands: it looks for the
// others to finish theirs before it parks to wait for them. Parked, it
// leaves its processor idle, and the processor has to be woken again.
func (p *Pool) awaitLast() {
	for l := p.lingering(p.Linger); p.left.Load() != 0 && l.more(); {
	}
}

// lingering is a goroutine that looks for something to happen, for a
// while, before it parks. Between looks it offers its processor to other
// goroutines and to other threads; if one took it for longer than
// crowded, the system is short of processors and the lingering ends. A
// worker that polled without that (tried in an earlier version) held on
// to a core that another process needed, and a small run on two workers
// became many times slower whenever one took one of the two cores
// (README, "A worker lingers").
type lingering struct {
	until, last time.Time
	crowded     time.Duration
}

func (p *Pool) lingering(wait time.Duration) lingering {
	now := time.Now()
	return lingering{until: now.Add(wait), last: now, crowded: p.crowded}
}

// more yields the processor and reports whether to look once more.
func (l *lingering) more() bool {
	now := time.Now()
	if !now.Before(l.until) || now.Sub(l.last) > l.crowded {
		return false
	}
	l.last = now
	runtime.Gosched()
	yieldThread()
	return true
}

// twoJobs runs two jobs' bands, one after the other, as one job.
type twoJobs struct{ first, then Job }

func (t *twoJobs) Band(b, y0, y1 int) {
	t.first.Band(b, y0, y1)
	t.then.Band(b, y0, y1)
}

// nothing is a job with nothing to do.
type nothing struct{}

func (nothing) Band(int, int, int) {}

// Later has j run with the next run, each of its bands just before that
// run's band of the same rows, on the same goroutine, or on Flush if that
// comes first: for a job whose results nothing reads until then, which so
// costs no hand-off of its own (a worker's wake-up: see the hand-off table
// of TestTickBreakdown). j's band b must write only band b's rows, as the
// next run's other bands may read theirs meanwhile. Whoever reads what j
// writes must Flush first.
func (p *Pool) Later(j Job) {
	p.Flush()
	p.waiting = j
}

// Flush runs the job that waits for the next run, if any.
func (p *Pool) Flush() {
	if p.waiting != nil {
		p.Run(nothing{})
	}
}

// Run runs j on every band and returns when all are done; a panic in any
// band is raised again here (see [Pool]).
func (p *Pool) Run(j Job) {
	if p.Timing != nil {
		defer p.timed(time.Now())
	}
	if p.waiting != nil {
		p.both = twoJobs{p.waiting, j}
		p.waiting = nil
		j = &p.both
	}
	p.job = j // before the run is published: a lingering worker may take it at once
	p.runs++
	p.left.Store(int64(len(p.rows)))
	p.next.Store(uint64(p.runs) << 32)
	t := ticket{run: p.runs}
	if h := p.HandOffs; h != nil {
		h.Runs++
		t.handOffs, t.sent = h, time.Now()
	}
	for _, ch := range p.workers {
		select {
		case ch <- t:
		default: // it has not taken the last ticket yet; it will find that run over
		}
	}
	if !p.take(p.runs) {
		if p.HandOffs != nil {
			defer p.waited(time.Now())
		}
		if p.Lingers() {
			p.awaitLast()
		}
		<-p.done
	}
	if r := p.panicked.Swap(nil); r != nil {
		panic(*r)
	}
}

// take does bands of run until none is left to take, and reports whether
// it did the run's last band.
func (p *Pool) take(run uint32) (last bool) {
	for {
		b, ok := p.claim(run)
		if !ok {
			return last
		}
		p.band(p.job, b) // run's job: the next is set only once this band is done
		last = p.left.Add(-1) == 0
	}
}

// claim takes the next band of run, if that run is still the pool's and a
// band is left.
func (p *Pool) claim(run uint32) (int, bool) {
	for {
		c := p.next.Load()
		if uint32(c>>32) != run || int(uint32(c)) >= len(p.rows) {
			return 0, false
		}
		if p.next.CompareAndSwap(c, c+1) {
			return int(uint32(c)), true
		}
	}
}

// band runs band b of j, catching a panic for Run to raise.
func (p *Pool) band(j Job, b int) {
	defer func() {
		if r := recover(); r != nil {
			p.keep(r)
		}
	}()
	j.Band(b, p.rows[b][0], p.rows[b][1])
}

func (p *Pool) timed(t0 time.Time) { *p.Timing += time.Since(t0) }

func (p *Pool) waited(t0 time.Time) { p.HandOffs.Waited += time.Since(t0) }

// keep records a panic; apart from band, so that only a panic allocates.
func (p *Pool) keep(r any) { p.panicked.CompareAndSwap(nil, &r) }

// Close ends the workers and waits for them; no run may be under way.
func (p *Pool) Close() {
	p.closed.Store(true)
	for _, ch := range p.workers {
		close(ch)
	}
	p.workers = nil
	p.gone.Wait()
}
