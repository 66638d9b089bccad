package main

import (
	"fmt"
	"os"
)

// checkWritable fails early, before a run starts, if the file a flag
// names cannot be created, so that no output is silently lost at the end.
func checkWritable(flag, path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return outputError(flag, err)
	}
	return f.Close()
}

// outputError is bad input: a flag's output file cannot be written.
func outputError(flag string, err error) error {
	if pe, ok := err.(*os.PathError); ok {
		err = pe.Err
	}
	return usageError{fmt.Errorf("-%s: cannot write the file: %v", flag, err)}
}

// usageError is bad input found after the flags were parsed: it exits with
// status 2 like a bad flag.
type usageError struct{ error }
