// Command fireflies is a firefly-synchronisation observatory: pulse-coupled
// oscillators on a toroidal grid, simulated as an ECS on a fixed 60 TPS loop
// and drawn in a window, run headless for throughput, or in the browser.
//
// Exit status: 0 when the run ended as asked (its duration, a signal, the
// window closed), 1 for a failure or a crash, 2 for bad input, 3 when the
// run finished but an output failed during it, 130 when it was interrupted
// before its first tick (or a sweep before its last run).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/firefly-observatory/fireflies/analyze"
	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/systems"
)

func main() {
	defer crashed()
	args := commandLine()
	if len(args) > 0 {
		if known, err := config.Subcommand(args[0], build); known {
			if err == nil {
				err = command(args[0], args[1:])
			}
			exit(err)
			return
		}
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

// exit reports err, if any, in one line with the status it calls for.
func exit(err error) {
	var ec exitCode
	switch {
	case err == nil:
	case errors.As(err, &ec):
		fail(ec.err, ec.code)
	case errors.As(err, new(*config.Error)), errors.As(err, new(*report.OutputError)), analyze.IsUsage(err):
		fail(err, 2)
	case errors.Is(err, systems.ErrCancelled):
		fail(errors.New("interrupted while the world was being built"), 130)
	case errors.As(err, new(*report.OutputFailed)):
		fail(fmt.Errorf("the run finished, but an output failed: %w", err), 3)
	case errors.As(err, new(crash)):
		var c crash
		errors.As(err, &c)
		fail(fmt.Errorf("crashed: %v; %s", c.value, saveStack(c.value, c.stack)), 1)
	default:
		fail(err, 1)
	}
}

// exitCode is an error that calls for an exit status of its own.
type exitCode struct {
	err  error
	code int
}

func (e exitCode) Error() string { return e.err.Error() }

// crashed turns a panic on the main goroutine (the runners bring theirs
// here) into one line and a file with the stack, and status 1 — never the
// runtime's stack dump and status 2, which means bad input here.
func crashed() {
	r := recover()
	if r == nil {
		return
	}
	fail(fmt.Errorf("crashed: %v; %s", r, saveStack(r, debug.Stack())), 1)
}

// crash is a panic a runner recovered on a goroutine of its own, to be
// raised again on the main goroutine with its stack.
type crash struct {
	value any
	stack []byte
}

func (c crash) Error() string { return fmt.Sprint(c.value) }

// recovered wraps a recovered panic value with the stack where it happened.
func recovered(r any) error {
	if c, ok := r.(crash); ok {
		return c
	}
	return crash{r, debug.Stack()}
}

// saveStack writes a crash's stack to a file of its own and says where it
// went; where no file can be made (the browser) it goes to stderr, the
// console.
func saveStack(value any, stack []byte) string {
	f, err := os.CreateTemp("", "fireflies-crash-*.txt")
	if err == nil {
		_, err = fmt.Fprintf(f, "fireflies crashed: %v\n\n%s", value, stack)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		os.Stderr.Write(stack)
		return "the stack went to stderr"
	}
	return "the stack is in " + f.Name()
}

// outputs are the instruments' files for cfg; countTPS makes the metrics'
// tps the ticks counted over each interval (the window observes ebiten's).
func outputs(cfg config.Config, countTPS bool) report.Outputs {
	return report.Outputs{
		Metrics: cfg.Metrics, MetricsInterval: cfg.MetricsInterval,
		CPUProfile: cfg.CPUProfile, MemProfile: cfg.MemProfile, Trace: cfg.Trace,
		Series: cfg.Series, SeriesEvery: cfg.SeriesEvery, Avalanches: cfg.Avalanches,
		CountTPS: countTPS,
	}
}

// progress is where a run's start line and report lines go: stdout, or
// stderr with -json, so that stdout holds the summary alone.
func progress(cfg config.Config, stdout io.Writer) io.Writer {
	if cfg.JSON {
		return os.Stderr
	}
	return stdout
}
