package merge_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/merge"
	"github.com/firefly-observatory/fireflies/sweep"
)

// FuzzReadRows feeds arbitrary bytes to the merge's reader as a shard
// file (its seed corpus, in testdata/fuzz/FuzzReadRows, holds CSV and
// JSON rows, half lines, and rows with text that would break the CSV): it
// never panics; an error is one plain line, a *config.Error, naming the
// file; a warning is a line of its own; and the rows it accepts are sorted,
// each run once, each written back as one CSV line of the header's fields
// and as a JSON line, both of which read back as the same row.
func FuzzReadRows(f *testing.F) {
	path := filepath.Join(f.TempDir(), "shard.csv")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		var warn bytes.Buffer
		rows, err := merge.Read("merge", []string{path}, &warn)
		for _, l := range strings.SplitAfter(warn.String(), "\n") {
			if l != "" && (!strings.HasPrefix(l, "merge: warning: "+path+" line ") || !plain(strings.TrimSuffix(l, "\n"))) {
				t.Fatalf("warning %q is not one plain line naming the file's line", l)
			}
		}
		if err != nil {
			msg := err.Error()
			if !errors.As(err, new(*config.Error)) {
				t.Fatalf("error %q is not a *config.Error", msg)
			}
			if !strings.HasPrefix(msg, "merge: ") || !strings.Contains(msg, path) || !plain(msg) {
				t.Fatalf("error %q is not one plain line naming the file", msg)
			}
			return
		}
		seen := map[string]bool{}
		for i, r := range rows {
			if i > 0 && sweep.Compare(rows[i-1], r) > 0 {
				t.Fatalf("row %d is before row %d", i, i-1)
			}
			if seen[r.Key()] {
				t.Fatalf("run %s twice", r.Key())
			}
			seen[r.Key()] = true
			csv := string(r.CSV())
			if strings.Count(csv, "\n") != 1 || !strings.HasSuffix(csv, "\n") || strings.Count(csv, ",") != len(sweep.Columns)-1 || strings.Contains(csv, `"`) {
				t.Fatalf("row %d is written as %q, not one CSV line of %d fields", i, csv, len(sweep.Columns))
			}
			for _, line := range []string{csv, string(r.JSON())} {
				back, err := sweep.ParseLine(strings.TrimSuffix(line, "\n"))
				if err != nil || string(back.CSV()) != csv {
					t.Fatalf("row %d, written as %q, reads back as %q (%v)", i, line, back.CSV(), err)
				}
			}
		}
	})
}

// plain reports whether s is one line without control characters.
func plain(s string) bool { return !strings.ContainsFunc(s, unicode.IsControl) }
