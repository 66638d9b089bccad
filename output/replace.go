package output

import (
	"errors"
	"io"
	"os"
	"path/filepath"
)

// Replace writes a whole file, such as a picture, at path: to a new file
// beside it, which takes path's place once it is complete and synced, so
// that a write that fails (a full disk) leaves what was at path as it was
// and no half file; the new file is removed. A path that names a
// symbolic link replaces the file it leads to. A device or a pipe is
// written directly, as there is nothing to replace.
func Replace(path string, write func(io.Writer) error) error {
	target, special, err := replaced(path)
	if err != nil {
		return err
	}
	if special {
		f, err := openSpecial(path)
		if err != nil {
			return err
		}
		err = write(writer{f})
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*.part")
	if err != nil {
		return err
	}
	perm := os.FileMode(0o644)
	if fi, err := os.Stat(target); err == nil {
		perm = fi.Mode().Perm() // the file replaced keeps its permissions
	}
	err = write(tmp)
	if err == nil {
		err = tmp.Chmod(perm)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), target)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// CheckReplace fails, before a run starts, if [Replace] could not write
// path at its end: a regular file's folder must take a new file (one is
// made and removed), a device or a pipe must open for writing. Nothing
// at path changes.
func CheckReplace(path string) error {
	target, special, err := replaced(path)
	if err != nil {
		return err
	}
	if special {
		f, err := openSpecial(path)
		if err != nil {
			return err
		}
		return f.Close()
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".*.part")
	if err != nil {
		return err
	}
	tmp.Close()
	return os.Remove(tmp.Name())
}

// replaced is the file that replacing path replaces — path, or the file
// its symbolic links lead to, existing or not — and whether it is a
// device or a pipe instead.
func replaced(path string) (target string, special bool, err error) {
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return "", false, &os.PathError{Op: "open", Path: path, Err: errors.New("is a directory")}
	case err == nil && !fi.Mode().IsRegular():
		return path, true, nil
	case err == nil:
		t, err := filepath.EvalSymlinks(path)
		return t, false, err
	}
	target = path
	for range 40 { // a dangling link: the file it will make
		to, err := os.Readlink(target)
		if err != nil {
			break
		}
		if !filepath.IsAbs(to) {
			to = filepath.Join(filepath.Dir(target), to)
		}
		target = to
	}
	return target, false, nil
}

// writer is a file written through [Write], so that a pipe's reader
// that takes nothing does not hold the program once it is ending.
type writer struct{ f *os.File }

func (w writer) Write(b []byte) (int, error) { return Write(w.f, b) }
