package analyze

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/firefly-observatory/fireflies/config"
)

// usageError is a bad command line or an unreadable file: exit status 2.
type usageError struct{ error }

// IsUsage reports whether err from [RunFile] is bad input rather than a
// failure of the analysis.
func IsUsage(err error) bool { return errors.As(err, new(usageError)) }

// fifoWait is how long [RunFile] waits for a writer to open a named pipe.
// A var so that tests need not wait as long.
var fifoWait = 5 * time.Second

// RunFile is the analyze subcommand: args must be one path to a metrics log
// written with -metrics; the report goes to w. The path may be a named pipe
// (or /dev/stdin when it is a pipe), which is read until its writer closes
// it; if no writer opens it within 5 s, RunFile says so rather than wait
// for ever. Devices are refused: /dev/zero and its kind never end.
func RunFile(args []string, w io.Writer) error {
	if len(args) == 1 && (args[0] == "-help" || args[0] == "--help" || args[0] == "-h") {
		_, err := fmt.Fprintf(w, "Usage: %s analyze FILE.jsonl\n\nCorrelate the columns of a -metrics log: each column's spread, and how the tick's time follows the others. It takes no flags.\n", config.Program)
		return err
	}
	if len(args) != 1 {
		return usageError{errors.New("analyze: want one argument, the metrics file: fireflies analyze FILE.jsonl")}
	}
	path := args[0]
	f, err := open(path)
	if err != nil {
		return usageError{err}
	}
	defer f.Close()
	if _, err := Run(f, w); err != nil {
		return fmt.Errorf("analyze %s: %v", path, err)
	}
	return nil
}

// open opens a metrics log for reading, refusing what is not a file or a
// named pipe, by name.
func open(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("analyze: %v", err)
	}
	switch mode := st.Mode(); {
	case mode.IsDir():
		return nil, fmt.Errorf("analyze: %s is a directory, want a metrics file", path)
	case mode&os.ModeDevice != 0:
		return nil, fmt.Errorf("analyze: %s is a device, want a metrics file", path)
	case mode&os.ModeNamedPipe != 0:
		return openFIFO(path, fifoWait)
	case !mode.IsRegular():
		return nil, fmt.Errorf("analyze: %s is not a regular file, want a metrics file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("analyze: %v", err)
	}
	return f, nil
}

// openFIFO opens a named pipe for reading. Opening one blocks until a
// writer opens the other end, which may be never, so it waits at most wait.
// (Opening with O_NONBLOCK instead would not block, but then a read before
// the writer comes ends at once with EOF, and a writer started just after
// fireflies analyze would be missed.)
func openFIFO(path string, wait time.Duration) (*os.File, error) {
	type result struct {
		f   *os.File
		err error
	}
	opened := make(chan result, 1)
	go func() {
		f, err := os.Open(path)
		opened <- result{f, err}
	}()
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case r := <-opened:
		if r.err != nil {
			return nil, fmt.Errorf("analyze: %v", r.err)
		}
		return r.f, nil
	case <-timer.C:
	}
	// The open above is still waiting. Let it through, where the platform
	// allows, so that its goroutine does not wait for ever, and close what
	// it opens, since no one will read it.
	releaseFIFO(path)
	go func() {
		if r := <-opened; r.f != nil {
			r.f.Close()
		}
	}()
	return nil, fmt.Errorf("analyze: %s is a named pipe and no writer opened it within %v", path, wait)
}
