package main

import (
	"fmt"
	"os"
)

// checkWritable fails early, before a run starts, if path cannot be
// created, so that no output is silently lost at the end.
func checkWritable(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return usageError{fmt.Errorf("cannot write %s: %v", path, err)}
	}
	return f.Close()
}

// usageError is bad input found after the flags were parsed: it exits with
// status 2 like a bad flag.
type usageError struct{ error }
