//go:build unix

package analyze

import (
	"os"
	"syscall"
)

// releaseFIFO opens the named pipe at path for writing and closes it at
// once, which lets a reader blocked opening it through to EOF. O_NONBLOCK
// so that this open cannot block in turn: it fails instead when there is no
// reader.
func releaseFIFO(path string) {
	if f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		f.Close()
	}
}
