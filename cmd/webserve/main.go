// Command webserve serves a folder over HTTP, by default the browser build
// (make web-build) on http://127.0.0.1:8080/, and prints its URL. It is all
// make web needs: nothing is fetched at run time.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
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
	if err := newServer(root, defaultLimits, os.Stderr).Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// limits bound how long a client may hold a connection without making
// progress, so that idle, stalled or half-sent requests do not pile up.
type limits struct {
	header time.Duration // for a request's headers, and for any body it carries
	idle   time.Duration // for the next request on a kept-alive connection
	stall  time.Duration // for each write to the client
}

// defaultLimits are the server's. stall is per write, not per response:
// a write is at most 32 KB, so a client reading 1 KB/s still gets a
// wasm of any size, while one that reads nothing is cut.
var defaultLimits = limits{header: 10 * time.Second, idle: 60 * time.Second, stall: 30 * time.Second}

// newServer returns the server for root, logging what it refuses and what
// goes wrong to logw.
//
// net/http starts a kept-alive connection's header timeout only once the
// next request's first four bytes are in; until then the idle timeout
// holds, so the two together bound a partial second request. There is no
// WriteTimeout, which would cut a big file on a slow link: the handler
// sets a deadline for each write instead.
func newServer(root *os.Root, lim limits, logw io.Writer) *http.Server {
	return &http.Server{
		Handler:           &server{root: root, lim: lim, log: newRateLog(logw), gzipped: newGzipCache()},
		ReadHeaderTimeout: lim.header,
		IdleTimeout:       lim.idle,
	}
}
