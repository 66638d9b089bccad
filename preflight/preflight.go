// Package preflight runs before ebiten's package initialisation in the
// window build, which panics when there is no display. Imported first by
// package main, it answers the analyze subcommand (which needs no window)
// and turns a missing display into a one-line error.
//
// Go initialises packages in import-path order among those whose imports
// are ready, and this one imports only the standard library and the
// analyze package, so it runs before github.com/hajimehoshi/ebiten's init;
// TestPreflightRunsFirst in package main checks that it does.
package preflight

import (
	"fmt"
	"os"
	"runtime"

	"github.com/firefly-observatory/fireflies/analyze"
)

// Ran is set once the checks have run, for the test that they run before
// ebiten.
var Ran bool

func init() {
	Ran = true
	if len(os.Args) > 1 && os.Args[1] == "analyze" {
		os.Exit(analyzeCommand(os.Args[2:]))
	}
	if needsDisplay() && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		fmt.Fprintln(os.Stderr, "fireflies: no display (DISPLAY is not set): the window build needs X11; run under xvfb-run or use the headless build (go run -tags headless .)")
		os.Exit(1)
	}
}

// needsDisplay reports whether this platform's ebiten needs X11 or Wayland.
func needsDisplay() bool {
	switch runtime.GOOS {
	case "linux", "freebsd", "netbsd", "openbsd", "dragonfly":
		return true
	}
	return false
}

// analyzeCommand runs `fireflies analyze FILE.jsonl` and returns the exit
// status: 2 for bad input, as for any bad flag.
func analyzeCommand(args []string) int {
	if err := analyze.RunFile(args, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "fireflies:", err)
		if analyze.IsUsage(err) {
			return 2
		}
		return 1
	}
	return 0
}
