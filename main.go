// Command fireflies is a firefly-synchronisation observatory: pulse-coupled
// oscillators on a toroidal grid, simulated as an ECS on a fixed 60 TPS loop
// and drawn in a window, run headless for throughput, or in the browser.
package main

import (
	"errors"
	"os"

	"github.com/firefly-observatory/fireflies/analyze"
	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/report"
)

func main() {
	args := commandLine()
	if len(args) > 0 && args[0] == "analyze" {
		exit(analyze.RunFile(args[1:], os.Stdout))
		return
	}
	cfg, err := config.Parse(args, build, os.Stdout)
	if err != nil {
		fail(err, 2)
		return
	}
	if cfg.Help {
		return
	}
	exit(run(cfg))
}

// exit reports err, if any, with status 2 for bad input and 1 otherwise.
func exit(err error) {
	switch {
	case err == nil:
	case badInput(err):
		fail(err, 2)
	default:
		fail(err, 1)
	}
}

// outputs are the instruments' files for cfg; countTPS makes the metrics'
// tps the ticks counted over each interval (the window observes ebiten's).
func outputs(cfg config.Config, countTPS bool) report.Outputs {
	return report.Outputs{
		Metrics: cfg.Metrics, MetricsInterval: cfg.MetricsInterval,
		CPUProfile: cfg.CPUProfile, MemProfile: cfg.MemProfile, Trace: cfg.Trace,
		CountTPS: countTPS,
	}
}

func badInput(err error) bool {
	return errors.As(err, new(*config.Error)) || errors.As(err, new(*report.OutputError)) || analyze.IsUsage(err)
}
