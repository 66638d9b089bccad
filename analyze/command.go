package analyze

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// usageError is a bad command line or an unreadable file: exit status 2.
type usageError struct{ error }

// IsUsage reports whether err from [RunFile] is bad input rather than a
// failure of the analysis.
func IsUsage(err error) bool { return errors.As(err, new(usageError)) }

// RunFile is the analyze subcommand: args must be one path to a metrics log
// written with -metrics; the report goes to w.
func RunFile(args []string, w io.Writer) error {
	if len(args) != 1 {
		return usageError{errors.New("analyze: want one argument, the metrics file: fireflies analyze FILE.jsonl")}
	}
	f, err := os.Open(args[0])
	if err != nil {
		return usageError{fmt.Errorf("analyze: %v", err)}
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return usageError{fmt.Errorf("analyze: %s is a directory, want a metrics file", args[0])}
	}
	defer f.Close()
	if _, err := Run(f, w); err != nil {
		return fmt.Errorf("analyze %s: %v", args[0], err)
	}
	return nil
}
