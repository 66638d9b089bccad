package runner

import (
	"os"
	"os/signal"
)

// Endings returns a channel closed when the run is asked to end from
// outside — Ctrl+C, and natively SIGTERM and SIGHUP (its terminal closed)
// — and a function that stops listening. Every one of them ends the run
// the same way: its outputs finished, its summary printed.
func Endings() (<-chan struct{}, func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, endSignals...)
	catchPipe()
	ended := make(chan struct{})
	quit := make(chan struct{})
	go func() {
		select {
		case <-sigs:
			close(ended)
		case <-quit:
		}
	}()
	return ended, func() {
		signal.Stop(sigs)
		close(quit)
	}
}
