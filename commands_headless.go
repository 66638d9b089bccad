//go:build headless && !js

package main

import (
	"errors"
	"os"

	"github.com/firefly-observatory/fireflies/analyze"
	"github.com/firefly-observatory/fireflies/merge"
	"github.com/firefly-observatory/fireflies/plot"
	"github.com/firefly-observatory/fireflies/sweep"
)

// command runs the subcommand name, one the headless build has.
func command(name string, args []string) error {
	switch name {
	case "sweep":
		ended, stopListening := endings()
		defer stopListening()
		err := sweep.Run(args, build, os.Stdout, os.Stderr, ended)
		if errors.As(err, new(*sweep.Interrupted)) {
			return exitCode{err, 130}
		}
		return err
	case "merge":
		return merge.Run(args, build, os.Stdout, os.Stderr)
	case "plot":
		return plot.Run(args, build, os.Stdout)
	}
	return analyze.RunFile(args, os.Stdout)
}
