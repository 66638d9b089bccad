// Package input is how the program reads the files it is given (a
// journal, a sweep's rows, shards to merge, series to plot): line by line,
// each line bounded, so that a file without newlines (/dev/zero, a sparse
// file of gigabytes) is refused by line number instead of read whole; and
// from an open that a signal can interrupt, so that a FIFO nobody writes
// to or a pipe that never ends cannot hold the program past Ctrl+C.
package input

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// MaxLine is the longest line any of the program's files has a use for:
// a sweep's row is a few hundred bytes, a journal's longest line (a
// header with every flag) a few kilobytes.
const MaxLine = 1 << 20

// ErrInterrupted is returned when the reading was ended by a signal (the
// ended channel closed) before the file was read.
var ErrInterrupted = errors.New("interrupted while reading")

// LineTooLong is a line longer than the bound.
type LineTooLong struct {
	Line int // counted from 1
	Max  int // bytes
}

func (e *LineTooLong) Error() string {
	return fmt.Sprintf("line %d is longer than %d bytes: not a file of lines", e.Line, e.Max)
}

// Lines calls each with every line of r (without its newline, and without
// a carriage return before it) and the line's number, counted from 1,
// until the end of r or an error. A last line without a newline is
// passed with whole set false; every other line with whole true. A line
// longer than max bytes stops the reading with a [*LineTooLong]; the
// bytes passed are valid only during the call.
func Lines(r io.Reader, max int, each func(n int, text []byte, whole bool) error) error {
	rd := bufio.NewReaderSize(r, 64<<10)
	var long []byte // a line longer than the reader's buffer, so far
	for n := 1; ; {
		chunk, err := rd.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			long = append(long, chunk...)
			if len(long) > max {
				return &LineTooLong{Line: n, Max: max}
			}
			continue
		}
		text := chunk
		if long != nil {
			text = append(long, chunk...)
			long = nil
		}
		if err != nil && err != io.EOF {
			return err
		}
		if len(text) == 0 && err == io.EOF {
			return nil
		}
		whole := bytes.HasSuffix(text, []byte{'\n'})
		text = bytes.TrimSuffix(text, []byte{'\n'})
		if len(text) > max {
			return &LineTooLong{Line: n, Max: max}
		}
		text = bytes.TrimSuffix(text, []byte{'\r'})
		if cerr := each(n, text, whole); cerr != nil {
			return cerr
		}
		if err == io.EOF {
			return nil
		}
		n++
	}
}

// ReadFile opens path and passes its lines to each as [Lines] does,
// unless ended is closed first: then it returns [ErrInterrupted] at once,
// whatever the open or a read is waiting for (a FIFO with no writer, a
// pipe that never ends). A nil ended never closes.
func ReadFile(path string, ended <-chan struct{}, max int, each func(n int, text []byte, whole bool) error) error {
	return Interruptible(ended, func() error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return fmt.Errorf("%s is a folder, not a file", path)
		}
		return Lines(f, max, each)
	})
}

// Interruptible runs read, returning its error, unless ended is closed
// first: then it returns [ErrInterrupted] and leaves read to its end (or
// to the process's exit) on a goroutine of its own. read must not touch
// what the caller uses after an interruption.
func Interruptible(ended <-chan struct{}, read func() error) error {
	if ended == nil {
		return read()
	}
	done := make(chan error, 1)
	go func() { done <- read() }()
	select {
	case err := <-done:
		return err
	case <-ended:
		select {
		case err := <-done: // it had finished too: its result holds
			return err
		default:
			return ErrInterrupted
		}
	}
}
