package systems

import (
	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems/internal/work"
)

// Settle moves each firefly that heard flashes this tick but did not flash
// by its rule (nudge×(flashes heard) in the default model), and clears its
// count for the next tick.
type Settle struct {
	sw    *components.SwarmData
	p     *params
	pool  *work.Pool
	waves *waves
}

func newSettle(sw *components.SwarmData, p *params, pl *work.Pool, wv *waves) *Settle {
	return &Settle{sw: sw, p: p, pool: pl, waves: wv}
}

// Update settles every band, in the bands of the pool's next run
// (Avalanches' when they are measured, else Trace's): nothing reads the
// phases before then, and the settling saves a hand-off of its own.
func (s *Settle) Update() { s.pool.Later(s) }

// Band settles the fireflies of rows [y0, y1) that band b's lists hold,
// or, when they overflowed, every one of those rows.
func (s *Settle) Band(b, y0, y1 int) {
	sw := s.sw
	l := &s.waves.bands[b]
	if l.overflow {
		w := sw.Width
		hits := sw.Hits[y0*w : y1*w]
		phase := sw.Phase[y0*w : y1*w]
		for i, h := range hits {
			if h > 0 {
				phase[i].Seconds = respond(phase[i].Seconds, s.p.scaleBy[h], s.p.nudgeBy[h])
				hits[i] = 0
			}
		}
		l.overflow = false
	} else {
		for _, i := range l.touched {
			if h := sw.Hits[i]; h > 0 {
				sw.Phase[i].Seconds = respond(sw.Phase[i].Seconds, s.p.scaleBy[h], s.p.nudgeBy[h])
				sw.Hits[i] = 0
			}
		}
	}
	l.touched = l.touched[:0]
}
