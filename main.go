// Command fireflies is a firefly-synchronisation observatory: pulse-coupled
// oscillators on a toroidal grid, simulated as an ECS on a fixed 60 TPS loop
// and drawn in a window, run headless for throughput, or in the browser.
package main

import (
	"errors"
	"os"
)

func main() {
	args := commandLine()
	if len(args) > 0 && args[0] == "analyze" {
		exit(runAnalyze(args[1:]))
		return
	}
	cfg, err := parseConfig(args, os.Stdout)
	if err != nil {
		fail(err, 2)
		return
	}
	if cfg.help {
		return
	}
	exit(run(cfg))
}

// exit reports err, if any, with status 2 for bad input and 1 otherwise.
func exit(err error) {
	switch {
	case err == nil:
	case errors.As(err, new(usageError)):
		fail(err, 2)
	default:
		fail(err, 1)
	}
}
