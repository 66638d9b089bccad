// Package components holds the data of the firefly ECS: one component per
// file, plain data with units, no behaviour but how donburi is lent the
// columns that the firefly components live in (column.go).
package components

// PhaseData is where a firefly is in its cycle.
type PhaseData struct {
	Seconds float32 // seconds into the cycle, in [0, period)
}

// Phase is the component type of [PhaseData].
var Phase = newColumn[PhaseData]()
