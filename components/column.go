package components

import (
	"iter"
	"reflect"
	"sync"
	"unsafe"

	"github.com/yohamta/donburi"
	"github.com/yohamta/donburi/component"
	"github.com/yohamta/donburi/filter"
)

// Column is the component type of firefly data that lives in the Swarm's
// dense columns ([Phase], [Refractory], [Glow]): each firefly entity's
// component points at its cell's element.
//
// donburi makes a new entity's components with New, one allocation each
// (through reflect), and the entity's storage keeps that pointer. A
// world's build then pointed each entity's three components at the
// columns with Set: three allocations of garbage and three Sets an
// entity. While [CreateFireflies] lends it the columns, New hands out
// their elements in turn instead; with nothing lent, it allocates as
// donburi's own types do.
//
// donburi finds a component type in an entity's layout by identity, not
// by id, so a Column answers its queries itself (Each, Iter, First): the
// query of the donburi type inside would match no entity.
type Column[T any] struct {
	base    *donburi.ComponentType[T]
	query   *donburi.Query
	lending bool // guarded by lending, as is lent
	lent    []T
}

func newColumn[T any]() *Column[T] {
	c := &Column[T]{base: donburi.NewComponentType[T]()}
	c.query = donburi.NewQuery(filter.Contains(c))
	return c
}

// Id, Typ and Name are the donburi type's: Column is an IComponentType.
func (c *Column[T]) Id() component.ComponentTypeId { return c.base.Id() }
func (c *Column[T]) Typ() reflect.Type             { return c.base.Typ() }
func (c *Column[T]) Name() string                  { return c.base.Name() }
func (c *Column[T]) String() string                { return c.base.String() }

// New is called by donburi once for each entity it makes with c: the next
// lent element, or a new one when nothing is lent.
func (c *Column[T]) New() unsafe.Pointer {
	if !c.lending {
		return c.base.New()
	}
	if len(c.lent) == 0 {
		panic("components: more " + c.Name() + " components made than lent")
	}
	p := &c.lent[0]
	c.lent = c.lent[1:]
	return unsafe.Pointer(p)
}

// Get returns the entry's component.
func (c *Column[T]) Get(e *donburi.Entry) *T { return (*T)(e.Component(c)) }

// Each calls f with every entity of w that has the component.
func (c *Column[T]) Each(w donburi.World, f func(*donburi.Entry)) { c.query.Each(w, f) }

// Iter yields every entity of w that has the component.
func (c *Column[T]) Iter(w donburi.World) iter.Seq[*donburi.Entry] { return c.query.Iter(w) }

// First returns an entity of w that has the component, if any.
func (c *Column[T]) First(w donburi.World) (*donburi.Entry, bool) { return c.query.First(w) }

// lending is held while the columns are lent: New cannot tell whose
// entities it makes, so builds of several worlds at once (a sweep's, a
// live run's new world while the old one's stops) take turns, a chunk
// each.
var lending sync.Mutex

// CreateFireflies makes n entities, in order, whose Phase, Refractory and
// Glow point at the element of the same index of the given columns (n
// long each), with any extra component types allocated. With nil columns
// each entity's are allocated on their own, as donburi's own types do.
// Every entity with a Column component is made here: New reads what is
// lent under the lock.
func CreateFireflies(w donburi.World, n int, phase []PhaseData, refractory []RefractoryData, glow []GlowData, extra ...donburi.IComponentType) []donburi.Entity {
	if !(phase == nil && refractory == nil && glow == nil) && (len(phase) != n || len(refractory) != n || len(glow) != n) {
		panic("components: CreateFireflies's columns are not all nil or all n long")
	}
	lending.Lock()
	defer lending.Unlock()
	lend(Phase, phase)
	lend(Refractory, refractory)
	lend(Glow, glow)
	defer func() { lend(Phase, nil); lend(Refractory, nil); lend(Glow, nil) }()
	made := w.CreateMany(n, append([]donburi.IComponentType{Phase, Refractory, Glow}, extra...)...)
	if len(Phase.lent)+len(Refractory.lent)+len(Glow.lent) != 0 {
		panic("components: fewer components made than lent")
	}
	return made
}

// lend has c's New hand out the elements of column, or allocate when it
// is nil. Under the lending lock.
func lend[T any](c *Column[T], column []T) {
	c.lending, c.lent = column != nil, column
}
