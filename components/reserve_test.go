package components_test

import (
	"testing"

	"github.com/yohamta/donburi"

	"github.com/firefly-observatory/fireflies/components"
)

// TestReserveFindsDonburisTables: Reserve finds the tables it grows in the
// donburi this module builds with. A donburi that renamed or retyped one
// gets no reservation, and builds the entities as slowly as before: this
// test is where that shows.
func TestReserveFindsDonburisTables(t *testing.T) {
	w := donburi.NewWorld()
	c := newColumns(1)
	made := components.CreateFireflies(w, 1, c.phase, c.refractory, c.glow)
	if components.Reserve(w, made[0], 10) == nil {
		t.Fatal("Reserve did not find donburi's tables")
	}
	if components.Reserve(w, donburi.Null, 10) != nil {
		t.Error("Reserve reserved for the null entity")
	}
}

// TestReserveLeavesNothingToAllocate: with the room reserved, making the
// entities allocates nothing per entity (without, each allocates its
// record and its location, and the tables grow).
func TestReserveLeavesNothingToAllocate(t *testing.T) {
	const n = 4096
	for _, reserve := range []bool{false, true} {
		w := donburi.NewWorld()
		c := newColumns(2*n + 1)
		made := components.CreateFireflies(w, 1, c.phase[:1], c.refractory[:1], c.glow[:1])
		var room *components.Reservation
		if reserve {
			if room = components.Reserve(w, made[0], 2*n); room == nil {
				t.Fatal("Reserve did not find donburi's tables")
			}
		}
		k := 1
		allocs := testing.AllocsPerRun(1, func() { // runs twice
			room.Prepare(n)
			components.CreateFireflies(w, n, c.phase[k:k+n], c.refractory[k:k+n], c.glow[k:k+n])
			k += n
		})
		if reserve && allocs > 8 {
			t.Errorf("making %d reserved entities allocated %v times, want at most 8", n, allocs)
		}
		if !reserve && allocs < 2*n {
			t.Errorf("making %d entities without a reservation allocated %v times, want at least %d: this test cannot tell", n, allocs, 2*n)
		}
	}
}

// TestReservedWorldIsDonburisOwn: a world whose tables were reserved
// behaves as one whose were not, through the same steps: entities made
// with fewer ids prepared than they need, another kind of entity made
// with ids prepared, more entities than were reserved, removals (through
// the entry, which uses its World) and ids reused after them.
func TestReservedWorldIsDonburisOwn(t *testing.T) {
	type built struct {
		w          donburi.World
		c          columns
		made       []donburi.Entity
		silenced   donburi.Entity
		len, count int // before the last entities were made
	}
	count := func(w donburi.World) (n int) {
		components.Phase.Each(w, func(*donburi.Entry) { n++ })
		return n
	}
	build := func(reserve bool) built {
		b := built{w: donburi.NewWorld(), c: newColumns(160)}
		w, c := b.w, b.c
		create := func(from, to int) {
			b.made = append(b.made, components.CreateFireflies(w, to-from, c.phase[from:to], c.refractory[from:to], c.glow[from:to])...)
		}
		create(0, 1)
		var room *components.Reservation
		if reserve {
			if room = components.Reserve(w, b.made[0], 100); room == nil {
				t.Fatal("Reserve did not find donburi's tables")
			}
		}
		room.Prepare(30)
		create(1, 61)
		room.Prepare(60)
		b.silenced = w.Create(components.Silenced)
		create(61, 121)
		for _, i := range []int{5, 70, 120} {
			w.Entry(b.made[i]).Remove()
		}
		room.Prepare(39)
		b.len, b.count = w.Len(), count(w) // ids prepared, no entity made on them yet
		create(121, 160)
		return b
	}
	plain, reserved := build(false), build(true)
	if got, want := reserved.w.Len(), plain.w.Len(); got != want {
		t.Errorf("Len: got %d, want %d", got, want)
	}
	for i, e := range reserved.made {
		if e != plain.made[i] {
			t.Fatalf("entity %d: got %v, want %v", i, e, plain.made[i])
		}
		if got, want := reserved.w.Valid(e), plain.w.Valid(e); got != want {
			t.Errorf("entity %d: Valid %v, want %v", i, got, want)
		}
		if !plain.w.Valid(e) {
			continue
		}
		entry := reserved.w.Entry(e)
		if entry.Id() != e.Id() || entry.Entity() != e || !entry.Valid() || len(entry.Archetype().ComponentTypes()) != 3 {
			t.Errorf("entity %d: entry %v, not its own", i, entry)
		}
		if components.Glow.Get(entry) != &reserved.c.glow[i] {
			t.Errorf("entity %d does not point at element %d", i, i)
		}
	}
	if got, want := count(reserved.w), count(plain.w); got != want {
		t.Errorf("Each found %d fireflies, want %d", got, want)
	}
	if reserved.len != plain.len || reserved.count != plain.count {
		t.Errorf("with ids prepared and nothing made on them: Len %d and %d fireflies, want %d and %d", reserved.len, reserved.count, plain.len, plain.count)
	}
	if e := reserved.silenced; e != plain.silenced || !reserved.w.Valid(e) || !reserved.w.Entry(e).HasComponent(components.Silenced) || reserved.w.Entry(e).Entity() != e {
		t.Errorf("the other kind of entity, made on a prepared id, is %v, want %v", reserved.w.Entry(e), plain.w.Entry(plain.silenced))
	}
}

// TestReserveNothing: a reservation of no entities makes nothing, and
// the world makes its entities as before.
func TestReserveNothing(t *testing.T) {
	w := donburi.NewWorld()
	c := newColumns(3)
	made := components.CreateFireflies(w, 1, c.phase[:1], c.refractory[:1], c.glow[:1])
	room := components.Reserve(w, made[0], 0)
	if room == nil {
		t.Fatal("Reserve did not find donburi's tables")
	}
	room.Prepare(2)
	made = append(made, components.CreateFireflies(w, 2, c.phase[1:], c.refractory[1:], c.glow[1:])...)
	c.pointAt(t, w, made)
	if w.Len() != 3 {
		t.Errorf("Len %d, want 3", w.Len())
	}
}
