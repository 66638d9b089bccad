//go:build !js

package main

import "os"

// commandLine returns the program's arguments: the command line natively,
// the page's URL query in the browser.
func commandLine() []string { return os.Args[1:] }
