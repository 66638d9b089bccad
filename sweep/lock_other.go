//go:build !unix || aix || solaris

package sweep

import "os"

// flock is not there: js/wasm has no flock (and runs no sweep), nor have
// AIX and Solaris in package syscall. A sweep there takes no lock.
func flock(*os.File) error { return errNoLocks }

func openForLock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o666)
}
