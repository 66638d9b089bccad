package systems

import (
	"github.com/yohamta/donburi"
	"github.com/yohamta/donburi/filter"

	"github.com/firefly-observatory/fireflies/components"
)

type cellData struct{ X, Y int32 }

var cell = donburi.NewComponentType[cellData]()

// Naive is the same tick written the obvious ECS way: components allocated
// by donburi one by one, every pass a query.Each with Get per entity, and
// neighbours found through the world's entries. It gives the same trace as
// [Sim]; benchmarks show what the dense design saves.
type Naive struct {
	W, H    int
	p       params
	world   donburi.World
	query   *donburi.Query
	grid    []donburi.Entity
	wave    []donburi.Entity
	next    []donburi.Entity
	touched []donburi.Entity
	hits    []uint8
	fired   []uint64
	stride  int

	Tick int32
	Hash uint64
}

// NewNaive builds the naive world with the same initial phases as [New].
func NewNaive(m components.Model) *Naive {
	n := &Naive{
		W: m.Width, H: m.Height, p: newParams(m), world: donburi.NewWorld(),
		query:  donburi.NewQuery(filter.Contains(components.Phase, components.Refractory, components.Glow, cell)),
		hits:   make([]uint8, m.Fireflies()),
		stride: (m.Width + 63) / 64,
	}
	n.fired = make([]uint64, n.stride*m.Height)
	n.grid = components.CreateFireflies(n.world, m.Fireflies(), nil, nil, nil, cell)
	for i, e := range n.grid {
		entry := n.world.Entry(e)
		components.Phase.Get(entry).Seconds = n.p.period * unit(n.p.seed, int32(i), 0)
		components.Glow.Get(entry).FlashTick = components.NeverFlashed
		*cell.Get(entry) = cellData{int32(i % m.Width), int32(i / m.Width)}
	}
	return n
}

// Step simulates one tick.
func (n *Naive) Step() {
	n.Tick++
	n.wave = n.wave[:0]
	n.query.Each(n.world, func(e *donburi.Entry) {
		ph := components.Phase.Get(e)
		ph.Seconds += dt
		if ph.Seconds >= n.p.period {
			n.wave = append(n.wave, e.Entity())
		}
	})
	for _, e := range n.wave {
		n.flash(n.world.Entry(e))
	}
	for len(n.wave) > 0 {
		n.next = n.next[:0]
		for _, e := range n.wave {
			c := cell.Get(n.world.Entry(e))
			for dy := int32(-1); dy <= 1; dy++ {
				for dx := int32(-1); dx <= 1; dx++ {
					if dx == 0 && dy == 0 {
						continue
					}
					x := (c.X + dx + int32(n.W)) % int32(n.W)
					y := (c.Y + dy + int32(n.H)) % int32(n.H)
					i := y*int32(n.W) + x
					ne := n.world.Entry(n.grid[i])
					if components.Glow.Get(ne).FlashTick == n.Tick || components.Refractory.Get(ne).Until > n.Tick {
						continue
					}
					if n.hits[i] == 0 {
						n.touched = append(n.touched, n.grid[i])
					}
					n.hits[i]++
					if components.Phase.Get(ne).Seconds+n.p.nudgeBy[n.hits[i]] >= n.p.period {
						n.flash(ne)
						n.next = append(n.next, n.grid[i])
					}
				}
			}
		}
		n.wave, n.next = n.next, n.wave
	}
	for _, e := range n.touched {
		entry := n.world.Entry(e)
		c := cell.Get(entry)
		i := c.Y*int32(n.W) + c.X
		if n.hits[i] > 0 {
			components.Phase.Get(entry).Seconds += n.p.nudgeBy[n.hits[i]]
			n.hits[i] = 0
		}
	}
	n.touched = n.touched[:0]
	n.Hash, _ = foldTick(n.Hash, n.Tick, n.fired)
}

func (n *Naive) flash(e *donburi.Entry) {
	c := cell.Get(e)
	i := c.Y*int32(n.W) + c.X
	components.Phase.Get(e).Seconds = n.p.jitter * unit(n.p.seed, i, n.Tick)
	components.Refractory.Get(e).Until = n.Tick + n.p.deafFor
	components.Glow.Get(e).FlashTick = n.Tick
	n.hits[i] = 0
	n.fired[int(c.Y)*n.stride+int(c.X)>>6] |= 1 << (c.X & 63)
}
