package work

import "sync"

// Held is a process-wide setting that goroutines change while they run,
// any number at once (the entity builds of several worlds): the first to
// hold it sets it, the last to let go puts back what it was.
type Held struct {
	mu     sync.Mutex
	n, old int
	set    func() (old int) // changes the setting, returning the old value
	reset  func(old int)
}

// NewHeld is the setting that set changes, returning the value it had,
// and reset puts back.
func NewHeld(set func() (old int), reset func(old int)) *Held {
	return &Held{set: set, reset: reset}
}

// Hold changes the setting unless someone holds it already; release lets
// go of it.
func (h *Held) Hold() (release func()) {
	h.mu.Lock()
	if h.n++; h.n == 1 {
		h.old = h.set()
	}
	h.mu.Unlock()
	return func() {
		h.mu.Lock()
		if h.n--; h.n == 0 {
			h.reset(h.old)
		}
		h.mu.Unlock()
	}
}
