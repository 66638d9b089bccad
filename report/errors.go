package report

import (
	"fmt"
	"os"
)

// OutputError is a flag's output file that cannot be written: bad input,
// found before the run starts.
type OutputError struct {
	Flag string // without the dash
	Err  error
}

func (e *OutputError) Error() string {
	return fmt.Sprintf("-%s: cannot write the file: %v", e.Flag, e.Err)
}

func (e *OutputError) Unwrap() error { return e.Err }

func outputError(flag string, err error) error {
	if pe, ok := err.(*os.PathError); ok {
		err = pe.Err
	}
	return &OutputError{Flag: flag, Err: err}
}

// CheckWritable fails early, before a run starts, if the file a flag
// names cannot be created, so that no output is silently lost at the end.
func CheckWritable(flag, path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return outputError(flag, err)
	}
	return f.Close()
}
