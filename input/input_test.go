package input_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/input"
)

type line struct {
	n     int
	text  string
	whole bool
}

func lines(t *testing.T, s string, max int) ([]line, error) {
	t.Helper()
	var got []line
	err := input.Lines(strings.NewReader(s), max, func(n int, text []byte, whole bool) error {
		got = append(got, line{n, string(text), whole})
		return nil
	})
	return got, err
}

func TestLines(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []line
	}{
		{"", nil},
		{"a\n", []line{{1, "a", true}}},
		{"a\r\nb", []line{{1, "a", true}, {2, "b", false}}},
		{"\n\nc\n", []line{{1, "", true}, {2, "", true}, {3, "c", true}}},
		{strings.Repeat("x", 100000) + "\n", []line{{1, strings.Repeat("x", 100000), true}}},
	} {
		got, err := lines(t, tc.in, 1<<20)
		if err != nil || len(got) != len(tc.want) {
			t.Errorf("%.20q: got %d lines, %v; want %d", tc.in, len(got), err, len(tc.want))
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%.20q line %d: got %.20v, want %.20v", tc.in, i, got[i], tc.want[i])
			}
		}
	}
}

// TestLinesBounded: a line longer than the bound stops the reading with
// its number, at the bound, not at the file's end.
func TestLinesBounded(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		fail int // the line that is too long; 0: none
	}{
		{"abcd\n", 4, 0},
		{"abcd", 4, 0},
		{"abcde\n", 4, 1},
		{"ok\n" + strings.Repeat("y", 200000), 100000, 2},
		{"ok\n" + strings.Repeat("y", 100000) + "\n", 100000, 0},
	} {
		_, err := lines(t, tc.in, tc.max)
		var long *input.LineTooLong
		switch {
		case tc.fail == 0 && err != nil:
			t.Errorf("%.10q (max %d): %v", tc.in, tc.max, err)
		case tc.fail != 0 && (!errors.As(err, &long) || long.Line != tc.fail):
			t.Errorf("%.10q (max %d): got %v, want line %d too long", tc.in, tc.max, err, tc.fail)
		}
	}
	// /dev/zero has no newline: refused at the bound, not read forever.
	err := input.ReadFile("/dev/zero", nil, 1<<20, func(int, []byte, bool) error { return nil })
	if !errors.As(err, new(*input.LineTooLong)) {
		t.Errorf("/dev/zero: got %v, want a line too long", err)
	}
}

// TestReadFileInterrupted: a FIFO that nobody writes to holds the open;
// closing ended returns at once.
func TestReadFileInterrupted(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "f")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	ended := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- input.ReadFile(fifo, ended, 1<<20, func(int, []byte, bool) error { return nil })
	}()
	select {
	case err := <-done:
		t.Fatalf("a FIFO with no writer read at once: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(ended)
	select {
	case err := <-done:
		if !errors.Is(err, input.ErrInterrupted) {
			t.Errorf("got %v, want ErrInterrupted", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("still reading 30 s after it was interrupted")
	}
	os.Remove(fifo)
}
