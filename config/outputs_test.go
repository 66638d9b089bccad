package config_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/firefly-observatory/fireflies/config"
)

// TestOutputsAreDistinctFiles: two flags that name one file — an output
// and the -replay journal, or two outputs — are refused, whatever path
// leads to it: the same text, "./", a symbolic link (to a file that
// exists or one not yet made), a link in the folder, a hard link. The
// error is one line naming both flags. Devices and files that differ
// pass.
func TestOutputsAreDistinctFiles(t *testing.T) {
	dir := t.TempDir()
	at := func(name string) string { return filepath.Join(dir, name) }
	write := func(name string) {
		if err := os.WriteFile(at(name), []byte("{}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(to, name string) {
		if err := os.Symlink(to, at(name)); err != nil {
			t.Fatal(err)
		}
	}
	write("j.jsonl")
	write("k.png")
	link("j.jsonl", "jl.jsonl")
	if err := os.Link(at("j.jsonl"), at("hard.jsonl")); err != nil {
		t.Fatal(err)
	}
	link("x.jsonl", "xl.csv") // x.jsonl does not exist yet
	write("y.jsonl")
	link("y.jsonl", "yl.csv")
	if err := os.Mkdir(at("sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	link("sub", "subl")

	for _, tc := range []struct {
		name string
		args []string
		want []string // what the error names; nil: no error
	}{
		{"-journal is the journal", []string{"-replay", at("j.jsonl"), "-journal", at("j.jsonl")}, []string{"-journal", "-replay"}},
		{"-metrics through ./", []string{"-replay", at("j.jsonl"), "-metrics", dir + "/./j.jsonl"}, []string{"-metrics", "-replay"}},
		{"-series on a link to it", []string{"-replay", at("j.jsonl"), "-series", at("jl.jsonl")}, []string{"-series", "-replay"}},
		{"-replay through a link", []string{"-replay", at("jl.jsonl"), "-avalanches", at("j.jsonl")}, []string{"-avalanches", "-replay"}},
		{"-cpuprofile on a hard link", []string{"-replay", at("hard.jsonl"), "-cpuprofile", at("j.jsonl")}, []string{"-cpuprofile", "-replay"}},
		{"-screenshot is the journal", []string{"-replay", at("k.png"), "-screenshot", at("k.png")}, []string{"-screenshot", "-replay"}},
		{"a link to a file not yet made", []string{"-metrics", at("x.jsonl"), "-series", at("xl.csv")}, []string{"-series", "-metrics"}},
		{"a link to a file", []string{"-metrics", at("y.jsonl"), "-series", at("yl.csv")}, []string{"-series", "-metrics"}},
		{"a link in the folder", []string{"-metrics", at("sub/m.jsonl"), "-trace", at("subl/m.jsonl")}, []string{"-trace", "-metrics"}},
		{"distinct files", []string{"-replay", at("j.jsonl"), "-journal", at("j2.jsonl"), "-metrics", at("xl2.csv")}, nil},
		{"/dev/null twice", []string{"-metrics", os.DevNull, "-series", os.DevNull}, nil},
		{"stdin and stdout", []string{"-replay", "/dev/stdin", "-metrics", "/dev/stdout"}, nil},
	} {
		_, err := config.Parse(tc.args, config.Headless, io.Discard)
		switch {
		case tc.want == nil && err != nil:
			t.Errorf("%s: got %v, want no error", tc.name, err)
		case tc.want != nil && err == nil:
			t.Errorf("%s: got no error, want one naming %v", tc.name, tc.want)
		case err != nil:
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("%s: got %q, want one line", tc.name, msg)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%s: got %q, want it to name %s", tc.name, msg, w)
				}
			}
			if _, ok := err.(*config.Error); !ok {
				t.Errorf("%s: got %T, want a *config.Error (status 2)", tc.name, err)
			}
		}
	}
}
