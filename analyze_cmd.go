package main

import (
	"os"

	"github.com/firefly-observatory/fireflies/analyze"
)

// runAnalyze is the analyze subcommand: the correlation matrix and
// findings of a metrics log written with -metrics. (In the window build
// package preflight answers it before ebiten starts.)
func runAnalyze(args []string) error {
	err := analyze.RunFile(args, os.Stdout)
	if analyze.IsUsage(err) {
		return usageError{err}
	}
	return err
}
