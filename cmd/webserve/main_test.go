package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// secret is in every file the handler must not serve.
const secret = "SECRET"

// writeFiles writes files (name to content) under dir, making folders as
// needed.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// logBuffer holds what a server logs; its handlers write to it from their
// own goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// lines returns the lines logged so far.
func (l *logBuffer) lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buf.Len() == 0 {
		return nil
	}
	return strings.Split(strings.TrimSuffix(l.buf.String(), "\n"), "\n")
}

// newServerFor serves dir, as serve does, with the given limits, and
// returns what it logs.
func newServerFor(t *testing.T, dir string, lim limits) (*http.Server, *logBuffer) {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	logs := &logBuffer{}
	return newServer(root, lim, logs), logs
}

// newHandler serves dir, as serve does.
func newHandler(t *testing.T, dir string) http.Handler {
	t.Helper()
	srv, _ := newServerFor(t, dir, defaultLimits)
	return srv.Handler
}

// newSite returns a handler for base/web, where base also holds secrets
// beside web and symlinks in web lead to them, and to files inside.
func newSite(t *testing.T) http.Handler {
	t.Helper()
	base := t.TempDir()
	web := filepath.Join(base, "web")
	writeFiles(t, base, map[string]string{
		"secret.txt":         secret + " beside the folder",
		"outside/secret.txt": secret + " in a folder beside it",
		"web/index.html":     "<!DOCTYPE html>",
		"web/sub/page.html":  "<p>page</p>",
		"web/.env":           secret + " in a dotfile",
		"web/.git/config":    secret + " in a dot-folder",
		"web/sub/.hidden":    secret + " in a dotfile below",
	})
	for link, target := range map[string]string{
		"abs.txt":    filepath.Join(base, "secret.txt"),
		"rel.txt":    "../secret.txt",
		"sub/up.txt": "../../secret.txt",
		"outdir":     filepath.Join(base, "outside"),
		"reldir":     "../outside",
		"in.html":    "index.html",
		"absin.html": filepath.Join(web, "index.html"),
	} {
		if err := os.Symlink(target, filepath.Join(web, link)); err != nil {
			t.Fatal(err)
		}
	}
	return newHandler(t, web)
}

// fetch sends the request line's target as it is, unlike a client, which
// may clean or re-encode it.
func fetch(h http.Handler, target string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
	return w
}

func TestHandlerServesOnlyFilesInside(t *testing.T) {
	h := newSite(t)
	for _, tc := range []struct {
		target string
		status int
	}{
		{"/", http.StatusOK},
		{"/sub/page.html", http.StatusOK},
		{"/in.html", http.StatusOK}, // a relative symlink that stays inside

		// Symlinks out of the folder.
		{"/abs.txt", http.StatusNotFound},
		{"/rel.txt", http.StatusNotFound},
		{"/sub/up.txt", http.StatusNotFound},
		{"/outdir/secret.txt", http.StatusNotFound},
		{"/outdir/", http.StatusNotFound},
		{"/outdir", http.StatusNotFound},
		{"/reldir/secret.txt", http.StatusNotFound},
		{"/reldir/", http.StatusNotFound},
		// Absolute symlinks are refused even when they point inside.
		{"/absin.html", http.StatusNotFound},

		// No listings.
		{"/sub/", http.StatusNotFound},
		{"/sub", http.StatusNotFound},
		{"/sub//", http.StatusNotFound},
		{"/sub/.", http.StatusNotFound},

		// No dotfiles or dot-folders.
		{"/.env", http.StatusNotFound},
		{"/.git/config", http.StatusNotFound},
		{"/.git/", http.StatusNotFound},
		{"/.git", http.StatusNotFound},
		{"/sub/.hidden", http.StatusNotFound},
		{"/%2eenv", http.StatusNotFound},
	} {
		w := fetch(h, tc.target)
		if w.Code != tc.status {
			t.Errorf("%s: got %d, want %d", tc.target, w.Code, tc.status)
		}
		if body := w.Body.String(); strings.Contains(body, secret) {
			t.Errorf("%s: got %q, want no secret", tc.target, body)
		}
	}
}

func TestHandlerNoRootListing(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"fireflies.wasm": "\x00asm"})
	if w := fetch(newHandler(t, dir), "/"); w.Code != http.StatusNotFound {
		t.Errorf("/ without index.html: got %d %q, want 404", w.Code, w.Body)
	}
}

func TestHandlerRefusesTraversal(t *testing.T) {
	h := newSite(t)
	for _, target := range []string{
		"/../secret.txt",
		"/sub/../../secret.txt",
		"/./../secret.txt",
		"/%2e%2e/secret.txt",
		"/%2E%2E/secret.txt",
		"/.%2e/secret.txt",
		"/..%2fsecret.txt",
		"/%2e%2e%2fsecret.txt",
		"/sub/..%2f..%2fsecret.txt",
		`/..\secret.txt`,
		"/..%5csecret.txt",
		"/%2e%2e%5csecret.txt",
		"/%252e%252e/secret.txt",
		"/%252e%252e%252fsecret.txt",
		"/..%252fsecret.txt",
		"/..;/secret.txt",
		"//" + strings.TrimPrefix(filepath.ToSlash(filepath.Join(os.TempDir(), "x", "..", "..", "etc", "passwd")), "/"),
		"/../../../../../../etc/passwd",
		"/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
		"/index.html%00/../../secret.txt",
	} {
		w := fetch(h, target)
		if w.Code != http.StatusNotFound {
			t.Errorf("%s: got %d, want 404", target, w.Code)
		}
		if body := w.Body.String(); strings.Contains(body, secret) || strings.Contains(body, "root:") {
			t.Errorf("%s: got %q, want no outside content", target, body)
		}
	}
}

// get fetches url with the given Accept-Encoding.
func get(t *testing.T, url, acceptEncoding string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	return roundTrip(t, req)
}

// roundTrip sends req, following no redirects and undoing no encoding, so
// that the test sees what went over the wire.
func roundTrip(t *testing.T, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// gunzip returns data decompressed.
func gunzip(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestHandler(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"index.html": "<!DOCTYPE html>", "fireflies.wasm": "\x00asm"})
	srv := httptest.NewServer(newHandler(t, dir))
	defer srv.Close()
	for _, tc := range []struct {
		path, status, contentType, body, location string
	}{
		{"/", "200 OK", "text/html; charset=utf-8", "<!DOCTYPE html>", ""},
		{"/index.html?grid=64&seed=7", "301 Moved Permanently", "", "", "./?grid=64&seed=7"}, // the query is the run
		{"/fireflies.wasm", "200 OK", "application/wasm", "\x00asm", ""},
		{"/missing.wasm", "404 Not Found", "", "", ""},
	} {
		resp, body := get(t, srv.URL+tc.path, "")
		if resp.Status != tc.status {
			t.Errorf("%s: got %s, want %s", tc.path, resp.Status, tc.status)
			continue
		}
		if got := resp.Header.Get("Content-Type"); tc.contentType != "" && got != tc.contentType {
			t.Errorf("%s: Content-Type: got %q, want %q", tc.path, got, tc.contentType)
		}
		if got := resp.Header.Get("Location"); got != tc.location {
			t.Errorf("%s: Location: got %q, want %q", tc.path, got, tc.location)
		}
		if got := resp.Header.Get("Cache-Control"); got != "no-cache" {
			t.Errorf("%s: Cache-Control: got %q, want no-cache", tc.path, got)
		}
		if tc.body != "" && string(body) != tc.body {
			t.Errorf("%s: got %q, want %q", tc.path, body, tc.body)
		}
	}
}

func TestHandlerGzip(t *testing.T) {
	files := map[string]string{
		"index.html":     "<!DOCTYPE html><p>fireflies</p>",
		"wasm_exec.js":   "\"use strict\"; globalThis.Go = class {};",
		"fireflies.wasm": "\x00asm\x01\x00\x00\x00",
		"notes.txt":      "not compressed",
	}
	dir := t.TempDir()
	writeFiles(t, dir, files)
	srv := httptest.NewServer(newHandler(t, dir))
	defer srv.Close()
	for _, tc := range []struct {
		file, acceptEncoding string
		gzipped              bool
		contentType          string
	}{
		{"fireflies.wasm", "gzip, deflate, br", true, "application/wasm"},
		{"fireflies.wasm", "", false, "application/wasm"},
		{"fireflies.wasm", "br", false, "application/wasm"},
		{"fireflies.wasm", "gzip;q=0", false, "application/wasm"},
		{"fireflies.wasm", "br;q=1.0, GZIP;q=0.5", true, "application/wasm"},
		{"wasm_exec.js", "gzip", true, "text/javascript; charset=utf-8"},
		{"index.html", "gzip", true, "text/html; charset=utf-8"},
		{"notes.txt", "gzip", false, "text/plain; charset=utf-8"},
	} {
		url := srv.URL + "/" + tc.file
		if tc.file == "index.html" {
			url = srv.URL + "/" // /index.html redirects there
		}
		resp, body := get(t, url, tc.acceptEncoding)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s (%q): got %s, want 200", tc.file, tc.acceptEncoding, resp.Status)
			continue
		}
		wantEncoding := ""
		if tc.gzipped {
			wantEncoding = "gzip"
		}
		if got := resp.Header.Get("Content-Encoding"); got != wantEncoding {
			t.Errorf("%s (%q): Content-Encoding: got %q, want %q", tc.file, tc.acceptEncoding, got, wantEncoding)
			continue
		}
		if tc.gzipped {
			body = gunzip(t, body)
		}
		if got := resp.Header.Get("Content-Type"); got != tc.contentType {
			t.Errorf("%s (%q): Content-Type: got %q, want %q", tc.file, tc.acceptEncoding, got, tc.contentType)
		}
		wantVary := ""
		if tc.file != "notes.txt" {
			wantVary = "Accept-Encoding"
		}
		if got := resp.Header.Get("Vary"); got != wantVary {
			t.Errorf("%s (%q): Vary: got %q, want %q", tc.file, tc.acceptEncoding, got, wantVary)
		}
		if string(body) != files[tc.file] {
			t.Errorf("%s (%q): got %q, want %q", tc.file, tc.acceptEncoding, body, files[tc.file])
		}
	}
}

func TestHandlerGzipBigWasm(t *testing.T) {
	wasm := bytes.Repeat([]byte("\x00asm fireflies flash "), 8<<20/21)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "fireflies.wasm"), wasm, 0o644); err != nil {
		t.Fatal(err)
	}
	h := newHandler(t, dir)
	// Loads at once, as in a burst of reloads: each must get the whole file.
	sent := make([]*httptest.ResponseRecorder, 4)
	var wg sync.WaitGroup
	for i := range sent {
		wg.Go(func() {
			req := httptest.NewRequest("GET", "/fireflies.wasm", nil)
			req.Header.Set("Accept-Encoding", "gzip")
			sent[i] = httptest.NewRecorder()
			h.ServeHTTP(sent[i], req)
		})
	}
	wg.Wait()
	for _, w := range sent {
		if got := w.Header().Get("Content-Encoding"); got != "gzip" {
			t.Fatalf("Content-Encoding: got %q, want gzip", got)
		}
		if w.Body.Len() >= len(wasm) {
			t.Errorf("sent %d bytes, want under the file's %d", w.Body.Len(), len(wasm))
		}
		if !bytes.Equal(gunzip(t, w.Body.Bytes()), wasm) {
			t.Errorf("decompressed body differs from the file")
		}
	}
}

// A rebuild must show on the next reload, even though the compressed wasm
// is cached.
func TestHandlerGzipNewVersion(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "fireflies.wasm")
	srv := httptest.NewServer(newHandler(t, dir))
	defer srv.Close()
	modTime := time.Now()
	for _, version := range []string{"version 1", "version 2"} { // the same size
		if err := os.WriteFile(name, []byte(version), 0o644); err != nil {
			t.Fatal(err)
		}
		modTime = modTime.Add(time.Second)
		if err := os.Chtimes(name, modTime, modTime); err != nil {
			t.Fatal(err)
		}
		resp, body := get(t, srv.URL+"/fireflies.wasm", "gzip")
		if got := resp.Header.Get("Content-Encoding"); got != "gzip" {
			t.Fatalf("Content-Encoding: got %q, want gzip", got)
		}
		if got := string(gunzip(t, body)); got != version {
			t.Errorf("got %q, want %q", got, version)
		}
	}
}

func TestHandlerRevalidates(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"fireflies.wasm": "\x00asm"})
	srv := httptest.NewServer(newHandler(t, dir))
	defer srv.Close()
	tags := map[string]bool{}
	for _, acceptEncoding := range []string{"", "gzip"} {
		resp, _ := get(t, srv.URL+"/fireflies.wasm", acceptEncoding)
		tag := resp.Header.Get("ETag")
		if tag == "" || tags[tag] {
			t.Errorf("%q: ETag: got %q, want one of its own", acceptEncoding, tag)
		}
		tags[tag] = true
		req, _ := http.NewRequest("GET", srv.URL+"/fireflies.wasm", nil)
		req.Header.Set("Accept-Encoding", acceptEncoding)
		req.Header.Set("If-None-Match", tag)
		if resp, _ := roundTrip(t, req); resp.StatusCode != http.StatusNotModified {
			t.Errorf("%q: If-None-Match %s: got %s, want 304", acceptEncoding, tag, resp.Status)
		}
	}
}

func TestHandlerMethods(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"index.html": "<!DOCTYPE html>", "fireflies.wasm": "\x00asm"})
	h := newHandler(t, dir)
	for _, tc := range []struct {
		method, target string
		status         int
	}{
		{"GET", "/", http.StatusOK},
		{"HEAD", "/", http.StatusOK},
		{"GET", "/fireflies.wasm", http.StatusOK},
		{"HEAD", "/fireflies.wasm", http.StatusOK},
		{"POST", "/", http.StatusMethodNotAllowed},
		{"PUT", "/fireflies.wasm", http.StatusMethodNotAllowed},
		{"DELETE", "/fireflies.wasm", http.StatusMethodNotAllowed},
		{"PATCH", "/", http.StatusMethodNotAllowed},
		{"OPTIONS", "/", http.StatusMethodNotAllowed},
		{"POST", "/index.html", http.StatusMethodNotAllowed},
		{"POST", "/missing.wasm", http.StatusMethodNotAllowed},
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(tc.method, tc.target, strings.NewReader("body")))
		if w.Code != tc.status {
			t.Errorf("%s %s: got %d, want %d", tc.method, tc.target, w.Code, tc.status)
			continue
		}
		if tc.status != http.StatusMethodNotAllowed {
			continue
		}
		if got := w.Header().Get("Allow"); got != "GET, HEAD" {
			t.Errorf("%s %s: Allow: got %q, want %q", tc.method, tc.target, got, "GET, HEAD")
		}
		if body := w.Body.String(); strings.Contains(body, "DOCTYPE") || strings.Contains(body, "asm") {
			t.Errorf("%s %s: got %q, want no file", tc.method, tc.target, body)
		}
	}
}

// mkfifo makes a named pipe at name, and releases, when the test ends,
// any request left waiting to open it.
func mkfifo(t *testing.T, name string) {
	t.Helper()
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { release(name) })
}

// release lets every open of the named pipe name for reading return.
func release(name string) {
	// Opening the write end does that; it fails (ENXIO) once no reader
	// waits.
	for range 100 {
		f, err := os.OpenFile(name, os.O_WRONLY|syscall.O_NONBLOCK, 0)
		if err != nil {
			return
		}
		f.Close()
	}
}

// serveWithin serves req with h, failing the test if that takes more than
// patience (a handler stuck opening a named pipe stays stuck until the
// test's cleanups release it).
func serveWithin(t *testing.T, h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	w := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.ServeHTTP(w, req)
	}()
	select {
	case <-done:
		return w
	case <-time.After(patience):
		t.Fatalf("%s %s: no answer after %v", req.Method, req.URL, patience)
		return nil
	}
}

// A named pipe in the folder must be refused at once: opening one for
// reading waits for a writer, and every such request kept a thread and two
// descriptors until the process had none left and answered 404 to all.
func TestHandlerRefusesNamedPipes(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"index.html": "<!DOCTYPE html>", "sub/page.html": "<p>page</p>"})
	pipes := []string{"pipe", "pipe.wasm", "sub/pipe.html"}
	for i, name := range pipes {
		pipes[i] = filepath.Join(dir, filepath.FromSlash(name))
		mkfifo(t, pipes[i])
	}
	if err := os.Symlink("pipe.wasm", filepath.Join(dir, "link.wasm")); err != nil {
		t.Fatal(err)
	}
	// A folder whose index.html is a named pipe.
	pipeIndex := t.TempDir()
	pipes = append(pipes, filepath.Join(pipeIndex, "index.html"))
	mkfifo(t, pipes[len(pipes)-1])

	client := &http.Client{Timeout: 10 * time.Second} // generous: a refusal is at once
	defer client.CloseIdleConnections()
	for _, site := range []struct {
		dir     string
		targets []string
	}{
		{dir, []string{"/pipe", "/pipe.wasm", "/sub/pipe.html", "/link.wasm", "/pipe.wasm/x"}},
		{pipeIndex, []string{"/"}},
	} {
		srv := httptest.NewServer(newHandler(t, site.dir))
		t.Cleanup(func() {
			// Close waits for the handlers, so free any stuck in an open.
			for _, name := range pipes {
				release(name)
			}
			srv.Close()
		})
		for round := range 50 {
			for _, target := range site.targets {
				for _, acceptEncoding := range []string{"", "gzip"} {
					req, err := http.NewRequest("GET", srv.URL+target, nil)
					if err != nil {
						t.Fatal(err)
					}
					req.Header.Set("Accept-Encoding", acceptEncoding)
					resp, err := client.Do(req)
					if err != nil {
						t.Fatalf("%s (round %d, %q): %v", target, round, acceptEncoding, err)
					}
					resp.Body.Close()
					if resp.StatusCode != http.StatusNotFound {
						t.Fatalf("%s (%q): got %s, want 404", target, acceptEncoding, resp.Status)
					}
				}
			}
		}
	}
	srv := httptest.NewServer(newHandler(t, dir))
	t.Cleanup(srv.Close)
	for _, target := range []string{"/", "/sub/page.html"} {
		resp, err := client.Get(srv.URL + target)
		if err != nil {
			t.Fatalf("%s after the named pipes: %v", target, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s after the named pipes: got %s, want 200", target, resp.Status)
		}
	}
}

// What is refused, and what goes wrong, is logged, one line each; what is
// missing is not (a browser asks for /favicon.ico on every load).
func TestHandlerLogs(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"index.html": "<!DOCTYPE html>", "sub/page.html": "<p>page</p>"})
	mkfifo(t, filepath.Join(dir, "pipe.wasm"))
	if err := os.Symlink("../secret.txt", filepath.Join(dir, "rel.txt")); err != nil {
		t.Fatal(err)
	}
	srv, logs := newServerFor(t, dir, defaultLimits)
	for _, tc := range []struct {
		method, target string
		want           string // in the one line logged, or "" for none
	}{
		{"GET", "/", ""},
		{"GET", "/favicon.ico", ""},
		{"GET", "/pipe.wasm", `GET "/pipe.wasm": refused: a named pipe`},
		{"HEAD", "/sub", `HEAD "/sub": refused: a folder`},
		{"GET", "/sub/", `GET "/sub/": refused: a folder, a dotfile or a path out of the folder`},
		{"GET", "/.env", `GET "/.env": refused: a folder, a dotfile or a path out of the folder`},
		{"GET", "/rel.txt", `GET "/rel.txt": statat rel.txt: path escapes from parent`},
		{"GET", "/.%0Awebserve:%20forged", `GET "/.\nwebserve: forged": refused`},
		{"DELETE", "/", `DELETE "/": refused: only GET and HEAD are served`},
	} {
		before := len(logs.lines())
		serveWithin(t, srv.Handler, httptest.NewRequest(tc.method, tc.target, nil))
		got := logs.lines()[before:]
		if tc.want == "" {
			if len(got) != 0 {
				t.Errorf("%s %s: logged %q, want nothing", tc.method, tc.target, got)
			}
			continue
		}
		if len(got) != 1 || !strings.HasPrefix(got[0], "webserve: ") || !strings.Contains(got[0], tc.want) {
			t.Errorf("%s %s: logged %q, want one line with %q", tc.method, tc.target, got, tc.want)
		}
	}
}
