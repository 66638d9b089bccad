package systems

import "github.com/firefly-observatory/fireflies/components"

// Advance moves every firefly dt through its cycle and its deafness, and
// flashes those whose phase reaches the period: the first wave of the tick.
type Advance struct {
	sw    *components.SwarmData
	p     *params
	pool  *pool
	waves *waves
}

// Update advances the tick counter and runs the pass over all bands.
func (a *Advance) Update() {
	a.sw.Tick++
	a.pool.run(a)
}

func (a *Advance) band(b, y0, y1 int) {
	sw, p := a.sw, a.p
	w := sw.Width
	period := p.period
	list := a.waves.cur[b][:0]
	for y := y0; y < y1; y++ {
		row := y * w
		phase := sw.Phase[row : row+w]
		refr := sw.Refractory[row : row+w]
		for x := range phase {
			r := refr[x].Left - dt
			if r < 0 {
				r = 0
			}
			refr[x].Left = r
			ph := phase[x].Seconds + dt
			phase[x].Seconds = ph
			if ph >= period {
				flash(sw, p, int32(row+x), x, y)
				list = append(list, int32(row+x))
			}
		}
	}
	a.waves.cur[b] = list
}
