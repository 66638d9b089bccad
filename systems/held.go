package systems

import "sync"

// heldSetting is a process-wide setting that the entity builds change
// while they run, any number at once: the first to hold it sets it, the
// last to let go puts back what it was.
type heldSetting struct {
	sync.Mutex
	n, old int
	set    func() (old int) // changes the setting, returning the old value
	reset  func(old int)
}

// hold changes the setting unless a build holds it already; release lets
// go of it.
func (h *heldSetting) hold() (release func()) {
	h.Lock()
	if h.n++; h.n == 1 {
		h.old = h.set()
	}
	h.Unlock()
	return func() {
		h.Lock()
		if h.n--; h.n == 0 {
			h.reset(h.old)
		}
		h.Unlock()
	}
}
