package systems

import "github.com/firefly-observatory/fireflies/components"

// Settle moves each firefly that heard flashes this tick but did not flash
// by its rule (nudge×(flashes heard) in the default model), and clears its
// count for the next tick.
type Settle struct {
	sw    *components.SwarmData
	p     *params
	pool  *pool
	waves *waves
}

func newSettle(sw *components.SwarmData, p *params, pl *pool, wv *waves) *Settle {
	return &Settle{sw: sw, p: p, pool: pl, waves: wv}
}

// Update settles every band, in the bands of the next pool.run (Avalanches
// when they are measured, else Trace): nothing reads the phases before
// then, and the settling saves a hand-off of its own.
func (s *Settle) Update() { s.pool.later(s) }

func (s *Settle) band(b, y0, y1 int) {
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
