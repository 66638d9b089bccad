//go:build !js || headless

package main

import (
	"fmt"
	"os"
	"strconv"
)

// commandLine returns the program's arguments: the command line, natively
// and under Node; the page's URL query in the browser (args_js.go).
func commandLine() []string { return os.Args[1:] }

// fail reports err in one line and exits with code; in the browser the
// page shows it instead (args_js.go).
func fail(err error, code int) {
	fmt.Fprintln(os.Stderr, "fireflies:", err)
	os.Exit(code)
}

// testCrashTick is the tick at which the runners panic on purpose, for the
// tests of what a crash leaves behind: FIREFLIES_TEST_CRASH_TICK, or 0
// (never). In the browser it is window.firefliesTestCrashTick (args_js.go).
func testCrashTick() int {
	n, _ := strconv.Atoi(os.Getenv("FIREFLIES_TEST_CRASH_TICK"))
	return n
}
