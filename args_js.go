//go:build !headless

// The browser build only: the headless build for js/wasm runs under Node,
// takes its flags from the command line and publishes nothing.

package main

import (
	"fmt"
	"os"
	"syscall/js"

	"github.com/firefly-observatory/fireflies/config"
)

const build = config.Browser

// commandLine turns the page's URL query into flags, in the query's order:
// ?grid=256x256&seed=7 becomes -grid=256x256 -seed=7, so the URL
// reproduces the run. A query it cannot read fails the run.
func commandLine() []string {
	args, err := config.QueryArgs(js.Global().Get("location").Get("search").String())
	if err != nil {
		fail(err, 2)
	}
	return args
}

// fail shows err on the page, as readable text instead of a blank canvas,
// in the one line the native build prints, and ends the program.
func fail(err error, code int) {
	msg := "fireflies: " + err.Error()
	fmt.Fprintln(os.Stderr, msg)
	if show := js.Global().Get("firefliesFail"); show.Type() == js.TypeFunction {
		show.Invoke(msg, code)
	}
	os.Exit(code)
}

// testCrashTick is the tick at which the page panics on purpose, for the
// test of what a crash shows: window.firefliesTestCrashTick, or 0 (never).
func testCrashTick() int {
	if v := js.Global().Get("firefliesTestCrashTick"); v.Type() == js.TypeNumber {
		return v.Int()
	}
	return 0
}
