package analyze_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/analyze"
)

// runFile runs RunFile in a goroutine and fails the test, rather than
// hanging it, if RunFile has not returned within d.
func runFile(t *testing.T, args []string, d time.Duration) (string, error) {
	t.Helper()
	type result struct {
		out string
		err error
	}
	done := make(chan result, 1)
	go func() {
		var out strings.Builder
		err := analyze.RunFile(args, &out)
		done <- result{out.String(), err}
	}()
	select {
	case r := <-done:
		return r.out, r.err
	case <-time.After(d):
		t.Fatalf("RunFile(%q) still running after %v", args, d)
		return "", nil
	}
}

func TestRunFileRefuses(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"no argument", nil, "analyze: want one argument"},
		{"two arguments", []string{"a", "b"}, "analyze: want one argument"},
		{"missing", []string{dir + "/missing.jsonl"}, "missing.jsonl"},
		{"directory", []string{dir}, "analyze: " + dir + " is a directory, want a metrics file"},
		{"endless device", []string{"/dev/zero"}, "analyze: /dev/zero is a device, want a metrics file"},
		{"random device", []string{"/dev/urandom"}, "analyze: /dev/urandom is a device, want a metrics file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.args) == 1 && strings.HasPrefix(tt.args[0], "/dev/") {
				if _, err := os.Stat(tt.args[0]); err != nil {
					t.Skip(err)
				}
			}
			out, err := runFile(t, tt.args, 10*time.Second)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error: got %v, want one containing %q", err, tt.wantErr)
			}
			if !analyze.IsUsage(err) {
				t.Errorf("IsUsage(%v): got false, want true", err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error: got %q, want one line", err)
			}
			if out != "" {
				t.Errorf("output: got %q, want none", out)
			}
		})
	}
}

func TestRunFileFixture(t *testing.T) {
	out, err := runFile(t, []string{"testdata/intervals.log"}, 10*time.Second)
	if err != nil {
		t.Fatalf("RunFile: got %v, want nil", err)
	}
	if _, want := runFixture(t); out != want {
		t.Errorf("got %q, want %q, as from Run", out, want)
	}
}

// TestRunFileHelp: analyze -help says how to use it, rather than looking
// for a file named -help.
func TestRunFileHelp(t *testing.T) {
	for _, arg := range []string{"-help", "--help", "-h"} {
		var b strings.Builder
		if err := analyze.RunFile([]string{arg}, &b); err != nil {
			t.Errorf("analyze %s: %v", arg, err)
		}
		if !strings.HasPrefix(b.String(), "Usage: ") || !strings.Contains(b.String(), "analyze FILE.jsonl") {
			t.Errorf("analyze %s: got %q, want its usage", arg, b.String())
		}
	}
}
