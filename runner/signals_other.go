//go:build !js

package runner

import (
	"os"
	"os/signal"
	"syscall"
)

var endSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

// catchPipe asks for SIGPIPE, so that printing to a closed stdout (| head)
// fails with EPIPE, which the runner takes as an ending, instead of the
// runtime killing the program before it has finished its files.
func catchPipe() {
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
}
