package runner

import (
	"os"
	"os/signal"

	"github.com/firefly-observatory/fireflies/output"
)

// Endings returns a channel closed when the run is asked to end from
// outside — Ctrl+C, and natively SIGTERM, SIGHUP (its terminal closed)
// and SIGQUIT (Ctrl+\) — and a function that stops listening. Every one
// of them ends the run the same way: its outputs finished, its summary
// printed. From then on a pipe's reader that takes nothing holds the
// program for [output.Grace] at most ([output.Hurry]).
func Endings() (<-chan struct{}, func()) {
	ended, _, stop := listen()
	return ended, stop
}

// listen is [Endings] with a channel that receives a value for each
// SIGUSR1, natively: a request for a line on the run's progress.
func listen() (ended <-chan struct{}, status <-chan struct{}, stop func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, endSignals()...)
	catchPipe()
	asked := make(chan os.Signal, 1)
	notifyStatus(asked)
	end := make(chan struct{})
	st := make(chan struct{}, 1)
	quit := make(chan struct{})
	go func() {
		for {
			select {
			case <-sigs:
				close(end)
				output.Hurry()
				return // a SIGUSR1 from now on is caught and goes unanswered
			case <-asked:
				select {
				case st <- struct{}{}:
				default: // one is waiting already
				}
			case <-quit:
				return
			}
		}
	}()
	return end, st, func() {
		signal.Stop(sigs)
		signal.Stop(asked)
		close(quit)
	}
}
