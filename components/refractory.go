package components

// RefractoryData is how long a firefly stays deaf to its neighbours' flashes.
type RefractoryData struct {
	// Until is the first tick on which it hears again: it is deaf while
	// the tick is below it. The model counts deafness down in seconds
	// every tick; the tick the count ends gives the same deafness without
	// a write to every firefly every tick (systems.deafTicks finds it).
	Until int32
}

// Refractory is the component type of [RefractoryData].
var Refractory = newColumn[RefractoryData]()
