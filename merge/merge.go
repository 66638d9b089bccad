// Package merge is fireflies merge: a sweep's shard files joined into one,
// sorted by parameters and seed. Files of different sweeps are refused,
// and a merge that lacks some of the sweep's runs says so.
package merge

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/output"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/sweep"
)

// Run merges the files that args (those after "merge") name into -out or
// stdout, for build b.
func Run(args []string, b config.Build, stdout, stderr io.Writer) error {
	c, err := config.ParseCommand(config.Merge, args, b, stdout)
	if err != nil || c.Help {
		return err
	}
	rows, err := Read(c.Files)
	if err != nil {
		return err
	}
	out := output.Stdout()
	if c.Out != "" {
		if out, err = output.Open(c.Out); err != nil {
			return config.Errorf("-out: cannot write the file: %v", unwrapPath(err))
		}
	}
	if c.Format == "csv" {
		out.Line([]byte(sweep.Header))
	}
	for _, r := range rows {
		out.Line(r.Line(c.Format))
	}
	if err := out.Close(); err != nil {
		return &report.OutputFailed{Flag: "out", Path: out.Path(), Err: err}
	}
	if len(rows) == 0 {
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

// Read reads the rows of one sweep from files of CSV or JSON lines, sorted
// by parameters and seed, a run that is in two files once. Rows of two
// sweeps, or a run with two different results, are bad input.
func Read(files []string) ([]sweep.Row, error) {
	var rows []sweep.Row
	where := map[string]string{} // a run's key: the file and line it is from
	var first string             // where the first row is from
	for _, path := range files {
		err := readFile(path, func(line int, r sweep.Row) error {
			at := fmt.Sprintf("%s line %d", path, line)
			if len(rows) > 0 && r.Sweep != rows[0].Sweep {
				return config.Errorf("merge: %s is a row of sweep %s, but %s is of sweep %s: merge the files of one sweep", at, r.Sweep, first, rows[0].Sweep)
			}
			if len(rows) == 0 {
				first = at
			}
			key := r.Key()
			if prev, ok := where[key]; ok {
				i := slices.IndexFunc(rows, func(o sweep.Row) bool { return o.Key() == key })
				if string(rows[i].CSV()) != string(r.CSV()) {
					return config.Errorf("merge: %s and %s are the same run with different results", prev, at)
				}
				return nil
			}
			where[key] = at
			rows = append(rows, r)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(rows, sweep.Compare)
	return rows, nil
}

// readFile calls row for every row of the file, CSV (with the header) or
// JSON lines.
func readFile(path string, row func(line int, r sweep.Row) error) error {
	f, err := os.Open(path)
	if err != nil {
		return config.Errorf("merge: cannot read %s: %v", path, unwrapPath(err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return config.Errorf("merge: %s is a folder; name the shard files in it, such as %s/*.csv", path, strings.TrimSuffix(path, "/"))
	}
	rd := bufio.NewReader(f)
	for line := 1; ; line++ {
		text, err := rd.ReadString('\n')
		if err == io.EOF && text == "" {
			return nil
		}
		if err != nil && err != io.EOF {
			return config.Errorf("merge: cannot read %s: %v", path, err)
		}
		text = strings.TrimSuffix(text, "\n")
		if line == 1 && !strings.HasPrefix(text, "{") {
			if text+"\n" != sweep.Header {
				return config.Errorf("merge: %s line 1 is not the header of a sweep's CSV rows (%s)", path, strings.TrimSuffix(sweep.Header, "\n"))
			}
			continue
		}
		r, perr := sweep.ParseLine(text)
		if perr != nil {
			return config.Errorf("merge: %s line %d: %v", path, line, perr)
		}
		if err := row(line, r); err != nil {
			return err
		}
		if err == io.EOF {
			return nil
		}
	}
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
