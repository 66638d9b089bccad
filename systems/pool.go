package systems

import (
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

// pool runs a bandJob on every band at once, the calling goroutine taking
// band 0, and returns when all are done. Bands never share a row, so jobs
// that write only their own rows need no locks; sending an interface that
// holds a pointer does not allocate. A panic in a worker is raised again
// on the calling goroutine, where the program can recover it.
type pool struct {
	rows     [][2]int
	jobs     []chan bandJob
	wg       sync.WaitGroup
	panicked atomic.Pointer[any] // the first worker panic of a run

	// timing, when set, adds up the wall time spent in run: the part of a
	// tick that is split across the bands (TestTickBreakdown).
	timing *time.Duration
}

func newPool(workers, height int) *pool {
	n := min(workers, height)
	p := &pool{rows: make([][2]int, n)}
	for b := range n {
		p.rows[b] = [2]int{b * height / n, (b + 1) * height / n}
	}
	for b := 1; b < n; b++ {
		ch := make(chan bandJob)
		p.jobs = append(p.jobs, ch)
		go func() {
			for j := range ch {
				p.work(j, b)
			}
		}()
	}
	return p
}

func (p *pool) run(j bandJob) {
	if p.timing != nil {
		defer p.timed(time.Now())
	}
	p.wg.Add(len(p.jobs))
	for _, ch := range p.jobs {
		ch <- j
	}
	j.band(0, p.rows[0][0], p.rows[0][1])
	p.wg.Wait()
	if r := p.panicked.Swap(nil); r != nil {
		panic(*r)
	}
}

func (p *pool) timed(t0 time.Time) { *p.timing += time.Since(t0) }

// work runs band b of j on a worker, catching a panic for run to raise.
func (p *pool) work(j bandJob, b int) {
	defer func() {
		if r := recover(); r != nil {
			p.keep(r)
		}
		p.wg.Done()
	}()
	j.band(b, p.rows[b][0], p.rows[b][1])
}

// keep records a worker's panic; apart from work, so that only a panic
// allocates.
func (p *pool) keep(r any) { p.panicked.CompareAndSwap(nil, &r) }

func (p *pool) close() {
	for _, ch := range p.jobs {
		close(ch)
	}
	p.jobs = nil
}
