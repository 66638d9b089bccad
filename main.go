// Command fireflies is a firefly-synchronisation observatory: pulse-coupled
// oscillators on a toroidal grid, simulated as an ECS on a fixed 60 TPS loop
// and drawn in a window, run headless for throughput, or in the browser.
//
// Each build is one file that defines the same few names: build (which
// build it is), commandLine (the arguments), fail (report an error and
// exit), run (a run of the model) and command (a subcommand):
// build_window.go, build_browser_js.go and build_headless.go. Every run
// goes through the one skeleton of package runner.
//
// Exit status: 0 when the run ended as asked (its duration, a signal, the
// window closed), 1 for a failure or a crash, 2 for bad input, 3 when the
// run finished but an output failed during it, 130 when it was interrupted
// before its first tick (while its world was built or its -replay journal
// read) or a sweep before its last run.
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"

	"github.com/firefly-observatory/fireflies/analyze"
	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/input"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/runner"
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
	case errors.Is(err, input.ErrInterrupted):
		fail(err, 130) // such as -replay's journal, a FIFO nobody writes to
	case errors.As(err, new(*report.OutputFailed)):
		fail(fmt.Errorf("the run finished, but an output failed: %w", err), 3)
	case errors.As(err, new(runner.Crash)):
		var c runner.Crash
		errors.As(err, &c)
		fail(fmt.Errorf("crashed: %v; %s", c.Value, saveStack(c.Value, c.Stack)), 1)
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

// nativeFail is fail where there is a terminal: one line on stderr.
func nativeFail(err error, code int) {
	fmt.Fprintln(os.Stderr, "fireflies:", err)
	os.Exit(code)
}

// envCrashTick is the tick at which a native run panics on purpose, for
// the tests of what a crash leaves behind: FIREFLIES_TEST_CRASH_TICK, or
// 0 (never).
func envCrashTick() int32 {
	n, _ := strconv.Atoi(os.Getenv("FIREFLIES_TEST_CRASH_TICK"))
	return int32(n)
}

// analyzeOnly is the subcommands of the builds that have only analyze:
// the window, the browser, and the headless build under Node (which
// keeps the sweeps' processes and gonum's plotting out of the .wasm).
// config.Subcommand has refused the headless build's others in the
// window build; under Node they are refused here.
func analyzeOnly(name string, args []string) error {
	if name != "analyze" {
		return config.Errorf("%s: not in the WebAssembly build (it is in the native headless build: go build -tags headless .)", name)
	}
	return analyze.RunFile(args, os.Stdout)
}
