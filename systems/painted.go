package systems

// painted is each firefly's [Kind] in grid order, kept by [Sim.Paint] for
// the pictures, which cannot afford a donburi look-up a cell a frame. The
// column is made at the first paint, so a world nobody paints spends no
// memory on it; the ticks never read it.
type painted struct {
	kinds   []Kind
	version uint32 // changes whenever a cell's kind does
}

// set records that cell i of a world of n cells is now kind k.
func (p *painted) set(i int32, k Kind, n int) {
	if p.kinds == nil {
		if k == Normal {
			return
		}
		p.kinds = make([]Kind, n)
	}
	if p.kinds[i] != k {
		p.kinds[i] = k
		p.version++
	}
}

// Painted is each firefly's painted [Kind], in grid order (y*Width+x), as
// [Sim.Kind] answers it but without a look-up: nil while nothing has been
// painted in this world, and in render mode. It is the world's own column,
// which [Sim.Paint] keeps: read it, never write it.
func (s *Sim) Painted() []Kind {
	if s.brushes == nil {
		return nil
	}
	return s.brushes.painted.kinds
}

// PaintedVersion changes whenever [Sim.Paint] changes a cell's kind, so a
// picture made from [Sim.Painted] knows when to make it again while the
// run is paused.
func (s *Sim) PaintedVersion() uint32 {
	if s.brushes == nil {
		return 0
	}
	return s.brushes.painted.version
}
