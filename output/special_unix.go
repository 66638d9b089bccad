//go:build unix

package output

import (
	"errors"
	"os"
	"syscall"
)

// openSpecial opens a device or a named pipe for writing. O_NONBLOCK makes
// opening a pipe without a reader fail (ENXIO) instead of waiting for one;
// Go's poller then waits on a full pipe as usual.
func openSpecial(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0)
	if errors.Is(err, syscall.ENXIO) {
		return nil, errors.New(path + " is a named pipe with no reader")
	}
	return f, err
}
