package main

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"time"
)

// version is the fs.FileInfo of one version of a file, as the cache sees
// it.
type version struct {
	fs.FileInfo // nil: only the methods below are called
	modTime     time.Time
	size        int64
}

func (v version) ModTime() time.Time { return v.modTime }
func (v version) Size() int64        { return v.size }

// stalledReader reads r once released, and closes started when it is
// first read.
type stalledReader struct {
	r           io.Reader
	once        sync.Once
	started     chan struct{}
	release     chan struct{}
	releaseOnce sync.Once
}

func newStalledReader(content string) *stalledReader {
	return &stalledReader{r: strings.NewReader(content), started: make(chan struct{}), release: make(chan struct{})}
}

func (s *stalledReader) Read(p []byte) (int, error) {
	s.once.Do(func() { close(s.started) })
	<-s.release
	return s.r.Read(p)
}

// unblock lets the reads go on.
func (s *stalledReader) unblock() { s.releaseOnce.Do(func() { close(s.release) }) }

// waitStarted waits for the first read of s, or fails the test after
// patience.
func waitStarted(t *testing.T, s *stalledReader) {
	t.Helper()
	select {
	case <-s.started:
	case <-time.After(patience):
		t.Fatalf("the compression did not start in %v", patience)
	}
}

// readCounter counts its reads.
type readCounter struct {
	r     io.Reader
	mu    sync.Mutex
	reads int
}

func (c *readCounter) Read(p []byte) (int, error) {
	c.mu.Lock()
	c.reads++
	c.mu.Unlock()
	return c.r.Read(p)
}

// gzipGot is what a get for a file returned.
type gzipGot struct {
	data []byte
	err  error
}

// getAsync calls c.get in a goroutine and returns where its result goes.
func getAsync(c *gzipCache, name string, v version, src io.Reader) <-chan gzipGot {
	return getAsyncCtx(context.Background(), c, name, v, src)
}

// getAsyncCtx is getAsync for a request with the context ctx.
func getAsyncCtx(ctx context.Context, c *gzipCache, name string, v version, src io.Reader) <-chan gzipGot {
	out := make(chan gzipGot, 1)
	go func() {
		data, err := c.get(ctx, name, v, src)
		out <- gzipGot{data, err}
	}()
	return out
}

// wait returns what a get sent, or fails the test after patience.
func wait(t *testing.T, what string, result <-chan gzipGot) gzipGot {
	t.Helper()
	select {
	case r := <-result:
		return r
	case <-time.After(patience):
		t.Fatalf("%s: no result after %v", what, patience)
		return gzipGot{}
	}
}

// A big file being compressed must hold up only the requests for it:
// before, one lock was held over every compression, so a 2 GB file kept /
// waiting for seconds.
func TestGzipCacheEachFileOnItsOwn(t *testing.T) {
	c := newGzipCache()
	v := version{modTime: time.Unix(1, 0), size: 3}
	big := newStalledReader("big")
	bigResult := getAsync(c, "fireflies.wasm", v, big)
	defer big.unblock() // on a failure, too, so the goroutine ends
	waitStarted(t, big)
	for _, name := range []string{"index.html", "wasm_exec.js"} {
		r := wait(t, name+" while fireflies.wasm is compressed", getAsync(c, name, v, strings.NewReader(name)))
		if r.err != nil {
			t.Fatalf("%s: %v", name, r.err)
		}
		if got := string(gunzip(t, r.data)); got != name {
			t.Errorf("%s: got %q, want %q", name, got, name)
		}
	}
	big.unblock()
	if r := wait(t, "fireflies.wasm", bigResult); r.err != nil || string(gunzip(t, r.data)) != "big" {
		t.Errorf("fireflies.wasm: got %v, want it compressed", r.err)
	}
}

// Requests for a version being compressed wait for that compression
// instead of each doing it; a new version is compressed anew.
func TestGzipCacheOnce(t *testing.T) {
	c := newGzipCache()
	v1 := version{modTime: time.Unix(1, 0), size: 9}
	first := newStalledReader("version 1")
	firstResult := getAsync(c, "fireflies.wasm", v1, first)
	defer first.unblock()
	waitStarted(t, first)
	var others []*readCounter
	var results []<-chan gzipGot
	for range 4 {
		src := &readCounter{r: strings.NewReader("version 1")}
		others = append(others, src)
		results = append(results, getAsync(c, "fireflies.wasm", v1, src))
	}
	first.unblock()
	results = append(results, firstResult)
	for i, result := range results {
		if r := wait(t, "fireflies.wasm", result); r.err != nil || string(gunzip(t, r.data)) != "version 1" {
			t.Errorf("get %d: got %v, want version 1", i, r.err)
		}
	}
	for i, src := range others {
		if src.reads != 0 {
			t.Errorf("get %d: read the file %d times, want none: it was compressed already", i, src.reads)
		}
	}
	v2 := version{modTime: time.Unix(2, 0), size: 9}
	if data, err := c.get(context.Background(), "fireflies.wasm", v2, strings.NewReader("version 2")); err != nil || string(gunzip(t, data)) != "version 2" {
		t.Errorf("a new version: got %v, want version 2", err)
	}
}

// errReader fails every read.
type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("read failed") }

// A compression that failed is not kept: the next request tries again.
func TestGzipCacheRetriesAfterError(t *testing.T) {
	c := newGzipCache()
	v := version{modTime: time.Unix(1, 0), size: 9}
	if _, err := c.get(context.Background(), "fireflies.wasm", v, errReader{}); err == nil {
		t.Fatal("got no error from a failed read, want one")
	}
	if data, err := c.get(context.Background(), "fireflies.wasm", v, strings.NewReader("fireflies")); err != nil || string(gunzip(t, data)) != "fireflies" {
		t.Errorf("after a failure: got %v, want the file compressed", err)
	}
}

// A request waiting for another's compression stops when its client goes.
func TestGzipCacheWaitEndsWithRequest(t *testing.T) {
	c := newGzipCache()
	v := version{modTime: time.Unix(1, 0), size: 3}
	big := newStalledReader("big")
	bigResult := getAsync(c, "fireflies.wasm", v, big)
	defer func() { big.unblock(); wait(t, "fireflies.wasm", bigResult) }()
	waitStarted(t, big)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if r := wait(t, "a request gone", getAsyncCtx(ctx, c, "fireflies.wasm", v, errReader{})); !errors.Is(r.err, context.Canceled) {
		t.Errorf("got %v, want %v", r.err, context.Canceled)
	}
}
