// Command fireflies is a firefly-synchronisation observatory: pulse-coupled
// oscillators on a toroidal grid, simulated as an ECS on a fixed 60 TPS loop
// and drawn in a window, run headless for throughput, or in the browser.
package main

import (
	"errors"
	"fmt"
	"os"
)

func main() {
	cfg, err := parseConfig(commandLine(), os.Stdout)
	if err != nil {
		exitUsage(err)
	}
	if cfg.help {
		return
	}
	if err := run(cfg); err != nil {
		if errors.As(err, new(usageError)) {
			exitUsage(err)
		}
		fmt.Fprintln(os.Stderr, "fireflies:", err)
		os.Exit(1)
	}
}

// exitUsage reports bad input in one line and exits with status 2.
func exitUsage(err error) {
	fmt.Fprintln(os.Stderr, "fireflies:", err)
	os.Exit(2)
}
