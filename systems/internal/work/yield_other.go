//go:build !linux

package work

import "runtime"

// niceThread lowers the calling thread's priority where the system lets
// a thread have its own; here it does not.
func niceThread() bool { return false }

// yieldThread offers the processor to other goroutines.
func yieldThread() { runtime.Gosched() }
