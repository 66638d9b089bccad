package components

import "github.com/yohamta/donburi"

// PacemakerData marks a firefly painted as a pacemaker: it keeps its own
// period and never hears its neighbours. Painting adds the component to
// the firefly's entity, erasing removes it, and the systems find the
// pacemakers with a query each tick.
type PacemakerData struct {
	Cell int32 // grid index, y*Width+x
}

// Pacemaker is the component type of [PacemakerData].
var Pacemaker = donburi.NewComponentType[PacemakerData]()

// SilencedData marks a firefly painted silent: it neither flashes nor
// hears, a hole in the forest. Added and removed as [PacemakerData] is.
type SilencedData struct {
	Cell int32 // grid index, y*Width+x
}

// Silenced is the component type of [SilencedData].
var Silenced = donburi.NewComponentType[SilencedData]()
