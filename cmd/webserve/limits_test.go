package main

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// patience is how long a test waits for the server to end what a limit
// ends: generous, so that only a hang fails.
const patience = 10 * time.Second

// startServer serves dir on 127.0.0.1 with lim, the handler wrapped by
// wrap, until the test ends, and returns its address and what it logs.
func startServer(t *testing.T, dir string, lim limits, wrap func(http.Handler) http.Handler) (string, *logBuffer) {
	t.Helper()
	srv, logs := newServerFor(t, dir, lim)
	if wrap != nil {
		srv.Handler = wrap(srv.Handler)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String(), logs
}

// dialSmall connects to addr with a small receive buffer, so that what the
// server sends waits on what the client reads instead of filling
// megabytes of kernel buffers.
func dialSmall(t *testing.T, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var err error
		cerr := c.Control(func(fd uintptr) {
			err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096)
		})
		return cmp.Or(cerr, err)
	}}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// Each connection that stops making progress must be closed by the server:
// before, idle kept-alive connections stayed open for good, and so did one
// whose second request stopped within its first four bytes.
func TestServerLimits(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"index.html": "<!DOCTYPE html>"})
	addr, _ := startServer(t, dir, limits{header: 100 * time.Millisecond, idle: 200 * time.Millisecond, stall: time.Second}, nil)
	const get = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
	for _, tc := range []struct {
		name       string
		send       string // before waiting for responses
		responses  int    // whole ones to read
		thenSend   string // after them
		wantStatus int    // of the last response read
	}{
		{"idle before any request", "", 0, "", 0},
		{"a partial first request", "GET / HT", 0, "", 0},
		{"idle after a request", get, 1, "", http.StatusOK},
		{"idle after two requests", get + get, 2, "", http.StatusOK},
		{"a second request of two bytes", get, 1, "GE", http.StatusOK},
		{"a second request past its first four bytes", get, 1, "GET / HTTP/1.1\r\nHost:", http.StatusOK},
		{"a body that never ends", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab", 1, "", http.StatusMethodNotAllowed},
		{"a chunked body that never ends", "PUT / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nab", 1, "", http.StatusMethodNotAllowed},
		{"a GET body that never ends", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab", 1, "", http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if err := conn.SetDeadline(time.Now().Add(patience)); err != nil {
				t.Fatal(err)
			}
			if _, err := io.WriteString(conn, tc.send); err != nil {
				t.Fatal(err)
			}
			br := bufio.NewReader(conn)
			for i := range tc.responses {
				resp, err := http.ReadResponse(br, nil)
				if err != nil {
					t.Fatalf("response %d: %v", i+1, err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if i == tc.responses-1 && resp.StatusCode != tc.wantStatus {
					t.Errorf("response %d: got %s, want %d", i+1, resp.Status, tc.wantStatus)
				}
			}
			if _, err := io.WriteString(conn, tc.thenSend); err != nil {
				t.Fatal(err)
			}
			// The server closing the connection ends this copy: EOF, or a
			// reset when it closed with bytes unread.
			_, err = io.Copy(io.Discard, br)
			if errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("connection still open after %v", patience)
			}
		})
	}
}

// bigFile writes a file bigger than the kernel's buffers on both ends
// together, in a type that is not compressed, and returns its content.
func bigFile(t *testing.T, dir string) []byte {
	t.Helper()
	data := bytes.Repeat([]byte("fireflies flash in the dark "), 24<<20/28)
	if err := os.WriteFile(filepath.Join(dir, "big.bin"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return data
}

// A client that asks for a big file and reads none of it must be cut off:
// before, nothing limited a write, so each such client kept its response,
// the handler and the file open for good.
func TestServerCutsStalledClient(t *testing.T) {
	dir := t.TempDir()
	bigFile(t, dir)
	done := make(chan struct{})
	addr, logs := startServer(t, dir, limits{header: time.Second, idle: time.Second, stall: 200 * time.Millisecond}, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.ServeHTTP(w, r)
			close(done)
		})
	})
	conn := dialSmall(t, addr)
	if _, err := io.WriteString(conn, "GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(patience):
		t.Fatalf("still sending after %v to a client that reads nothing", patience)
	}
	want := `GET "/big.bin": cut: the client read nothing for 200ms`
	if got := logs.lines(); len(got) != 1 || !strings.Contains(got[0], want) {
		t.Errorf("logged %q, want one line with %q", got, want)
	}
}

// The write limit is per write, not per response: a client that reads a
// big file slowly, taking many times the limit in all, gets all of it.
func TestServerStreamsToSlowClient(t *testing.T) {
	dir := t.TempDir()
	data := bigFile(t, dir)
	const stall, pause = time.Second, 10 * time.Millisecond // pause ≪ stall
	addr, logs := startServer(t, dir, limits{header: time.Second, idle: time.Second, stall: stall}, nil)
	conn := dialSmall(t, addr)
	if _, err := io.WriteString(conn, "GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got bytes.Buffer
	chunk := make([]byte, 64<<10)
	for range len(data)/len(chunk) + 2 { // in all, several times stall
		n, err := io.ReadFull(resp.Body, chunk)
		got.Write(chunk[:n])
		if err != nil {
			break
		}
		time.Sleep(pause)
	}
	if got.Len() != len(data) || !bytes.Equal(got.Bytes(), data) {
		t.Errorf("got %d bytes, want the file's %d", got.Len(), len(data))
	}
	if lines := logs.lines(); len(lines) != 0 {
		t.Errorf("logged %q, want nothing", lines)
	}
}
