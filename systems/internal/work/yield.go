package work

import "runtime"

// procs is GOMAXPROCS, one more while any goroutine yields the cores (see
// YieldCores).
var procs = NewHeld(
	func() int {
		old := runtime.GOMAXPROCS(0)
		runtime.GOMAXPROCS(old + 1)
		return old
	},
	func(old int) { runtime.GOMAXPROCS(old) },
)

// YieldCores makes the calling goroutine, which makes a world's entities
// while its run ticks, give the cores to the ticks: it gets a thread of
// its own at the lowest priority (nice 19), and GOMAXPROCS one more, so
// that the workers keep all the processors Go had and the kernel, not
// Go's scheduler, shares the cores between them and this thread — in
// favour of the ticks. done ends it; the goroutine must then exit, which
// ends the thread. Where a thread cannot have its own priority, nothing
// changes. (A GOMAXPROCS set by someone else meanwhile is undone.)
func YieldCores() (done func()) {
	runtime.LockOSThread()
	if !niceThread() {
		runtime.UnlockOSThread()
		return func() {}
	}
	return procs.Hold()
}
