package work

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// within fails the test unless done closes within a minute: not a speed
// limit, only an end to a test that would otherwise hang.
func within(t *testing.T, what string, done <-chan struct{}) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatalf("%s: not within a minute", what)
	}
}

// counted counts the runs of each band and checks its rows.
type counted struct {
	t    *testing.T
	rows [][2]int
	runs []atomic.Int32
}

func (c *counted) Band(b, y0, y1 int) {
	if r := c.rows[b]; r != [2]int{y0, y1} {
		c.t.Errorf("band %d given rows [%d, %d), want [%d, %d)", b, y0, y1, r[0], r[1])
	}
	c.runs[b].Add(1)
}

// TestPoolRunsEveryBandOnce: the bands cover the rows in order, no band
// empty, none larger than the one before it, one for one worker and at
// least two a worker for more (as rows allow), and each run does every band
// exactly once, whoever takes it.
func TestPoolRunsEveryBandOnce(t *testing.T) {
	for _, c := range [][2]int{{1, 10}, {2, 10}, {2, 3}, {3, 30}, {2, 1024}, {16, 2048}, {16, 4096}, {64, 50}, {5, 1}} {
		workers, height := c[0], c[1]
		p := NewPool(workers, height)
		least := min(height, 2*workers) // bands
		if workers == 1 || height == 1 {
			least = 1
		}
		if len(p.rows) < least || (least == 1) != (len(p.rows) == 1) || p.size != min(workers, height) {
			t.Errorf("%d workers, %d rows: %d bands and %d workers, want at least %d and %d", workers, height, len(p.rows), p.size, least, min(workers, height))
		}
		y := 0
		for b, r := range p.rows {
			if r[0] != y || r[1] <= r[0] || b > 0 && r[1]-r[0] > p.rows[b-1][1]-p.rows[b-1][0] {
				t.Errorf("%d workers, %d rows: bands %v", workers, height, p.rows)
				break
			}
			y = r[1]
		}
		if y != height {
			t.Errorf("%d workers, %d rows: bands end at row %d", workers, height, y)
		}
		job := &counted{t: t, rows: p.rows, runs: make([]atomic.Int32, len(p.rows))}
		const runs = 200
		for range runs {
			p.Run(job)
		}
		p.Close()
		for b := range job.runs {
			if n := job.runs[b].Load(); n != runs {
				t.Errorf("%d workers, %d rows: band %d ran %d times in %d runs", workers, height, b, n, runs)
			}
		}
	}
}

// TestPoolDoesNotWaitForASleepingWorker: a worker that never wakes holds
// up no run; the caller takes its bands. (Before, each worker had its own
// band, and a run waited for the slowest worker to wake.)
func TestPoolDoesNotWaitForASleepingWorker(t *testing.T) {
	p := NewPool(4, 40)
	defer p.Close()
	for i := range p.workers[:2] {
		close(p.workers[i])
		p.workers[i] = make(chan ticket, 1) // nobody reads it
	}
	job := &counted{t: t, rows: p.rows, runs: make([]atomic.Int32, len(p.rows))}
	finished := make(chan struct{})
	go func() {
		for range 3 { // the sleepers' tickets pile up from the second run on
			p.Run(job)
		}
		close(finished)
	}()
	select {
	case <-finished:
	case <-time.After(time.Minute): // not a speed limit: without the change, it never ends
		t.Fatal("a run waited for a worker that never woke")
	}
	for b := range job.runs {
		if n := job.runs[b].Load(); n != 3 {
			t.Errorf("band %d ran %d times in 3 runs", b, n)
		}
	}
}

// marked records, for each band, the run in which it ran, and checks that
// the band of the job it must follow ran first.
type marked struct {
	t      *testing.T
	name   string
	after  *marked // nil, or the job whose same band must have run already
	ran    []atomic.Int32
	marker int32
}

func (m *marked) Band(b, _, _ int) {
	if m.after != nil && m.after.ran[b].Load() != m.marker {
		m.t.Errorf("%s band %d ran before the job left for it", m.name, b)
	}
	m.ran[b].Store(m.marker)
}

// TestPoolLaterRunsWithTheNextRun: a job left for later runs each band
// just before the next run's same band, or on flush, or when another job
// is left; exactly once.
func TestPoolLaterRunsWithTheNextRun(t *testing.T) {
	for _, workers := range []int{1, 2, 5} {
		p := NewPool(workers, 40)
		n := len(p.rows)
		job := func(name string, after *marked, marker int32) *marked {
			return &marked{t: t, name: name, after: after, ran: make([]atomic.Int32, n), marker: marker}
		}
		every := func(m *marked, want int32, when string) {
			for b := range m.ran {
				if got := m.ran[b].Load(); got != want {
					t.Errorf("%d workers, %s: band %d of %s marked %d, want %d", workers, when, b, m.name, got, want)
				}
			}
		}
		for r := int32(1); r <= 50; r++ {
			left := job("left", nil, r)
			p.Later(left)
			every(left, 0, "before the next run")
			p.Run(job("next", left, r))
			every(left, r, "after the next run")
			p.Flush() // nothing waits: runs nothing
			every(left, r, "after a flush")

			first, second := job("first", nil, r), job("second", nil, r)
			p.Later(first)
			p.Later(second) // runs the first
			every(first, r, "after another job was left")
			every(second, 0, "while left")
			p.Flush()
			every(second, r, "after a flush")
		}
		p.Close()
	}
}

// TestPoolCountsHandOffs: with HandOffs set, every run is counted, and
// the workers' wake-ups are timed without a data race (go test -race).
func TestPoolCountsHandOffs(t *testing.T) {
	p := NewPool(3, 30)
	var h HandOffs
	p.HandOffs = &h
	for range 100 {
		p.Run(nothing{})
	}
	p.HandOffs = nil
	p.Run(nothing{})
	p.Close()
	if h.Runs != 100 || h.Waited < 0 || h.Late.Load() < 0 || h.Woken.Load() > 200 {
		t.Errorf("100 runs of 3 workers counted as %d runs, %d tickets received, waits %v and %v",
			h.Runs, h.Woken.Load(), h.Waited, time.Duration(h.Late.Load()))
	}
}

// slow is a job whose every band sleeps a little: the caller parks
// meanwhile, so a worker finds bands left to take even on one processor.
type slow struct{}

func (slow) Band(int, int, int) { time.Sleep(100 * time.Microsecond) }

// TestPoolWorkersLinger: a worker done with a run takes the next runs'
// bands without being woken for them while it lingers; one that parks
// at once (no linger, or a pool resting) is woken for every run it takes
// part in. The linger is set only where every worker can have a
// processor.
func TestPoolWorkersLinger(t *testing.T) {
	for _, c := range []struct {
		linger  time.Duration
		resting bool
	}{{0, false}, {time.Minute, false}, {time.Minute, true}} {
		p := NewPool(2, 40)
		p.Linger = c.linger
		p.Rest(c.resting) // as while entities are made in the background
		linger := c.linger
		if c.resting {
			linger = 0
		}
		var h HandOffs
		p.HandOffs = &h
		for range 50 {
			p.Run(slow{})
		}
		p.Close()
		joined, woken := h.Joined.Load(), h.Woken.Load()
		switch {
		case linger == 0 && joined != 0:
			t.Errorf("a worker that parks at once joined %d of 50 runs without a ticket", joined)
		case linger > 0 && joined == 0:
			t.Errorf("a lingering worker joined none of 50 runs without a ticket (woken %d times)", woken)
		}
	}
	maxProcs := runtime.GOMAXPROCS(0)
	for _, workers := range []int{1, 2, maxProcs, maxProcs + 1} {
		p := NewPool(workers, 64)
		if want := workers > 1 && workers <= maxProcs; (p.Linger > 0) != want {
			t.Errorf("%d workers on %d processors: linger %v", workers, maxProcs, p.Linger)
		}
		p.Close()
	}
}

// TestPoolLingerGivesWayToOthers: a lingering worker kept off its
// processor by another goroutine parks; the next run wakes it with a
// ticket instead of finding it lingering. (On one processor, so that the
// test's goroutine is what keeps it off.)
func TestPoolLingerGivesWayToOthers(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	p := NewPool(2, 40)
	p.Linger = time.Minute // only being kept off can end it
	var h HandOffs
	p.HandOffs = &h
	p.Run(slow{})
	time.Sleep(time.Millisecond) // the worker lingers
	for t0 := time.Now(); time.Since(t0) < 5*time.Millisecond; {
		// the worker's Gosched gave this goroutine the processor
	}
	time.Sleep(time.Millisecond) // the worker sees how long it was kept off
	p.Run(slow{})
	p.Close()
	if joined, woken := h.Joined.Load(), h.Woken.Load(); joined != 0 || woken != 2 {
		t.Errorf("after being kept off its processor for 5 ms, the worker joined the next run lingering %d times and was woken %d times, want 0 and 2", joined, woken)
	}
}

// TestPoolCloseEndsALingeringWorker: close ends a worker that would
// linger for an hour, and waits for it.
func TestPoolCloseEndsALingeringWorker(t *testing.T) {
	p := NewPool(2, 40)
	p.Linger, p.crowded = time.Hour, time.Hour // nothing else ends it
	p.Run(slow{})
	closed := make(chan struct{})
	go func() {
		p.Close()
		close(closed)
	}()
	within(t, "close of a pool whose worker lingers for an hour", closed) // without closed, it lingers on
}

type panicky struct{ at int }

func (p panicky) Band(b, _, _ int) {
	if b == p.at {
		panic("band " + string(rune('0'+b)))
	}
}

// TestWorkerPanicReachesTheCaller: a panic in a band, whichever goroutine
// ran it, is raised on the goroutine that ran the job, where the program
// recovers it, and the pool still works afterwards.
func TestWorkerPanicReachesTheCaller(t *testing.T) {
	p := NewPool(3, 30)
	defer p.Close()
	for _, at := range []int{0, 2, len(p.rows) - 1} {
		got := func() (r any) {
			defer func() { r = recover() }()
			p.Run(panicky{at: at})
			return nil
		}()
		if want := "band " + string(rune('0'+at)); got != want {
			t.Errorf("recovered %v, want the band's panic %q", got, want)
		}
		p.Run(panicky{at: -1}) // no panic left over
	}
}

// TestPoolHandOff prints the table after the breakdown in `make bench`:
// how long a Run of two workers takes the caller for a job with nothing
// to do, right after the last one and after the caller has worked alone
// for a while (as between the passes of a tick), when the worker may have
// gone to sleep. The caller takes every band of such a job at once, so
// this is the caller's side of a hand-off only; the breakdown's hand-off
// table times the worker's. It only runs with BENCH_TABLE=1.
func TestPoolHandOff(t *testing.T) {
	if os.Getenv("BENCH_TABLE") == "" {
		t.Skip("set BENCH_TABLE=1 (make bench)")
	}
	p := NewPool(2, 2)
	defer p.Close()
	fmt.Println("\n| serial work before the run | run µs p50 | p90 | p99 |")
	fmt.Println("|---|---|---|---|")
	for _, gap := range []time.Duration{0, 20 * time.Microsecond, 200 * time.Microsecond, 2 * time.Millisecond} {
		const runs = 500
		d := make([]float64, runs)
		for i := range d {
			for t0 := time.Now(); time.Since(t0) < gap; {
			}
			t0 := time.Now()
			p.Run(nothing{})
			d[i] = float64(time.Since(t0).Nanoseconds()) / 1e3
		}
		slices.Sort(d)
		fmt.Printf("| %v | %.1f | %.1f | %.1f |\n", gap, d[runs/2], d[runs*9/10], d[runs*99/100])
	}
}
