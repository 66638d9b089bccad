//go:build !headless && !js

// The window build: a GPU window through ebiten, natively (cgo, X11 on
// Linux). Its subcommand is analyze; the studies of many runs are the
// headless build's.

package main

import (
	"os"

	"github.com/firefly-observatory/fireflies/config"
	// Imported for its init, which must run before ebiten's: see package
	// preflight.
	_ "github.com/firefly-observatory/fireflies/preflight"
	"github.com/firefly-observatory/fireflies/render"
)

const build = config.Window

// commandLine is the command line.
func commandLine() []string { return os.Args[1:] }

func fail(err error, code int) { nativeFail(err, code) }

// run runs cfg in a window until it ends (its duration, the window
// closed, Q, a signal, the X display lost).
func run(cfg config.Config) error {
	return render.Run(cfg, render.Frontend{Exit: exit, CrashAt: envCrashTick()})
}

func command(name string, args []string) error { return analyzeOnly(name, args) }
