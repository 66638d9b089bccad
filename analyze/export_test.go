package analyze

import "time"

// SetFIFOWait sets how long RunFile waits for a writer to open a named pipe
// and returns a func that restores the old wait, so that a test of the
// timeout need not take 5 s.
func SetFIFOWait(d time.Duration) (restore func()) {
	old := fifoWait
	fifoWait = d
	return func() { fifoWait = old }
}
