package report

import (
	"fmt"
	"os"

	"github.com/firefly-observatory/fireflies/output"
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

// CheckWritable fails early, before a run starts, if the whole file a
// flag names (a screenshot, a recording: see [output.Replace]) could not
// be written at its end, so that no output is silently lost there. It
// leaves nothing behind.
func CheckWritable(flag, path string) error {
	if err := output.CheckReplace(path); err != nil {
		return outputError(flag, err)
	}
	return nil
}
