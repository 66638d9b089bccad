//go:build !js

package runner

import (
	"os"
	"os/signal"
	"syscall"
)

// endSignals are the signals that end a run. SIGQUIT is one unless the
// user set GOTRACEBACK, asking for the runtime's goroutine dump (and its
// exit status 2) that SIGQUIT gives a Go program.
func endSignals() []os.Signal {
	sigs := []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}
	if _, dump := os.LookupEnv("GOTRACEBACK"); !dump {
		sigs = append(sigs, syscall.SIGQUIT)
	}
	return sigs
}

// catchPipe asks for SIGPIPE, so that printing to a closed stdout (| head)
// fails with EPIPE, which the runner takes as an ending, instead of the
// runtime killing the program before it has finished its files; an
// output whose reader went away fails the same way, and the run goes on
// without it. A SIGPIPE sent with kill is then caught too, and changes
// nothing: it cannot be told from one a write raised.
func catchPipe() {
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
}

// notifyStatus sends SIGUSR1 to c: a line on the run's progress, asked
// for (kill -USR1).
func notifyStatus(c chan<- os.Signal) { signal.Notify(c, syscall.SIGUSR1) }
