package systems

// SplitMin lets the external tests split every sparse wave across the
// bands, however small.
var SplitMin = &splitMin

// WaitGarbage waits, after WaitEntities, for the collection that follows
// the entities' build, if one was started.
func (s *Sim) WaitGarbage() {
	if s.garbageGone != nil {
		<-s.garbageGone
	}
}
