package systems

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/firefly-observatory/fireflies/components"
)

// MaxRadius is the largest -neighbours radius:R.
const MaxRadius = 16

// MaxDegree is the largest K of -topology random:K.
const MaxDegree = 64

// MaxGraphStubs bounds fireflies × neighbours of a graph topology: the
// graph is built on one goroutine before the run starts, in time that
// grows with the stubs, and its maps grow with them too.
const MaxGraphStubs = 1 << 23

// Shape is the variant's neighbourhood and graph, parsed from the model.
type Shape struct {
	Offsets [][2]int32 // lattice neighbourhood, (dx, dy); never (0, 0)
	Torus   bool       // the lattice wraps round
	Rewire  float64    // smallworld:P; -1 when not small-world
	Degree  int        // random:K; 0 when not random
	All     bool       // all-to-all
	moore   bool       // Offsets are the 8 around
	reach   int        // the largest |dy| of Offsets
}

// Moore reports whether the neighbours are the 8 around on the lattice,
// on the torus or with free edges: the default engine's.
func (s Shape) Moore() bool {
	return s.moore && !s.Graph() && !s.All
}

// Graph reports whether the neighbours come from an adjacency list rather
// than the lattice's offsets.
func (s Shape) Graph() bool { return s.Rewire >= 0 || s.Degree > 0 }

// ParseShape reads the neighbourhood, edges and topology of m. Its errors
// name the setting at fault, in the words of the flag of the same name.
func ParseShape(m components.Model) (Shape, error) {
	s := Shape{Torus: m.Edges != "free", Rewire: -1}
	switch {
	case m.Edges != "" && m.Edges != "torus" && m.Edges != "free":
		return s, fmt.Errorf("edges: unknown %q", m.Edges)
	case m.Neighbours == "" || m.Neighbours == "moore":
		s.Offsets, s.moore = disc(1, true), true
	case m.Neighbours == "vonneumann":
		s.Offsets = disc(1, false)
	case strings.HasPrefix(m.Neighbours, "radius:"):
		r, err := strconv.Atoi(strings.TrimPrefix(m.Neighbours, "radius:"))
		if err != nil || r < 1 || r > MaxRadius {
			return s, fmt.Errorf("neighbours: radius %q out of range", m.Neighbours)
		}
		if 2*r+1 > min(m.Width, m.Height) {
			return s, fmt.Errorf("neighbours: radius %d needs a grid of at least %dx%d", r, 2*r+1, 2*r+1)
		}
		s.Offsets = disc(r, false)
	default:
		return s, fmt.Errorf("neighbours: unknown %q", m.Neighbours)
	}
	for _, o := range s.Offsets {
		s.reach = max(s.reach, int(o[1]), -int(o[1]))
	}
	lattice := (m.Neighbours == "" || m.Neighbours == "moore") && (m.Edges == "" || m.Edges == "torus")
	switch t := m.Topology; {
	case t == "" || t == "lattice":
	case t == "all":
		s.All = true
	case strings.HasPrefix(t, "smallworld:"):
		p, err := strconv.ParseFloat(strings.TrimPrefix(t, "smallworld:"), 64)
		if err != nil || !(p >= 0 && p <= 1) {
			return s, fmt.Errorf("topology: rewiring probability %q not in [0, 1]", t)
		}
		s.Rewire = p
	case strings.HasPrefix(t, "random:"):
		k, err := strconv.Atoi(strings.TrimPrefix(t, "random:"))
		n := m.Fireflies()
		switch {
		case err != nil || k < 1 || k > MaxDegree:
			return s, fmt.Errorf("topology: degree %q out of range", t)
		case k >= n:
			return s, fmt.Errorf("topology: degree %d needs more than %d fireflies", k, n)
		case 2*k > n:
			return s, fmt.Errorf("topology: degree %d needs at least %d fireflies", k, 2*k)
		case n*k%2 != 0:
			return s, fmt.Errorf("topology: %d fireflies × degree %d is odd, and a K-regular graph needs it even", n, k)
		}
		s.Degree = k
	default:
		return s, fmt.Errorf("topology: unknown %q", t)
	}
	if (s.All || s.Degree > 0) && !lattice {
		return s, fmt.Errorf("neighbours: only with -topology lattice or smallworld")
	}
	if s.Graph() {
		if d := max(s.Degree, len(s.Offsets)); m.Fireflies()*d > MaxGraphStubs {
			return s, fmt.Errorf("topology: %d fireflies × %d neighbours is more than %d; a graph this large takes too long to build", m.Fireflies(), d, MaxGraphStubs)
		}
	}
	return s, nil
}

// disc is the neighbourhood of radius r: every offset with
// dx²+dy² <= r² but (0, 0) (square: every offset with |dx|, |dy| <= r).
// Radius 1 round is von Neumann's 4; square, Moore's 8.
func disc(r int, square bool) [][2]int32 {
	var o [][2]int32
	for dy := -r; dy <= r; dy++ {
		for dx := -r; dx <= r; dx++ {
			if (dx != 0 || dy != 0) && (square || dx*dx+dy*dy <= r*r) {
				o = append(o, [2]int32{int32(dx), int32(dy)})
			}
		}
	}
	return o
}

// latticeNeighbour is the cell at offset o from (x, y), or -1 off a grid
// with free edges.
func latticeNeighbour(x, y int, o [2]int32, w, h int, torus bool) int32 {
	nx, ny := x+int(o[0]), y+int(o[1])
	if nx < 0 || nx >= w || ny < 0 || ny >= h {
		if !torus {
			return -1
		}
		nx, ny = (nx+w)%w, (ny+h)%h
	}
	return int32(ny*w + nx)
}

// csr is an undirected graph as compressed adjacency: the neighbours of i
// are adj[start[i]:start[i+1]], in increasing order.
type csr struct {
	start []int32
	adj   []int32
}

// Salts keep the generator's streams apart: the same counter gives
// unrelated numbers for each use.
const (
	saltPeriod  = 0x9e3779b97f4a7c15
	saltNoise   = 0xc2b2ae3d27d4eb4f
	saltRewire  = 0x165667b19e3779f9
	saltTarget  = 0xd6e8feb86659fd93
	saltShuffle = 0x27d4eb2f165667c5
	saltSwitch  = 0x85ebca77c2b2ae63
)

// draw is the generator's 64-bit output for a salt and a counter: random
// numbers that depend on nothing but the seed and what they are for.
func draw(seed, salt, counter uint64) uint64 { return mix64(mix64(seed^salt) + counter) }

func edgeKey(a, b int32) uint64 {
	if a > b {
		a, b = b, a
	}
	return uint64(uint32(a))<<32 | uint64(uint32(b))
}

// buildGraph builds the graph of a small-world or random topology from the
// seed. It runs once, on one goroutine, in a fixed order, so it is the same
// for any number of workers.
func buildGraph(m components.Model, s Shape, seed uint64) (*csr, error) {
	n := int32(m.Fireflies())
	var edges [][2]int32
	seen := map[uint64]bool{}
	if s.Degree > 0 {
		var err error
		if edges, err = regular(n, s.Degree, seed, seen); err != nil {
			return nil, err
		}
	} else {
		// The lattice's edges, each once, then Watts–Strogatz: each edge
		// (i, j) is, with probability P, moved to (i, t) for a random t
		// that is neither i nor a neighbour of i already (8 tries, else
		// it stays).
		w, h := m.Width, m.Height
		for i := range n {
			x, y := int(i)%w, int(i)/w
			for _, o := range s.Offsets {
				if j := latticeNeighbour(x, y, o, w, h, s.Torus); j > i && !seen[edgeKey(i, j)] {
					seen[edgeKey(i, j)] = true
					edges = append(edges, [2]int32{i, j})
				}
			}
		}
		for e := range edges {
			if float64(draw(seed, saltRewire, uint64(e))>>11)/(1<<53) >= s.Rewire {
				continue
			}
			i := edges[e][0]
			for try := range uint64(8) {
				t := int32(draw(seed, saltTarget, uint64(e)<<3|try) % uint64(n))
				if t != i && !seen[edgeKey(i, t)] {
					delete(seen, edgeKey(i, edges[e][1]))
					seen[edgeKey(i, t)] = true
					edges[e][1] = t
					break
				}
			}
		}
	}
	g := &csr{start: make([]int32, n+1), adj: make([]int32, 2*len(edges))}
	for _, e := range edges {
		g.start[e[0]+1]++
		g.start[e[1]+1]++
	}
	for i := range n {
		g.start[i+1] += g.start[i]
	}
	fill := slices.Clone(g.start[:n])
	for _, e := range edges {
		g.adj[fill[e[0]]] = e[1]
		fill[e[0]]++
		g.adj[fill[e[1]]] = e[0]
		fill[e[1]]++
	}
	for i := range n {
		slices.Sort(g.adj[g.start[i]:g.start[i+1]])
	}
	return g, nil
}

// regular is a random k-regular simple graph on n vertices: the pairing
// model (every vertex k stubs, shuffled, paired in order), whose self-loops
// and repeated edges are then repaired one by one by switching partners
// with a random other pair, a switch kept only if both new edges are new.
func regular(n int32, k int, seed uint64, seen map[uint64]bool) ([][2]int32, error) {
	stubs := make([]int32, int(n)*k)
	for i := range stubs {
		stubs[i] = int32(i / k)
	}
	for i := len(stubs) - 1; i > 0; i-- {
		j := draw(seed, saltShuffle, uint64(i)) % uint64(i+1)
		stubs[i], stubs[j] = stubs[j], stubs[i]
	}
	count := map[uint64]int{}
	pairs := make([][2]int32, len(stubs)/2)
	for p := range pairs {
		pairs[p] = [2]int32{stubs[2*p], stubs[2*p+1]}
		count[edgeKey(pairs[p][0], pairs[p][1])]++
	}
	bad := func(e [2]int32) bool { return e[0] == e[1] || count[edgeKey(e[0], e[1])] > 1 }
	try := uint64(0)
	for a := range pairs {
		for tries := 0; bad(pairs[a]); tries++ {
			if tries == 10000 {
				return nil, fmt.Errorf("topology: no simple random:%d graph found on %d fireflies", k, n)
			}
			b := int(draw(seed, saltSwitch, try) % uint64(len(pairs)))
			try++
			u, v, x, y := pairs[a][0], pairs[a][1], pairs[b][0], pairs[b][1]
			if b == a || u == x || v == y || edgeKey(u, x) == edgeKey(v, y) ||
				count[edgeKey(u, x)] > 0 || count[edgeKey(v, y)] > 0 {
				continue
			}
			count[edgeKey(u, v)]--
			count[edgeKey(x, y)]--
			pairs[a], pairs[b] = [2]int32{u, x}, [2]int32{v, y}
			count[edgeKey(u, x)]++
			count[edgeKey(v, y)]++
		}
	}
	for _, e := range pairs {
		seen[edgeKey(e[0], e[1])] = true
	}
	return pairs, nil
}
