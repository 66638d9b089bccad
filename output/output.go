// Package output writes the program's line-oriented output files — the
// metrics log, the series, the avalanche sizes, a sweep's rows — to
// whatever path the user names: a regular file, a device
// such as /dev/null or /dev/stdout, or a pipe. It writes whole lines only,
// so a reader never sees half a line: a write that fails part-way is cut
// back to the last complete line, where the file allows it. Only a
// regular file is synced, since devices and pipes cannot be. A pipe's
// reader that takes nothing cannot hold the program past its end or a
// signal: see [Hurry]. Whole files (a screenshot, a recording) are
// written by [Replace], which leaves no half file.
package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// flushAt is how many buffered bytes make [File.Line] write them out.
const flushAt = 64 << 10

// File is an output file written in whole lines. It is not safe for
// concurrent use: one goroutine owns it.
type File struct {
	f       *os.File
	path    string
	regular bool
	good    int64  // bytes of complete lines in a regular file
	buf     []byte // whole lines not yet written
	err     error  // the first write error; nothing is written after it
}

// Open opens path for lines; see [Create].
func Open(path string) (*File, error) {
	f, regular, err := Create(path)
	if err != nil {
		return nil, err
	}
	return &File{f: f, path: path, regular: regular, buf: make([]byte, 0, flushAt+4<<10)}, nil
}

// Create opens path for writing and says whether it is a regular file. A
// regular file (or a new one) is created or truncated; anything else — a
// device, a pipe — is opened as it is, and a named pipe without a reader
// is refused at once rather than waited for.
func Create(path string) (f *os.File, regular bool, err error) {
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return nil, false, &fs.PathError{Op: "open", Path: path, Err: errors.New("is a directory")}
	case err == nil && !fi.Mode().IsRegular():
		f, err = openSpecial(path)
		return f, false, err
	}
	f, err = os.Create(path)
	return f, true, err
}

// Append opens path to add lines after those it holds, for a sweep
// started again. A regular file's half line at its end — a write the last
// run did not finish — is cut off first, so the next line starts on a
// line of its own; anything else is opened as [Open] does.
func Append(path string) (*File, error) {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return Open(path)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	good, err := wholeLines(f, fi.Size())
	if err == nil {
		err = f.Truncate(good)
	}
	if err == nil {
		_, err = f.Seek(good, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &File{f: f, path: path, regular: true, good: good, buf: make([]byte, 0, flushAt+4<<10)}, nil
}

// wholeLines returns the length of f's complete lines: up to and
// including its last newline.
func wholeLines(f *os.File, size int64) (int64, error) {
	buf := make([]byte, 64<<10)
	for end := size; end > 0; {
		start := max(0, end-int64(len(buf)))
		n, err := f.ReadAt(buf[:end-start], start)
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, err
		}
		if i := bytes.LastIndexByte(buf[:n], '\n'); i >= 0 {
			return start + int64(i) + 1, nil
		}
		end = start
	}
	return 0, nil
}

// Stdout is the program's standard output as a [File], named "stdout".
func Stdout() *File {
	return &File{f: os.Stdout, path: "stdout", buf: make([]byte, 0, flushAt+4<<10)}
}

// Empty reports whether the file holds no line: none written, and none
// there before [Append].
func (f *File) Empty() bool { return f.good == 0 && len(f.buf) == 0 }

// Path is the path the file was opened with.
func (f *File) Path() string { return f.path }

// Line adds one line, which must end in '\n', and writes the buffered
// lines once they are many. It returns the first write error, after which
// it writes nothing more.
func (f *File) Line(line []byte) error {
	if f.err != nil {
		return f.err
	}
	f.buf = append(f.buf, line...)
	if len(f.buf) >= flushAt {
		return f.Flush()
	}
	return nil
}

// Flush writes the buffered lines. A write that fails part-way leaves a
// regular file truncated after its last complete line.
func (f *File) Flush() error {
	if f.err != nil || len(f.buf) == 0 {
		return f.err
	}
	n, err := Write(f.f, f.buf)
	if err != nil {
		f.err = err
		if f.regular {
			whole := int64(bytes.LastIndexByte(f.buf[:n], '\n') + 1)
			if terr := f.f.Truncate(f.good + whole); terr != nil {
				f.err = fmt.Errorf("%w (and cutting off the half line: %v)", err, terr)
			}
			f.good += whole
		}
	} else {
		f.good += int64(n)
	}
	f.buf = f.buf[:0]
	return f.err
}

// Err is the first write error, or nil.
func (f *File) Err() error { return f.err }

// Close writes what is buffered, syncs a regular file and closes it. It
// returns the first error of all of them.
func (f *File) Close() error {
	err := f.Flush()
	if f.regular && err == nil {
		err = f.f.Sync()
	}
	if cerr := f.f.Close(); err == nil {
		err = cerr
	}
	return err
}
