package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"io/fs"
	"sync"
	"time"
)

// gzipCache compresses each version of a file (its name, modification time
// and size) once: the wasm is tens of megabytes and is fetched on every
// reload. Requests for a version being compressed wait for that one
// compression; the lock is never held while compressing, so a big file
// holds up only the requests for it.
type gzipCache struct {
	mu    sync.Mutex             // guards files
	files map[string]*gzipResult // by file name: its latest version
}

// gzipResult is one version of a file, compressed, or being compressed
// until done is closed.
type gzipResult struct {
	modTime time.Time
	size    int64
	done    chan struct{}
	data    []byte // set before done is closed
	err     error  // set before done is closed
}

func newGzipCache() *gzipCache {
	return &gzipCache{files: map[string]*gzipResult{}}
}

// get returns the version fi of the file name gzipped, compressing it from
// src unless it is already compressed or being compressed. It stops
// waiting for another request's compression when ctx ends. A failed
// compression is not kept, so the next request tries again.
func (c *gzipCache) get(ctx context.Context, name string, fi fs.FileInfo, src io.Reader) ([]byte, error) {
	c.mu.Lock()
	res, ok := c.files[name]
	if ok && res.modTime.Equal(fi.ModTime()) && res.size == fi.Size() {
		c.mu.Unlock()
		select {
		case <-res.done:
			return res.data, res.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	res = &gzipResult{modTime: fi.ModTime(), size: fi.Size(), done: make(chan struct{})}
	c.files[name] = res
	c.mu.Unlock()

	res.data, res.err = gzipAll(src)
	close(res.done)
	if res.err != nil {
		c.mu.Lock()
		if c.files[name] == res {
			delete(c.files, name)
		}
		c.mu.Unlock()
	}
	return res.data, res.err
}

// gzipAll returns what src holds, gzipped.
func gzipAll(src io.Reader) ([]byte, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := io.Copy(zw, src); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
