// Command webserve serves a folder over HTTP, by default the browser build
// (make web-build) on http://127.0.0.1:8080/, and prints its URL. It is all
// make web needs: nothing is fetched at run time.
package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path"
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
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("-dir %s: not a folder; run make web-build first", dir)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Printf("serving %s on http://%s/\n", dir, ln.Addr())
	srv := &http.Server{Handler: handler(dir), ReadHeaderTimeout: 10 * time.Second}
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// handler serves the files under dir, revalidated on every load so that a
// rebuild shows on the next reload. .wasm goes out as application/wasm
// whatever the system's MIME tables say: browsers compile it while it
// downloads only with that type.
func handler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		if path.Ext(r.URL.Path) == ".wasm" {
			w.Header().Set("Content-Type", "application/wasm")
		}
		files.ServeHTTP(w, r)
	})
}
