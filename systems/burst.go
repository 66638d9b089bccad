package systems

import (
	"fmt"
	"strconv"

	"github.com/firefly-observatory/fireflies/components"
)

// The burst model's own distributions, the paper's (Sarfati et al., eLife
// 12:e78908, 2023; its Simulation_Code), in ticks at 60 TPS: the flashes
// in a burst, and the charge and discharge time of each flash (the time
// from one flash of a burst to the next is their sum). The weights are
// counts, each value as likely as its count.
var (
	burstFlashes    = weighted{first: 2, w: []uint8{1, 2, 11, 3, 1}}                                              // 2 to 6 flashes
	flashCharge     = weighted{first: 26, w: []uint8{6, 10, 12, 7, 2, 2, 1, 0, 2, 1}}                             // 26 to 35 ticks: 0.43 to 0.58 s
	flashDischarge  = weighted{first: 1, w: []uint8{1, 3, 6, 4, 19, 13, 14, 11, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1}} // 1 to 19 ticks
	carolinusStream = [...]uint64{0x8cb92ba72f3d8dd7, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1, 0x510e527fade682d1, 0x9b05688c2b3e6c1f}
)

// The random streams of the burst model, one a draw (see Carolinus.draw).
const (
	drawCharge    = iota // the first charge
	drawQuiet            // the next interval between burst starts, from the quiet-time table
	drawFlashes          // the next burst's flashes
	drawCharging         // the next burst's charge time of a flash
	drawDischarge        // the next burst's discharge time of a flash
)

// weighted is a small distribution of whole numbers from first on, each
// as likely as its weight.
type weighted struct {
	first int32
	w     []uint8
	total float32
}

func init() {
	for _, d := range []*weighted{&burstFlashes, &flashCharge, &flashDischarge} {
		for _, w := range d.w {
			d.total += float32(w)
		}
	}
}

// pick returns the value at the uniform number u in [0, 1).
func (d *weighted) pick(u float32) int32 {
	x := float32(u * d.total)
	var cum float32
	for k, w := range d.w {
		cum += float32(w)
		if x < cum {
			return d.first + int32(k)
		}
	}
	return d.first + int32(len(d.w)-1)
}

// BurstGap is the pause that ends a burst of a group's flashes: the
// recordings' group bursts, found this way in their flash counts, are the
// interburst intervals the paper published (docs/model.md, "Real
// fireflies"). It is also the shortest interval that can be measured.
const BurstGap = 2 * TPS // ticks

// maxInterval bounds the intervals counted one by one: longer ones are
// counted as this long ([components.BurstsData.Counts]).
const maxInterval = 3600 * TPS // ticks

// Carolinus is the tick of the burst model of Photinus carolinus, which
// takes the place of Advance, Cascade and Settle (docs/model.md, "Real
// fireflies"). Each firefly charges from 0 to 1 over a quiet time, drawn
// after each burst so that alone its bursts start an interval of the
// single firefly's distribution apart; a full charge starts a burst of a
// few flashes; after the burst's last flash it can neither burst nor gain
// from flashes for the refractory time, and after that every flash it
// sees adds β to its charge. A flash is seen on the tick after it. The
// fireflies see each other all-to-all within tents of Group fireflies (the
// paper's) or, with -group grid, through the neighbourhood of -neighbours
// and -topology.
//
// It runs on one goroutine: a tent of twenty needs no more, and the same
// tick for any -workers is then a matter of course. Every draw is a
// function of the seed, the firefly, the tick and the draw's stream.
type Carolinus struct {
	sw  *components.SwarmData
	obs *components.ObservationsData
	p   *params

	quiet *quietTable
	beta  float32
	refr  int32 // ticks of the refractory time
	group int32 // fireflies a tent; 0: the grid's neighbourhood
	shape Shape
	graph *csr
	seeds [len(carolinusStream)]uint64

	// Each firefly's state. Between bursts left is 0, next is the first
	// tick it is ready on, and charge grows by rate a tick; in a burst,
	// left is the flashes still to come and next the tick of the next.
	charge []float32
	rate   []float32 // charge a tick
	next   []int32
	left   []uint8
	count  []uint8 // flashes of its next (or current) burst
	cycle  []uint8 // ticks from one flash of that burst to the next

	heard []int32 // flashes each firefly saw on the last tick (the grid's neighbourhood only); 0 between ticks
	tents []int32 // flashes in each tent on the last tick (tents only); 0 between ticks
	prev  []int32 // the fireflies that flashed on the tick before this one
	cur   []int32 // those that flashed on this tick, once it has run
}

// newCarolinus builds the burst model's engine and its first state, on
// tick 0.
func newCarolinus(sw *components.SwarmData, obs *components.ObservationsData, p *params, m components.Model) (*Carolinus, error) {
	q, err := quietOf(m.Quiet)
	if err != nil {
		return nil, fmt.Errorf("quiet-from: %v", err)
	}
	group, err := ParseGroup(m)
	if err != nil {
		return nil, err
	}
	n := len(sw.Phase)
	if group > 0 && (group > n || n%group != 0) {
		return nil, fmt.Errorf("group: %d does not divide the %d fireflies into tents", group, n)
	}
	shape, err := ParseShape(m)
	if err != nil {
		return nil, err
	}
	c := &Carolinus{
		sw: sw, obs: obs, p: p,
		quiet:  q,
		beta:   float32(m.Beta),
		refr:   int32(m.BurstRefractory.Seconds()*TPS + 0.5),
		group:  int32(group),
		shape:  shape,
		charge: make([]float32, n), rate: make([]float32, n), next: make([]int32, n),
		left: make([]uint8, n), count: make([]uint8, n), cycle: make([]uint8, n),
		prev: make([]int32, 0, n), cur: make([]int32, 0, n),
	}
	for k, salt := range carolinusStream {
		c.seeds[k] = mix64(p.seed ^ salt)
	}
	switch {
	case group > 0:
		c.tents = make([]int32, n/group)
	case shape.All:
	default:
		c.heard = make([]int32, n)
		if shape.Graph() {
			if c.graph, err = buildGraph(m, shape, p.seed); err != nil {
				return nil, err
			}
		}
	}
	for i := range int32(n) {
		c.charge[i] = c.draw(drawCharge, i, 0)
		c.plan(i, 0)
		c.rate[i] = c.rateFor(c.quiet.draw(c.draw(drawQuiet, i, 0)), 0)
		sw.Phase[i].Seconds = c.shown(c.charge[i])
	}
	return c, nil
}

// ParseGroup reads the model's group: the fireflies a tent, or 0 for
// -group grid.
func ParseGroup(m components.Model) (int, error) {
	switch m.Group {
	case "":
		return 20, nil
	case "grid":
		return 0, nil
	}
	g, err := strconv.Atoi(m.Group)
	if err != nil || g < 1 {
		return 0, fmt.Errorf("group: got %q, want a number of fireflies from 1 or grid", m.Group)
	}
	return g, nil
}

// draw is the uniform number in [0, 1) of stream k for firefly i on tick t.
func (c *Carolinus) draw(k int, i, t int32) float32 { return unit(c.seeds[k], i, t) }

// plan draws firefly i's next burst on tick t: its flashes and the ticks
// between them.
func (c *Carolinus) plan(i, t int32) {
	c.count[i] = uint8(burstFlashes.pick(c.draw(drawFlashes, i, t)))
	c.cycle[i] = uint8(flashCharge.pick(c.draw(drawCharging, i, t)) + flashDischarge.pick(c.draw(drawDischarge, i, t)))
}

// rateFor is the charge a tick that brings a firefly from 0 to 1 in the
// interval of interval seconds less the ticks of the burst it has just
// ended: alone, its bursts then start the interval apart.
func (c *Carolinus) rateFor(interval float32, burst int32) float32 {
	ticks := float32(interval*TPS) - float32(burst)
	return 1 / max(ticks, 1)
}

// shown is the phase the charge ch shows: ch of the period, for the phase
// view and R.
func (c *Carolinus) shown(ch float32) float32 {
	ph := float32(ch * c.p.period)
	if ph >= c.p.period || ph < 0 {
		return 0
	}
	return ph
}

// Update runs one tick.
func (c *Carolinus) Update() {
	sw := c.sw
	sw.Tick++
	t := sw.Tick
	c.see()
	c.cur = c.cur[:0]
	total := int32(len(c.prev))
	for i := range int32(len(c.charge)) {
		if l := c.left[i]; l > 0 { // in a burst
			if t >= c.next[i] {
				c.flash(i, t)
			}
			continue
		}
		ch := c.charge[i] + c.rate[i]
		if t >= c.next[i] { // ready
			var h int32
			switch {
			case c.tents != nil:
				h = c.tents[i/c.group]
			case c.heard != nil:
				h, c.heard[i] = c.heard[i], 0
			default:
				h = total
			}
			if c.heard == nil && sw.Glow[i].FlashTick == t-1 {
				h-- // its own flash
			}
			if h > 0 {
				ch += float32(c.beta * float32(h))
			}
			if ch >= 1 {
				c.left[i] = c.count[i]
				c.flash(i, t)
				ch = 0
			}
		} else if ch > 1 {
			ch = 1 // full: it bursts once it is ready
		}
		c.charge[i] = ch
		sw.Phase[i].Seconds = c.shown(ch)
	}
	if c.heard != nil {
		// What the ones that could not take it saw is dropped.
		for _, f := range c.prev {
			c.clearHeard(f)
		}
	}
	for _, f := range c.prev {
		if c.tents != nil {
			c.tents[f/c.group] = 0
		}
	}
	c.prev, c.cur = c.cur, c.prev
	n := len(c.prev)
	c.obs.Waves, c.obs.Spread = min(n, 1), n
}

// flash flashes firefly i, in a burst, on tick t, and ends the burst after
// its last flash: the next interval and burst are drawn, the charge starts
// from 0 and the refractory time runs.
func (c *Carolinus) flash(i, t int32) {
	sw := c.sw
	sw.Glow[i].FlashTick = t
	x, y := int(i)%sw.Width, int(i)/sw.Width
	sw.Fired[y*sw.Stride+x>>6] |= 1 << (x & 63)
	c.cur = append(c.cur, i)
	l := c.left[i] - 1
	c.left[i] = l
	if l > 0 {
		c.next[i] = t + int32(c.cycle[i])
		return
	}
	burst := int32(c.count[i]-1) * int32(c.cycle[i]) // from its first flash to this one
	c.plan(i, t)
	c.rate[i] = c.rateFor(c.quiet.draw(c.draw(drawQuiet, i, t)), burst)
	c.charge[i] = 0
	c.next[i] = t + c.refr
	sw.Phase[i].Seconds = 0
}

// see counts the last tick's flashes where they are seen: in each tent,
// or at each neighbour on the grid.
func (c *Carolinus) see() {
	switch {
	case c.tents != nil:
		for _, f := range c.prev {
			c.tents[f/c.group]++
		}
	case c.heard != nil:
		for _, f := range c.prev {
			c.neighbours(f, func(j int32) { c.heard[j]++ })
		}
	}
}

// clearHeard zeroes what the neighbours of f saw.
func (c *Carolinus) clearHeard(f int32) { c.neighbours(f, func(j int32) { c.heard[j] = 0 }) }

// neighbours calls visit for each neighbour of f on the grid or graph.
func (c *Carolinus) neighbours(f int32, visit func(int32)) {
	if c.graph != nil {
		for _, j := range c.graph.adj[c.graph.start[f]:c.graph.start[f+1]] {
			visit(j)
		}
		return
	}
	w, h := c.sw.Width, c.sw.Height
	x, y := int(f)%w, int(f)/w
	for _, o := range c.shape.Offsets {
		if j := latticeNeighbour(x, y, o, w, h, c.shape.Torus); j >= 0 {
			visit(j)
		}
	}
}

// Flashed are the fireflies that flashed on the last tick, in index order
// within each kind of flash (bursts going on, then bursts starting, by
// firefly): the measures of the burst model read them.
func (c *Carolinus) Flashed() []int32 { return c.prev }

// carolinus are the burst model's systems: its engine and its measure.
func (s *Sim) carolinus(m components.Model) ([]System, error) {
	eng, err := newCarolinus(s.Swarm, s.Obs, s.params, m)
	if err != nil {
		return nil, err
	}
	return []System{eng, newInterbursts(s.World, s.Swarm, eng)}, nil
}
