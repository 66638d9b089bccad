package work

import "syscall"

// niceThread lowers the calling thread's scheduling priority to nice 19.
func niceThread() bool {
	return syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), 19) == nil
}

// yieldThread offers the calling thread's processor to any other thread
// that waits for one (sched_yield).
func yieldThread() { syscall.Syscall(syscall.SYS_SCHED_YIELD, 0, 0, 0) }
