package components

// RefractoryData is how long a firefly stays deaf to its neighbours' flashes.
type RefractoryData struct {
	Left float32 // seconds of deafness left; 0 means it listens
}

// Refractory is the component type of [RefractoryData].
var Refractory = newColumn[RefractoryData]()
