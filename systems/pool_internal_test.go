package systems

import (
	"sync/atomic"
	"testing"
	"time"
)

// counted counts the runs of each band and checks its rows.
type counted struct {
	t    *testing.T
	rows [][2]int
	runs []atomic.Int32
}

func (c *counted) band(b, y0, y1 int) {
	if r := c.rows[b]; r != [2]int{y0, y1} {
		c.t.Errorf("band %d given rows [%d, %d), want [%d, %d)", b, y0, y1, r[0], r[1])
	}
	c.runs[b].Add(1)
}

// TestPoolRunsEveryBandOnce: the bands cover the rows in order, no band
// empty, and each run does every band exactly once, whoever takes it.
func TestPoolRunsEveryBandOnce(t *testing.T) {
	for _, c := range [][2]int{{1, 10}, {2, 10}, {2, 3}, {3, 30}, {16, 2048}, {64, 50}, {5, 1}} {
		workers, height := c[0], c[1]
		p := newPool(workers, height)
		want := min(height, workers)
		if workers > 1 {
			want = min(height, workers*bandsPerWorker)
		}
		if len(p.rows) != want || p.size != min(workers, height) {
			t.Errorf("%d workers, %d rows: %d bands and %d workers, want %d and %d", workers, height, len(p.rows), p.size, want, min(workers, height))
		}
		y := 0
		for _, r := range p.rows {
			if r[0] != y || r[1] <= r[0] {
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
			p.run(job)
		}
		p.close()
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
	p := newPool(4, 40)
	defer p.close()
	for i := range p.workers[:2] {
		close(p.workers[i])
		p.workers[i] = make(chan ticket, 1) // nobody reads it
	}
	job := &counted{t: t, rows: p.rows, runs: make([]atomic.Int32, len(p.rows))}
	finished := make(chan struct{})
	go func() {
		for range 3 { // the sleepers' tickets pile up from the second run on
			p.run(job)
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
