package sweep

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/firefly-observatory/fireflies/config"
)

var (
	errLocked  = errors.New("locked")
	errNoLocks = errors.New("no file locks on this system")
)

// lockOut takes the lock that makes a sweep the only writer of its rows'
// file, before it reads the rows there: a second sweep given the same
// file (the same command started twice, or two shards told one file) is
// refused with one line, exit 2, rather than writing rows between the
// first's. The lock is an advisory one, flock(2), on the file itself, and
// not a sidecar file made with O_EXCL: the kernel lets go of it when the
// sweep ends, however it ends, so a sweep killed with kill -9 leaves
// nothing behind that would refuse the same command started again to
// carry on; and it follows the file, not its name, so a link to the file
// is the file. On Linux it holds over NFS too (as a lock of the whole
// file). Only a regular file (or a new one) is locked: a device or a pipe
// (/dev/null, a FIFO) has no rows to lose, and any number of sweeps may
// write to it. release lets go of the lock; lockOut warns on w, and
// carries on, where the file system takes no locks.
func lockOut(path, id string, w io.Writer) (release func(), err error) {
	release = func() {}
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return release, nil
	}
	f, err := openForLock(path)
	if err != nil {
		return release, config.Errorf("-out: cannot write the file: %v", unwrapPath(err))
	}
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		return release, nil
	}
	switch err := flock(f); {
	case errors.Is(err, errLocked):
		f.Close()
		return release, config.Errorf("-out: %s is being written by another sweep; wait for it to end, or give each sweep, and each shard, a file of its own", path)
	case err != nil:
		fmt.Fprintf(w, "sweep %s: cannot lock %s (%v): make sure no other sweep writes to it\n", id, path, unwrapPath(err))
	}
	return func() { f.Close() }, nil
}
