//go:build headless && !js

package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/firefly-observatory/fireflies/analyze"
	"github.com/firefly-observatory/fireflies/merge"
	"github.com/firefly-observatory/fireflies/plot"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/sweep"
)

// command runs the subcommand name, one the headless build has.
func command(name string, args []string) error {
	var err error
	switch name {
	case "sweep":
		ended, stopListening := endings()
		defer stopListening()
		err = sweep.Run(args, build, os.Stdout, os.Stderr, ended)
		if errors.As(err, new(*sweep.Interrupted)) {
			return exitCode{err, 130}
		}
	case "merge":
		err = merge.Run(args, build, os.Stdout, os.Stderr)
	case "plot":
		err = plot.Run(args, build, os.Stdout)
	default:
		return analyze.RunFile(args, os.Stdout)
	}
	if errors.As(err, new(*report.OutputFailed)) {
		return exitCode{fmt.Errorf("%s stopped: %w", name, err), 3}
	}
	return err
}
