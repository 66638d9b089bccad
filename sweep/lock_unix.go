//go:build unix && !aix && !solaris

package sweep

import (
	"errors"
	"os"
	"syscall"
)

// flock takes an exclusive advisory lock on f, without waiting: a
// [errLocked] if another open file holds one. The kernel drops the lock
// when the process ends however it ends, kill -9 included.
func flock(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return errLocked
	}
	return err
}

// openForLock opens path for its lock, creating it if it is missing;
// O_NONBLOCK so that a named pipe put in its place since it was looked at
// cannot hold the open.
func openForLock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|os.O_CREATE|syscall.O_NONBLOCK, 0o666)
}
