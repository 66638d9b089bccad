package components_test

import (
	"sync"
	"testing"

	"github.com/yohamta/donburi"

	"github.com/firefly-observatory/fireflies/components"
)

type columns struct {
	phase      []components.PhaseData
	refractory []components.RefractoryData
	glow       []components.GlowData
}

func newColumns(n int) columns {
	return columns{make([]components.PhaseData, n), make([]components.RefractoryData, n), make([]components.GlowData, n)}
}

// pointAt fails unless entity i of made has its Column components at
// element i of c (with Errorf: it runs on goroutines of the test's own).
func (c columns) pointAt(t *testing.T, w donburi.World, made []donburi.Entity) {
	t.Helper()
	if len(made) != len(c.phase) {
		t.Errorf("made %d entities, want %d", len(made), len(c.phase))
		return
	}
	for i, e := range made {
		entry := w.Entry(e)
		if components.Phase.Get(entry) != &c.phase[i] || components.Refractory.Get(entry) != &c.refractory[i] || components.Glow.Get(entry) != &c.glow[i] {
			t.Errorf("entity %d does not point at element %d", i, i)
			return
		}
	}
}

// TestCreateFirefliesLendsTheColumns: the entities' components are the
// columns' elements, in order, over several calls on one world, and an
// extra component is an entity's own.
func TestCreateFirefliesLendsTheColumns(t *testing.T) {
	w := donburi.NewWorld()
	extra := donburi.NewComponentType[int]()
	a, b := newColumns(5), newColumns(300)
	a.pointAt(t, w, components.CreateFireflies(w, 5, a.phase, a.refractory, a.glow, extra))
	made := components.CreateFireflies(w, 300, b.phase, b.refractory, b.glow, extra)
	b.pointAt(t, w, made)
	if extra.Get(w.Entry(made[0])) == extra.Get(w.Entry(made[1])) {
		t.Error("two entities share their extra component")
	}
}

// TestColumnQueries: a Column's own queries find the entities that have
// it (those of the donburi type inside would find none), and only them.
func TestColumnQueries(t *testing.T) {
	w := donburi.NewWorld()
	c := newColumns(7)
	components.CreateFireflies(w, 7, c.phase, c.refractory, c.glow)
	w.Create(components.Silenced)
	n := 0
	components.Glow.Each(w, func(*donburi.Entry) { n++ })
	for range components.Refractory.Iter(w) {
		n++
	}
	if n != 14 {
		t.Errorf("Each and Iter found %d entities in all, want 7 each", n)
	}
	if e, ok := components.Phase.First(w); !ok || components.Phase.Get(e) != &c.phase[0] {
		t.Error("First did not find the first firefly")
	}
}

// TestCreateFirefliesWithNothingLent: with nil columns, each entity's
// components are its own.
func TestCreateFirefliesWithNothingLent(t *testing.T) {
	w := donburi.NewWorld()
	made := components.CreateFireflies(w, 3, nil, nil, nil)
	seen := map[*components.GlowData]bool{}
	for _, e := range made {
		g := components.Glow.Get(w.Entry(e))
		if g == nil || seen[g] {
			t.Fatalf("entity %v's glow is %p, not a component of its own", e, g)
		}
		seen[g] = true
	}
}

// TestCreateFirefliesInManyWorldsAtOnce: worlds built on several
// goroutines at once each get their own columns (run under -race by make
// test-race).
func TestCreateFirefliesInManyWorldsAtOnce(t *testing.T) {
	var wg sync.WaitGroup
	for range 4 {
		w := donburi.NewWorld() // not on the goroutines: its world counter is not guarded
		wg.Go(func() {
			c := newColumns(2000)
			var made []donburi.Entity
			for k := 0; k < len(c.phase); k += 100 {
				made = append(made, components.CreateFireflies(w, 100, c.phase[k:k+100], c.refractory[k:k+100], c.glow[k:k+100])...)
			}
			c.pointAt(t, w, made)
		})
	}
	wg.Wait()
}

func TestCreateFirefliesRefusesUnevenColumns(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("columns of different lengths did not panic")
		}
	}()
	c := newColumns(3)
	components.CreateFireflies(donburi.NewWorld(), 3, c.phase, c.refractory[:2], c.glow)
}
