package output_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/output"
)

func line(i int) []byte {
	return fmt.Appendf(nil, `{"n": %d, "pad": "%s"}`+"\n", i, strings.Repeat("x", 400))
}

func TestRegularFileGetsEveryLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.jsonl")
	f, err := output.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var want []byte
	for i := range 1000 {
		want = append(want, line(i)...)
		if err := f.Line(line(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, want) {
		t.Errorf("got %d bytes, want the %d written", len(got), len(want))
	}
}

// TestDevices: /dev/null takes lines and closes cleanly (it cannot be
// synced, and is not); /dev/full reports its error on the first write.
func TestDevices(t *testing.T) {
	f, err := output.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 500 {
		f.Line(line(i))
	}
	if err := f.Close(); err != nil {
		t.Errorf("/dev/null: %v, want no error", err)
	}
	f, err = output.Open("/dev/full")
	if err != nil {
		t.Fatal(err)
	}
	f.Line(line(0))
	if err := f.Flush(); !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("/dev/full: got %v, want ENOSPC", err)
	}
	f.Close()
}

// TestNamedPipe: without a reader the pipe is refused at once; with one
// (wc -c), every byte arrives.
func TestNamedPipe(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() { _, err := output.Open(fifo); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "no reader") {
			t.Errorf("a pipe without a reader: got %v, want an error saying so", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Open waited for a reader")
	}
	reader := exec.Command("sh", "-c", `exec wc -c <"$0"`, fifo)
	var out bytes.Buffer
	reader.Stdout = &out
	if err := reader.Start(); err != nil {
		t.Fatal(err)
	}
	var f *output.File
	deadline := time.Now().Add(10 * time.Second)
	for { // until wc has the pipe open
		var err error
		if f, err = output.Open(fifo); err == nil || time.Now().After(deadline) {
			if err != nil {
				t.Fatal(err)
			}
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	n := 0
	for i := range 2000 { // more than a pipe holds: writes must wait, not fail
		f.Line(line(i))
		n += len(line(i))
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if err := reader.Wait(); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(out.String()); got != fmt.Sprint(n) {
		t.Errorf("wc -c counted %s bytes, want %d", got, n)
	}
}

// TestFullDiskLeavesWholeLines fills a 64 KiB tmpfs: the error comes back
// as soon as a write fails, and the file ends with a complete line.
func TestFullDiskLeavesWholeLines(t *testing.T) {
	dir := mountTmpfs(t, "64k")
	path := filepath.Join(dir, "out.jsonl")
	f, err := output.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var werr error
	written := 0
	for i := range 1000 {
		if werr = f.Line(line(i)); werr == nil {
			werr = f.Flush()
		}
		if werr != nil {
			break
		}
		written++
	}
	if !errors.Is(werr, syscall.ENOSPC) {
		t.Fatalf("got %v after %d lines, want ENOSPC", werr, written)
	}
	f.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) == 0 || data[len(data)-1] != '\n' {
		t.Fatalf("the file (%d bytes) does not end with a complete line", len(data))
	}
	if got := bytes.Count(data, []byte("\n")); got < written {
		t.Errorf("%d lines on disk, want the %d written before the error", got, written)
	}
}

// mountTmpfs mounts a tmpfs of the given size for the test, as root; it
// skips elsewhere, except in CI, which runs as root and must test this.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("mount a %s tmpfs: %v: %s", size, err, out)
		}
		t.Skipf("mount a %s tmpfs (needs root): %v: %s", size, err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

// TestAppendCutsTheHalfLine: a file a run left with half a line at its
// end gets the next lines after its last complete one.
func TestAppendCutsTheHalfLine(t *testing.T) {
	for _, tc := range []struct{ before, want string }{
		{"a\nb\nhalf", "a\nb\nc\n"},
		{"a\nb\n", "a\nb\nc\n"},
		{"half", "c\n"},
		{"", "c\n"},
		{strings.Repeat("x", 100<<10) + "\n" + strings.Repeat("y", 70<<10), strings.Repeat("x", 100<<10) + "\nc\n"},
	} {
		path := filepath.Join(t.TempDir(), "rows.csv")
		if err := os.WriteFile(path, []byte(tc.before), 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := output.Append(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Line([]byte("c\n")); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(path); string(got) != tc.want {
			t.Errorf("after %.20q: got %.40q (%d bytes), want %.40q (%d bytes)", tc.before, got, len(got), tc.want, len(tc.want))
		}
	}
}
