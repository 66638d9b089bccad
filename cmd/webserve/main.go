// Command webserve serves a folder over HTTP, by default the browser build
// (make web-build) on http://127.0.0.1:8080/, and prints its URL. It is all
// make web needs: nothing is fetched at run time.
package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on, host:port (port 0 picks a free one)")
	dir := flag.String("dir", "build/web", "folder to serve; make web-build fills build/web")
	flag.Parse()
	if flag.NArg() > 0 {
		fail(fmt.Errorf("unexpected argument %q; flags look like -dir build/web", flag.Arg(0)), 2)
	}
	if err := serve(*addr, *dir); err != nil {
		fail(err, 1)
	}
}

func fail(err error, code int) {
	fmt.Fprintln(os.Stderr, "webserve:", err)
	os.Exit(code)
}

func serve(addr, dir string) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("-dir %s: not a folder; run make web-build first", dir)
	}
	defer root.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Printf("serving %s on http://%s/\n", dir, ln.Addr())
	srv := &http.Server{Handler: handler(root), ReadHeaderTimeout: 10 * time.Second}
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// compressible lists what goes out gzipped to browsers that accept it, with
// its type, set here because ServeContent would otherwise sniff the
// compressed bytes. .wasm is application/wasm whatever the system's MIME
// tables say: browsers compile it while it downloads only with that type.
var compressible = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".wasm": "application/wasm",
}

// handler serves the regular files under root and nothing else, so that a
// .git, an .env or a link left in the folder by accident stays private: no
// folder listings (/ is index.html), no dotfiles or dot-folders, and no
// symlink out of the folder. Symlinks are followed only where os.Root
// follows them: relative ones that stay inside. Absolute ones are refused
// even when they point inside (make web-build copies its files). os.Root
// checks each step as it opens it, so unlike a filepath.EvalSymlinks check
// before the open, a link swapped in between cannot lead out.
//
// Every response must be revalidated (no-cache, with an ETag and
// Last-Modified) so that a rebuild shows on the next reload.
func handler(root *os.Root) http.Handler {
	return &server{root: root, gzipped: map[string]gzipped{}}
}

type server struct {
	root    *os.Root
	mu      sync.Mutex         // guards gzipped
	gzipped map[string]gzipped // by file name
}

// gzipped is one version of a file, compressed.
type gzipped struct {
	modTime time.Time
	size    int64
	data    []byte
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
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
		http.NotFound(w, r)
		return
	}
	f, err := s.root.Open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}

	tag := fmt.Sprintf("%x-%x", fi.ModTime().UnixNano(), fi.Size())
	var content io.ReadSeeker = f
	if ctype, ok := compressible[path.Ext(name)]; ok {
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			data, err := s.compressed(name, f, fi)
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Encoding", "gzip")
			tag += "-gzip" // another representation, so another tag
			content = bytes.NewReader(data)
		}
	}
	w.Header().Set("ETag", `"`+tag+`"`)
	http.ServeContent(w, r, name, fi.ModTime(), content)
}

// fileName maps a URL path (already decoded, so %2e%2e%2f is ../ here) to a
// name under the folder, or reports that nothing is served there: a folder
// (a trailing slash), a dotfile or dot-folder, and anything with "..", an
// empty element or a backslash (a separator on Windows) in it. A name that
// turns out to be a folder is refused after opening it.
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

// compressed returns f gzipped, compressing each version of a file (its
// name, modification time and size) once: the wasm is tens of megabytes and
// is fetched on every reload. The lock is held while compressing so that
// requests arriving together wait for one compression instead of each
// doing it.
func (s *server) compressed(name string, f io.Reader, fi fs.FileInfo) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.gzipped[name]; ok && c.modTime.Equal(fi.ModTime()) && c.size == fi.Size() {
		return c.data, nil
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := io.Copy(zw, f); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	s.gzipped[name] = gzipped{modTime: fi.ModTime(), size: fi.Size(), data: buf.Bytes()}
	return buf.Bytes(), nil
}
