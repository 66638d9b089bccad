// Package output writes a run's line-oriented output files — the metrics
// log today — to whatever path the user names: a regular file, a device
// such as /dev/null or /dev/stdout, or a pipe. It writes whole lines only,
// so a reader never sees half a line: a write that fails part-way is cut
// back to the last complete line, where the file allows it. Only a
// regular file is synced, since devices and pipes cannot be.
package output

import (
	"bytes"
	"errors"
	"fmt"
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
	n, err := f.f.Write(f.buf)
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
