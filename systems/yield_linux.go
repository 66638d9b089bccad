package systems

import "syscall"

// niceThread lowers the calling thread's scheduling priority to nice 19.
func niceThread() bool {
	return syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), 19) == nil
}
