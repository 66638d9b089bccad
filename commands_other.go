//go:build !headless

package main

import (
	"os"

	"github.com/firefly-observatory/fireflies/analyze"
)

// command runs the subcommand name, one the window and browser builds
// have: analyze (config.Subcommand has refused the headless build's).
func command(_ string, args []string) error {
	return analyze.RunFile(args, os.Stdout)
}
