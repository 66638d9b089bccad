package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

func TestHandler(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{"index.html": "<!DOCTYPE html>", "fireflies.wasm": "\x00asm"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(handler(dir))
	defer srv.Close()
	for _, tc := range []struct {
		path, status, contentType, body, location string
	}{
		{"/", "200 OK", "text/html; charset=utf-8", "<!DOCTYPE html>", ""},
		{"/index.html?grid=64&seed=7", "301 Moved Permanently", "", "", "./?grid=64&seed=7"}, // the query is the run
		{"/fireflies.wasm", "200 OK", "application/wasm", "\x00asm", ""},
		{"/missing.wasm", "404 Not Found", "", "", ""},
	} {
		req, _ := http.NewRequest("GET", srv.URL+tc.path, nil)
		resp, err := http.DefaultTransport.RoundTrip(req) // no redirects followed
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.Status != tc.status {
			t.Errorf("%s: got %s, want %s", tc.path, resp.Status, tc.status)
			continue
		}
		if tc.contentType != "" && resp.Header.Get("Content-Type") != tc.contentType {
			t.Errorf("%s: Content-Type %q, want %q", tc.path, resp.Header.Get("Content-Type"), tc.contentType)
		}
		if got := resp.Header.Get("Location"); got != tc.location {
			t.Errorf("%s: Location %q, want %q", tc.path, got, tc.location)
		}
		if tc.body != "" && string(body) != tc.body {
			t.Errorf("%s: got %q, want %q", tc.path, body, tc.body)
		}
	}
}
