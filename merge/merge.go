// Package merge is fireflies merge: a sweep's shard files joined into one,
// sorted by parameters and seed. Files of different sweeps are refused,
// and a merge that lacks some of the sweep's runs says so.
package merge

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/input"
	"github.com/firefly-observatory/fireflies/output"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/sweep"
)

// Run merges the files that args (those after "merge") name into -out or
// stdout, for build b. Warnings (a half-written last line left out, no
// rows at all) go to stderr.
func Run(args []string, b config.Build, stdout, stderr io.Writer) error {
	c, err := config.ParseCommand(config.Merge, args, b, stdout)
	if err != nil || c.Help {
		return err
	}
	if err := notAnInput(c.Out, c.Files); err != nil {
		return err
	}
	rows, err := Read("merge", c.Files, stderr)
	if err != nil {
		return err
	}
	out, err := create(c.Out)
	if err != nil {
		return err
	}
	if c.Format == "csv" {
		out.Line([]byte(sweep.Header))
	}
	for _, r := range rows {
		if out.Line(r.Line(c.Format)) != nil {
			break // Close reports it
		}
	}
	if err := out.Close(); err != nil {
		return err
	}
	if len(rows) == 0 {
		what := "the header only"
		if c.Format == "jsonl" {
			what = "nothing"
		}
		fmt.Fprintf(stderr, "merge: warning: the files hold no rows; %s holds %s\n", out.Path(), what)
		return nil
	}
	runs := rows[0].Runs
	files := "files"
	if len(c.Files) == 1 {
		files = "file"
	}
	fmt.Fprintf(stderr, "merge: %d rows of sweep %s from %d %s into %s\n", len(rows), rows[0].Sweep, len(c.Files), files, out.Path())
	if len(rows) < runs {
		return fmt.Errorf("merge: the files hold %d of sweep %s's %d runs; %d are missing: run their shards again (a sweep carries on from its file) and merge again",
			len(rows), rows[0].Sweep, runs, runs-len(rows))
	}
	return nil
}

// notAnInput refuses an -out that is one of the files to merge, whatever
// the path names it by (./a.csv, a link to it): the merge would replace
// the rows it reads.
func notAnInput(out string, files []string) error {
	if out == "" {
		return nil
	}
	o, err := os.Stat(out)
	if err != nil {
		return nil // not there yet: no input is it
	}
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil && os.SameFile(o, fi) {
			return config.Errorf("-out: %s is %s, one of the files to merge; write the merged rows to another file", out, f)
		}
	}
	return nil
}

// sink is where the merged rows go: stdout; a device or a pipe, written
// as it is; or, for a regular file, a new file beside it that replaces it
// only once it is whole, so that a merge that fails (a full disk) leaves
// the file as it was.
type sink struct {
	*output.File
	path    string // -out as the user named it
	tmp     string // the new file, renamed to target once whole; "" for none
	target  string // the file it replaces: path, its links followed
	existed bool
}

func create(path string) (*sink, error) {
	if path == "" {
		return &sink{File: output.Stdout(), path: "stdout"}, nil
	}
	s := &sink{path: path, target: path}
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return nil, config.Errorf("-out: cannot write the file: %s is a folder", path)
	case err == nil && !fi.Mode().IsRegular():
		return s.direct()
	case err == nil:
		s.existed = true
		if t, err := filepath.EvalSymlinks(path); err == nil {
			s.target = t // replace what the link names, not the link
		}
	}
	f, err := newBeside(s.target)
	if errors.Is(err, fs.ErrPermission) {
		return s.direct() // a folder we cannot add to, a file we may write
	}
	if err != nil {
		return nil, config.Errorf("-out: cannot write the file: %v", unwrapPath(err))
	}
	s.tmp = f.Name()
	f.Close()
	if s.existed {
		os.Chmod(s.tmp, fi.Mode().Perm())
	}
	if s.File, err = output.Open(s.tmp); err != nil {
		os.Remove(s.tmp)
		return nil, config.Errorf("-out: cannot write the file: %v", unwrapPath(err))
	}
	return s, nil
}

// direct writes the rows to path itself.
func (s *sink) direct() (*sink, error) {
	f, err := output.Open(s.path)
	if err != nil {
		return nil, config.Errorf("-out: cannot write the file: %v", unwrapPath(err))
	}
	s.File = f
	return s, nil
}

// newBeside creates a new, empty file in path's folder, with the mode a
// new path would get (0666 less the umask).
func newBeside(path string) (*os.File, error) {
	dir, base := filepath.Split(path)
	for i := 0; ; i++ {
		name := filepath.Join(dir, fmt.Sprintf(".%s.merging-%d-%d", base, os.Getpid(), i))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
}

// Path is -out as the user named it, or "stdout".
func (s *sink) Path() string { return s.path }

// Close finishes the file and puts it in place: an error is an
// [*report.OutputFailed] that says the file is as it was.
func (s *sink) Close() error {
	err := s.File.Close()
	if err == nil && s.tmp != "" {
		err = os.Rename(s.tmp, s.target)
		if err == nil {
			syncDir(filepath.Dir(s.target))
		}
	}
	if err == nil {
		return nil
	}
	if s.tmp != "" {
		err = unwrapPath(err) // the new file's name means nothing to the user
		os.Remove(s.tmp)
		if s.existed {
			err = fmt.Errorf("%w; %s is as it was", err, s.path)
		} else {
			err = fmt.Errorf("%w; %s is not written", err, s.path)
		}
	}
	return &report.OutputFailed{Flag: "out", Path: s.path, Err: err}
}

// syncDir makes a rename in dir last, where the system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Read reads the rows of one sweep from files of CSV or JSON lines, sorted
// by parameters and seed, a run that is in two files once. Rows of two
// sweeps, or a run with two different results, are bad input; errors
// and the warnings written to warn (a last line that a sweep stopped
// while writing, left out) begin with cmd, the subcommand reading.
func Read(cmd string, files []string, warn io.Writer) ([]sweep.Row, error) {
	var rows []sweep.Row
	var where []string        // where each row is from: the file and line
	index := map[string]int{} // a run's key: its row
	for _, path := range files {
		err := readFile(cmd, path, warn, func(at string, r sweep.Row) error {
			if len(rows) > 0 && r.Sweep != rows[0].Sweep {
				return config.Errorf("%s: %s is a row of sweep %s, but %s is of sweep %s: merge the files of one sweep", cmd, at, r.Sweep, where[0], rows[0].Sweep)
			}
			key := r.Key()
			if i, ok := index[key]; ok {
				keep, same := sameRun(rows[i], r)
				if !same {
					return config.Errorf("%s: %s and %s are the same run with different results", cmd, where[i], at)
				}
				rows[i] = keep
				return nil
			}
			index[key] = len(rows)
			rows = append(rows, r)
			where = append(where, at)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(rows, sweep.Compare)
	return rows, nil
}

// sameRun reports whether two rows of one run agree, and returns the one
// to keep: a run that measured the groups in one file and not in another
// (a shard written before the measures were columns, or before the sweep
// of -until-sync=full measured them in its rows) agrees where its other
// results do, and keeps its measures.
func sameRun(a, b sweep.Row) (sweep.Row, bool) {
	if (a.Measures == nil) != (b.Measures == nil) {
		keep := a
		if a.Measures == nil {
			keep = b
		}
		a.Measures, b.Measures = nil, nil
		return keep, bytes.Equal(a.CSV(), b.CSV())
	}
	return a, bytes.Equal(a.CSV(), b.CSV())
}

// readFile calls row for every row of the file, CSV (with the header) or
// JSON lines, with the file and line it is on. A last line without a
// newline that is not a whole row (a sweep stopped while writing it) is
// left out with a warning.
func readFile(cmd, path string, warn io.Writer, row func(at string, r sweep.Row) error) error {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return config.Errorf("%s: %s is a folder; name the shard files in it, such as %s/*.csv", cmd, path, strings.TrimSuffix(path, "/"))
	}
	var bad error           // an error of the file's lines, not of reading them
	layout := sweep.Current // the header's, which names the columns of the lines after it
	err := input.ReadFile(path, nil, input.MaxLine, func(n int, b []byte, whole bool) error {
		text := string(b)
		if n == 1 && !strings.HasPrefix(text, "{") {
			var ok bool
			switch layout, ok = sweep.LayoutOf(text); {
			case ok:
				return nil
			case !whole && (strings.HasPrefix(sweep.Header, text) || strings.HasPrefix(sweep.OldHeader, text)):
				fmt.Fprintf(warn, "%s: warning: %s line 1 is half a header, without a newline (a sweep stopped while writing it): left out\n", cmd, path)
				return nil
			}
			bad = config.Errorf("%s: %s line 1 is not the header of a sweep's CSV rows (%s)", cmd, path, strings.TrimSuffix(sweep.Header, "\n"))
			return bad
		}
		r, err := layout.ParseLine(text)
		if err != nil && !whole {
			fmt.Fprintf(warn, "%s: warning: %s line %d is not a whole row and has no newline (a sweep stopped while writing it): left out\n", cmd, path, n)
			return nil
		}
		if err != nil {
			bad = config.Errorf("%s: %s line %d: %v", cmd, path, n, err)
			return bad
		}
		if bad = row(fmt.Sprintf("%s line %d", path, n), r); bad != nil {
			return bad
		}
		return nil
	})
	var long *input.LineTooLong
	switch {
	case err == nil || err == bad:
		return err
	case errors.As(err, &long):
		return config.Errorf("%s: %s %v", cmd, path, err)
	}
	return config.Errorf("%s: cannot read %s: %v", cmd, path, unwrapPath(err))
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
