package components

import (
	"reflect"
	"slices"
	"unsafe"

	"github.com/yohamta/donburi"
)

// Reservation is room made in a world for more entities of one archetype
// (see [Reserve]), handed out a chunk at a time by Prepare.
type Reservation struct {
	ids       *[]*donburi.Entry // donburi's records by id
	idLocs    *[]unsafe.Pointer // and locations by id
	entryID   uintptr           // the offset of Entry.id
	entry     donburi.Entry     // a record of the world: its World set
	entries   []donburi.Entry   // the records not yet handed out
	locations []byte            // and the locations, size bytes each
	size      uintptr
}

// Reserve makes room in w for n more entities of like's archetype, so
// that making them copies no table and allocates nothing. It returns nil,
// leaving w as it was, where it cannot.
//
// donburi grows its tables (each entity's record and location by id, the
// archetype's entities and each component's pointers) by appending, and
// allocates every entity's record and location on its own: at 2048² that
// was most of the entities' build, in copies and collections. It offers
// no way to size them first, but where a table already holds an entity's
// id, it reuses what is there, as it does for a removed entity's. Reserve
// allocates the records and the locations in one block each and gives the
// tables the capacity; [Reservation.Prepare] appends the ids. It reaches
// into donburi's unexported fields (v1.15.7, as go.mod requires it)
// through reflect, checking each field's name and type first: a donburi
// that changed them gets no reservation, and
// TestReserveFindsDonburisTables fails. One that changed what it does with
// them (no longer reusing an id's record, say) would fail
// TestReservedWorldIsDonburisOwn.
func Reserve(w donburi.World, like donburi.Entity, n int) *Reservation {
	t, ok := findTables(w, like)
	if !ok {
		return nil
	}
	n = max(n, 0)
	r := &Reservation{ids: t.entries, idLocs: t.locations, entryID: t.entryID,
		entries: make([]donburi.Entry, n), size: t.location.Size()}
	r.locations = unsafe.Slice((*byte)(reflect.MakeSlice(reflect.SliceOf(t.location), n, n).UnsafePointer()), uintptr(n)*r.size)
	reflect.ValueOf(&r.entry).Elem().FieldByName("World").Set(reflect.ValueOf(w))
	*t.entries = slices.Grow(*t.entries, n)
	*t.locations = slices.Grow(*t.locations, n)
	*t.archetype = slices.Grow(*t.archetype, n)
	for _, s := range t.storages {
		*s = slices.Grow(*s, n)
	}
	return r
}

// Prepare readies the next k reserved entities, or as many as are left:
// it appends their ids to donburi's tables, with their records and
// locations. Call it before making them; on a nil Reservation it does
// nothing.
//
// The ids are the next ones from the tables' length on, the ids donburi
// gives new entities; an entity made in between (it makes them one at a
// time) takes one of them or grows the tables past them, and either way
// each id in the tables has its own record.
func (r *Reservation) Prepare(k int) {
	if r == nil {
		return
	}
	k = min(k, len(r.entries))
	next := len(*r.ids)
	for i := range k {
		e := &r.entries[i]
		*e = r.entry
		*(*uint32)(unsafe.Add(unsafe.Pointer(e), r.entryID)) = uint32(next + i)
		*r.ids = append(*r.ids, e)
		*r.idLocs = append(*r.idLocs, unsafe.Pointer(&r.locations[uintptr(i)*r.size]))
	}
	r.entries = r.entries[k:]
	r.locations = r.locations[uintptr(k)*r.size:]
}

// tables are donburi's tables Reserve grows, found in a world. The
// archetype's point into arrays donburi may replace later: Reserve uses
// them at once, and only the world's own tables (by id) are kept.
type tables struct {
	entries   *[]*donburi.Entry   // world.entries, by entity id
	entryID   uintptr             // the offset of Entry.id
	locations *[]unsafe.Pointer   // world.entities.LocationMap, by entity id
	location  reflect.Type        // storage.Location
	archetype *[]donburi.Entity   // the archetype's entities
	storages  []*[]unsafe.Pointer // each component's pointers in the archetype
}

func findTables(w donburi.World, like donburi.Entity) (t tables, ok bool) {
	if !w.Valid(like) {
		return t, false
	}
	wv := reflect.ValueOf(w)
	if wv.Kind() != reflect.Pointer || wv.Elem().Kind() != reflect.Struct {
		return t, false
	}
	world := wv.Elem()
	entries, ok := fieldAddr(world, "entries", reflect.TypeFor[[]*donburi.Entry]())
	if !ok {
		return t, false
	}
	t.entries = (*[]*donburi.Entry)(entries)
	id, ok := reflect.TypeFor[donburi.Entry]().FieldByName("id")
	if !ok || id.Type.Kind() != reflect.Uint32 {
		return t, false
	}
	t.entryID = id.Offset
	if f, ok := reflect.TypeFor[donburi.Entry]().FieldByName("World"); !ok || f.Type != wv.Type() {
		return t, false
	}
	lm := world.FieldByName("entities")
	if lm.Kind() != reflect.Pointer || lm.IsNil() || lm.Elem().Kind() != reflect.Struct {
		return t, false
	}
	locs := lm.Elem().FieldByName("LocationMap")
	if locs.Kind() != reflect.Slice || locs.Type().Elem().Kind() != reflect.Pointer || len(*t.entries) != locs.Len() {
		return t, false
	}
	t.locations = (*[]unsafe.Pointer)(unsafe.Pointer(locs.UnsafeAddr()))
	t.location = locs.Type().Elem().Elem()
	if valid, ok := t.location.FieldByName("Valid"); !ok || valid.Type.Kind() != reflect.Bool {
		return t, false
	}

	a := w.Entry(like).Archetype()
	av := reflect.ValueOf(a).Elem()
	ents, ok := fieldAddr(av, "entities", reflect.TypeFor[[]donburi.Entity]())
	if !ok {
		return t, false
	}
	t.archetype = (*[]donburi.Entity)(ents)
	index := -1
	for i, b := range w.StorageAccessor().Archetypes {
		if b == a {
			index = i
			break
		}
	}
	for _, c := range a.ComponentTypes() {
		s := reflect.ValueOf(w.StorageAccessor().Components.Storage(c))
		if s.Kind() != reflect.Pointer || s.IsNil() {
			return t, false
		}
		p, ok := fieldAddr(s.Elem(), "storages", reflect.TypeFor[[][]unsafe.Pointer]())
		if !ok {
			return t, false
		}
		all := *(*[][]unsafe.Pointer)(p)
		if index < 0 || index >= len(all) {
			return t, false
		}
		t.storages = append(t.storages, &all[index])
	}
	return t, true
}

// fieldAddr is the address of v's field called name, if it has type want.
func fieldAddr(v reflect.Value, name string, want reflect.Type) (unsafe.Pointer, bool) {
	f := v.FieldByName(name)
	if !f.IsValid() || f.Type() != want || !f.CanAddr() {
		return nil, false
	}
	return unsafe.Pointer(f.UnsafeAddr()), true
}
