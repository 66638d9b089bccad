// Command fireflies is a firefly-synchronisation observatory: pulse-coupled
// oscillators on a toroidal grid, simulated as an ECS on a fixed 60 TPS loop
// and drawn in a window, run headless for throughput, or in the browser.
package main

import (
	"errors"
	"os"
)

func main() {
	cfg, err := parseConfig(commandLine(), os.Stdout)
	if err != nil {
		fail(err, 2)
		return
	}
	if cfg.help {
		return
	}
	if err := run(cfg); err != nil {
		if errors.As(err, new(usageError)) {
			fail(err, 2)
			return
		}
		fail(err, 1)
	}
}
