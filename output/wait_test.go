package output_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/output"
)

// TestHurryEndsAWaitNobodyEnds: lines to a FIFO whose reader never reads
// wait once the pipe is full — until Hurry, after which the write gives
// up within the grace with a Stalled error, and later writes at once.
func TestHurryEndsAWaitNobodyEnds(t *testing.T) {
	t.Cleanup(output.Unhurry)
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	f, err := output.Open(fifo)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		for i := 0; ; i++ { // more than the pipe holds
			if err := f.Line(line(i)); err != nil {
				done <- err
				return
			}
		}
	}()
	select {
	case err := <-done:
		t.Fatalf("a write to a full pipe returned %v before Hurry; want it to wait", err)
	case <-time.After(time.Second):
	}
	output.Hurry()
	select {
	case err := <-done:
		var st *output.Stalled
		if !errors.As(err, &st) || !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("got %v, want a *output.Stalled", err)
		}
	case <-time.After(output.Grace + time.Minute):
		t.Fatal("the write still waits after Hurry and its grace")
	}
	f.Close()

	// Once hurried, a new output's write to a full pipe waits no longer
	// than the grace either.
	g, err := output.Open(fifo)
	if err != nil {
		t.Fatal(err)
	}
	var werr error
	for i := 0; werr == nil; i++ {
		werr = g.Line(line(i))
	}
	if !errors.As(werr, new(*output.Stalled)) {
		t.Errorf("after Hurry: got %v, want a *output.Stalled", werr)
	}
	g.Close()
}

// TestReplaceLeavesNoHalfFile: a whole file that does not fit on its
// disk leaves the file that was there as it was, and nothing else; one
// that fits replaces it, through a symbolic link too.
func TestReplaceLeavesNoHalfFile(t *testing.T) {
	dir := mountTmpfs(t, "64k")
	path := filepath.Join(dir, "shot.png")
	old := []byte("the picture before\n")
	if err := os.WriteFile(path, old, 0o600); err != nil {
		t.Fatal(err)
	}
	big := bytes.Repeat([]byte("x"), 100<<10)
	err := output.Replace(path, func(w io.Writer) error { _, err := w.Write(big); return err })
	if !errors.Is(err, syscall.ENOSPC) {
		t.Errorf("100 KiB on a 64 KiB disk: got %v, want ENOSPC", err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, old) {
		t.Errorf("after the failure the file holds %q, want %q", got, old)
	}
	link := filepath.Join(dir, "link.png")
	if err := os.Symlink("shot.png", link); err != nil {
		t.Fatal(err)
	}
	if err := output.Replace(link, func(w io.Writer) error { _, err := io.WriteString(w, "new\n"); return err }); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new\n" {
		t.Errorf("replaced through the link: the file holds %q, want %q", got, "new\n")
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link is no longer a link: %v, %v", fi, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("the replaced file's permissions %v, want the 0600 it had", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "link.png shot.png" {
		t.Errorf("the folder holds %s, want link.png shot.png alone", got)
	}
	if err := output.CheckReplace(filepath.Join(dir, "no", "such.png")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("CheckReplace in a missing folder: got %v, want not exist", err)
	}
	if err := output.CheckReplace(filepath.Join(dir, "new.png")); err != nil {
		t.Errorf("CheckReplace of a new file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "new.png")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("CheckReplace left new.png behind: %v", err)
	}
}
