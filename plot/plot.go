// Package plot is fireflies plot.
package plot

import (
	"errors"
	"io"

	"github.com/firefly-observatory/fireflies/config"
)

// Run draws the plot args ask for.
func Run(args []string, b config.Build, stdout io.Writer) error {
	_, err := config.ParseCommand(config.Plot, args, b, stdout)
	if err != nil {
		return err
	}
	return errors.New("plot: not yet")
}
