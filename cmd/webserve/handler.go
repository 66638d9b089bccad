package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// compressible lists what goes out gzipped to browsers that accept it, with
// its type, set here because ServeContent would otherwise sniff the
// compressed bytes. .wasm is application/wasm whatever the system's MIME
// tables say: browsers compile it while it downloads only with that type.
var compressible = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".wasm": "application/wasm",
}

// server serves the regular files under root to GET and HEAD and nothing
// else, so that a .git, an .env or a link left in the folder by accident
// stays private: no folder listings (/ is index.html), no dotfiles or
// dot-folders, and no symlink out of the folder. Symlinks are followed only
// where os.Root follows them: relative ones that stay inside. Absolute
// ones are refused even when they point inside (make web-build copies its
// files). os.Root checks each step as it opens it, so unlike a
// filepath.EvalSymlinks check before the open, a link swapped in between
// cannot lead out.
//
// Named pipes, sockets and devices are refused by their type before they
// are opened: opening a named pipe for reading waits for a writer, and each
// such request would keep a thread and two descriptors until the process
// ran out of them.
//
// Every response must be revalidated (no-cache, with an ETag and
// Last-Modified) so that a rebuild shows on the next reload.
type server struct {
	root    *os.Root
	lim     limits
	log     *rateLog
	gzipped *gzipCache
}

func (s *server) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	w := &stallWriter{ResponseWriter: rw, rc: http.NewResponseController(rw), stall: s.lim.stall}
	if r.ContentLength != 0 {
		// Nothing here reads a body, but net/http reads up to 256 KB of
		// one after the handler to keep the connection: bound how long
		// that may take, as the headers are bounded.
		_ = w.rc.SetReadDeadline(time.Now().Add(s.lim.header))
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		s.log.printf("%s %q: refused: only GET and HEAD are served", r.Method, r.URL.Path)
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	if r.URL.Path == "/index.html" {
		// As http.FileServer does: the page's address is /, and the query
		// (the run's flags) goes along.
		target := "./"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		w.Header().Set("Location", target)
		w.WriteHeader(http.StatusMovedPermanently)
		return
	}
	name, ok := fileName(r.URL.Path)
	if !ok {
		s.log.printf("%s %q: refused: a folder, a dotfile or a path out of the folder", r.Method, r.URL.Path)
		http.NotFound(w, r)
		return
	}
	f, fi, err := s.open(name)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			s.log.printf("%s %q: %v", r.Method, r.URL.Path, err)
		}
		http.NotFound(w, r)
		return
	}
	defer f.Close()

	tag := fmt.Sprintf("%x-%x", fi.ModTime().UnixNano(), fi.Size())
	var content io.ReadSeeker = f
	if ctype, ok := compressible[path.Ext(name)]; ok {
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			data, err := s.gzipped.get(r.Context(), name, fi, f)
			if errors.Is(err, context.Canceled) {
				return // the client has gone
			}
			if err != nil {
				s.log.printf("%s %q: compress: %v", r.Method, r.URL.Path, err)
				http.Error(w, "500 internal server error", http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Encoding", "gzip")
			tag += "-gzip" // another representation, so another tag
			content = bytes.NewReader(data)
		}
	}
	w.Header().Set("ETag", `"`+tag+`"`)
	http.ServeContent(w, r, name, fi.ModTime(), content)
	if errors.Is(w.err, os.ErrDeadlineExceeded) {
		s.log.printf("%s %q: cut: the client read nothing for %v", r.Method, r.URL.Path, s.lim.stall)
	}
}

// open opens name if it is a regular file. The type is checked before the
// open, and the open does not block (O_NONBLOCK changes nothing for a
// regular file), so a file swapped for a named pipe in between is refused
// by the check after it instead of holding the request.
func (s *server) open(name string) (*os.File, fs.FileInfo, error) {
	fi, err := s.root.Stat(name)
	if err != nil {
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, nil, notRegular(fi.Mode())
	}
	f, err := s.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, err
	}
	if fi, err = f.Stat(); err == nil && !fi.Mode().IsRegular() {
		err = notRegular(fi.Mode())
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, fi, nil
}

// notRegular says why a file of the given mode is not served.
func notRegular(mode fs.FileMode) error {
	kind := "not a regular file"
	switch {
	case mode.IsDir():
		kind = "a folder"
	case mode&fs.ModeNamedPipe != 0:
		kind = "a named pipe"
	case mode&fs.ModeSocket != 0:
		kind = "a socket"
	case mode&fs.ModeDevice != 0:
		kind = "a device"
	}
	return errors.New("refused: " + kind)
}

// stallWriter gives each write to the client, and the status line, a
// deadline of its own, stall from when it starts, so that a big file
// streams to a slow client while one that reads nothing is cut. It keeps
// the first write error, which ServeContent drops.
type stallWriter struct {
	http.ResponseWriter
	rc    *http.ResponseController
	stall time.Duration
	err   error
}

func (w *stallWriter) WriteHeader(code int) {
	w.extend()
	w.ResponseWriter.WriteHeader(code)
}

func (w *stallWriter) Write(p []byte) (int, error) {
	w.extend()
	n, err := w.ResponseWriter.Write(p)
	if err != nil && w.err == nil {
		w.err = err
	}
	return n, err
}

// extend moves the write deadline on; a ResponseWriter without one (a
// test's recorder) has nothing to cut.
func (w *stallWriter) extend() {
	_ = w.rc.SetWriteDeadline(time.Now().Add(w.stall))
}

// Unwrap lets a ResponseController reach the connection.
func (w *stallWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// fileName maps a URL path (already decoded, so %2e%2e%2f is ../ here) to a
// name under the folder, or reports that nothing is served there: a folder
// (a trailing slash), a dotfile or dot-folder, and anything with "..", an
// empty element or a backslash (a separator on Windows) in it. A name that
// turns out to be a folder is refused by its type.
func fileName(urlPath string) (string, bool) {
	if urlPath == "/" {
		return "index.html", true
	}
	name, ok := strings.CutPrefix(urlPath, "/")
	if !ok || !fs.ValidPath(name) || strings.Contains(name, `\`) {
		return "", false
	}
	for elem := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(elem, ".") {
			return "", false
		}
	}
	return name, true
}

// acceptsGzip reports whether an Accept-Encoding header lists gzip with a
// weight above zero.
func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		q, ok := strings.CutPrefix(strings.TrimSpace(params), "q=")
		if !ok {
			return true
		}
		weight, err := strconv.ParseFloat(q, 64)
		return err == nil && weight > 0
	}
	return false
}
