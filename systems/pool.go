package systems

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// bandJob is work split by bands of grid rows: band b covers rows [y0, y1).
type bandJob interface {
	band(b, y0, y1 int)
}

// bandFunc makes a function a bandJob; a func value fits in an interface
// without allocating.
type bandFunc func(b, y0, y1 int)

func (f bandFunc) band(b, y0, y1 int) { f(b, y0, y1) }

// bandRows cuts a grid of height rows into bands for the given workers:
// one band for one worker, else bands that shrink as the rows run out
// (guided scheduling). Each band takes 1/(2·workers) of the rows left, but
// no fewer than height/(16·workers) rows. The bands are not tied to the
// workers: whoever is running takes the next band, so a worker that wakes
// late (76–145 µs on these VMs, more when idle cores sleep
// deeper) finds the work already shared among the others, and one
// whose bands hold the tick's flashes does not hold up the rest. The first
// bands are large, so that few bands are taken; the last are small, so
// that the others finish soon after the first to find none left. (With
// four equal bands a worker, the caller of a 1024² tick waited for the
// worker's last band 0.23–0.34 ms a tick on 2 cores; with these, 0.05–0.08
// ms: TestTickBreakdown.)
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

// pool runs a bandJob on every band, the calling goroutine and the
// workers each taking the next band not yet taken, and returns when all
// are done. Bands never share a row, and a job never waits for another
// band, so jobs that write only their own rows need no locks, and the
// result is the same whichever goroutine runs which band, in whatever
// order. Sending a ticket that holds a pointer does not allocate. A panic
// in any band is raised again on the calling goroutine, where the program
// can recover it, once the other bands are done.
type pool struct {
	rows    [][2]int
	size    int            // the workers, the caller among them
	workers []chan ticket  // the goroutines besides the caller
	runs    uint32         // the number of the latest run
	job     bandJob        // the latest run's: read by whoever claimed one of its bands
	linger  time.Duration  // how long a worker done with a run looks for the next: see await
	crowded time.Duration  // a pause in its looking that means another thread wanted its processor
	resting atomic.Bool    // no lingering meanwhile: see Sim.makeEntities
	closed  atomic.Bool    // a lingering worker parks at once
	gone    sync.WaitGroup // the workers, until close has ended them
	next    atomic.Uint64  // run<<32 | the next band of that run to take
	left    atomic.Int64   // the bands of the run not yet done
	done    chan struct{}  // a worker did the run's last band

	panicked atomic.Pointer[any] // the first panic of a run

	waiting bandJob // runs with the next run: see later
	both    twoJobs

	// timing, when set, adds up the wall time spent in run: the part of a
	// tick that is split across the bands; handOffs, when set, counts what
	// the runs cost besides their work (TestTickBreakdown).
	timing   *time.Duration
	handOffs *handOffs
}

// handOffs counts the runs and times what they wait for.
type handOffs struct {
	runs   int
	waited time.Duration // the caller, out of bands, for the others' last
	woken  atomic.Int64  // tickets a worker received
	late   atomic.Int64  // nanoseconds from their sending to their receipt
	joined atomic.Int64  // runs a worker joined while it lingered, without a ticket
}

// ticket wakes a worker for a run; sent is set when handOffs are counted.
type ticket struct {
	run      uint32
	handOffs *handOffs
	sent     time.Time
}

// newPool makes a pool of the given number of workers (the caller one of
// them) over a grid of the given height, cut into bands by bandRows.
func newPool(workers, height int) *pool {
	workers = min(workers, height)
	p := &pool{rows: bandRows(workers, height), size: workers, done: make(chan struct{}, 1), crowded: descheduled}
	for range workers - 1 {
		// One ticket waits: a worker still busy with a run, or not yet
		// woken, must not hold up the caller handing out the next.
		ch := make(chan ticket, 1)
		p.workers = append(p.workers, ch)
		p.gone.Go(func() { p.work(ch) })
	}
	if workers > 1 && workers <= runtime.GOMAXPROCS(0) {
		p.linger = linger // each worker can have a processor of its own to linger on
	}
	return p
}

// linger is how long a worker done with a run looks for the next before
// it parks. A tick is a few runs a few microseconds apart (Advance, the
// cascade's larger waves, the avalanches), and waking a parked worker
// takes 76–145 µs on these VMs, during which the others do its share:
// with the linger a 1024² tick's two workers need 0.8–1.3 wake-ups a tick
// instead of 4.5 (TestLingerTable). 100 µs also spans the serial end of
// a 1024² tick (the trace's fold, about 30 µs), so an unpaced run's next
// tick finds the worker awake.
const linger = 100 * time.Microsecond

// descheduled is a pause in a lingering goroutine's looking that means
// another thread wanted its processor: it then parks, so as not to hold a
// processor the system is short of (see lingering).
const descheduled = 20 * time.Microsecond

// work is a worker: it runs the bands of the run each ticket names and,
// once done with a run, looks for the next for up to p.linger before it
// parks again.
func (p *pool) work(ch chan ticket) {
	var last uint32 // the latest run it took part in
	for t := range ch {
		h := t.handOffs
		run, ok := t.run, int32(t.run-last) > 0 // not one it joined while it lingered
		if ok {
			if h != nil {
				h.late.Add(int64(time.Since(t.sent)))
				h.woken.Add(1)
			}
		} else {
			run, ok = p.await(last, 0) // its ticket may have kept out a later one
		}
		for ok {
			if p.take(run) {
				p.done <- struct{}{}
			}
			last = run
			if !p.lingers() {
				break // it parks at once
			}
			if run, ok = p.await(last, p.linger); ok && h != nil {
				h.joined.Add(1)
			}
		}
	}
}

// lingers reports whether a goroutine out of bands looks for more before
// it parks.
func (p *pool) lingers() bool { return p.linger > 0 && !p.resting.Load() }

// await looks for a run after the given one with a band left to take, for
// up to wait, and returns its number.
func (p *pool) await(after uint32, wait time.Duration) (uint32, bool) {
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
func (p *pool) awaitLast() {
	for l := p.lingering(p.linger); p.left.Load() != 0 && l.more(); {
	}
}

// lingering is a goroutine that looks for something to happen, for a
// while, before it parks. Between looks it offers its processor to other
// goroutines and to other threads; if one took it for longer than
// crowded, the system is short of processors and the lingering ends. A
// worker that polled without that (tried in an earlier version, for
// 50–200 µs) made a 64² run on two workers take 2.8–9.2 s instead of
// under half a second whenever another process took one of the two cores
// (README, "A worker lingers").
type lingering struct {
	until, last time.Time
	crowded     time.Duration
}

func (p *pool) lingering(wait time.Duration) lingering {
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
type twoJobs struct{ first, then bandJob }

func (t *twoJobs) band(b, y0, y1 int) {
	t.first.band(b, y0, y1)
	t.then.band(b, y0, y1)
}

// nothing is a job with nothing to do.
type nothing struct{}

func (nothing) band(int, int, int) {}

// later has j run with the next run, each of its bands just before that
// run's band of the same rows, on the same goroutine, or on flush if that
// comes first: for a job whose results nothing reads until then, which so
// costs no hand-off of its own (a worker's wake-up: 76–145 µs on these
// VMs, the hand-off table of TestTickBreakdown). j's band b must write
// only band b's rows, as the next run's other bands may read theirs
// meanwhile (the variant engine's responses do not, and run on their own).
// Whoever reads what j writes must flush first; Sim.Update does at the end
// of every tick.
func (p *pool) later(j bandJob) {
	p.flush()
	p.waiting = j
}

// flush runs the job that waits for the next run, if any.
func (p *pool) flush() {
	if p.waiting != nil {
		p.run(nothing{})
	}
}

func (p *pool) run(j bandJob) {
	if p.timing != nil {
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
	if h := p.handOffs; h != nil {
		h.runs++
		t.handOffs, t.sent = h, time.Now()
	}
	for _, ch := range p.workers {
		select {
		case ch <- t:
		default: // it has not taken the last ticket yet; it will find that run over
		}
	}
	if !p.take(p.runs) {
		if p.handOffs != nil {
			defer p.waited(time.Now())
		}
		if p.lingers() {
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
func (p *pool) take(run uint32) (last bool) {
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
func (p *pool) claim(run uint32) (int, bool) {
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

// band runs band b of j, catching a panic for run to raise.
func (p *pool) band(j bandJob, b int) {
	defer func() {
		if r := recover(); r != nil {
			p.keep(r)
		}
	}()
	j.band(b, p.rows[b][0], p.rows[b][1])
}

func (p *pool) timed(t0 time.Time) { *p.timing += time.Since(t0) }

func (p *pool) waited(t0 time.Time) { p.handOffs.waited += time.Since(t0) }

// keep records a panic; apart from band, so that only a panic allocates.
func (p *pool) keep(r any) { p.panicked.CompareAndSwap(nil, &r) }

// close ends the workers and waits for them; no run may be under way.
func (p *pool) close() {
	p.closed.Store(true)
	for _, ch := range p.workers {
		close(ch)
	}
	p.workers = nil
	p.gone.Wait()
}
