//go:build !headless || js

package main

import (
	"os"

	"github.com/firefly-observatory/fireflies/analyze"
	"github.com/firefly-observatory/fireflies/config"
)

// command runs the subcommand name in the window and browser builds and
// the headless build for WebAssembly: analyze. config.Subcommand has
// refused the headless build's others in the window build; under Node
// they are refused here, keeping gonum's plotting out of the .wasm.
func command(name string, args []string) error {
	if name != "analyze" {
		return config.Errorf("%s: not in the WebAssembly build (it is in the native headless build: go build -tags headless .)", name)
	}
	return analyze.RunFile(args, os.Stdout)
}
