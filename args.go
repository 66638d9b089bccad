//go:build !js || headless

package main

import (
	"fmt"
	"os"
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
