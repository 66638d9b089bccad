package x11

import (
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// entry is one record of an Xauthority file.
func entry(family uint16, address, number, data string) []byte {
	var b []byte
	b = binary.BigEndian.AppendUint16(b, family)
	for _, f := range []string{address, number, "MIT-MAGIC-COOKIE-1", data} {
		b = binary.BigEndian.AppendUint16(b, uint16(len(f)))
		b = append(b, f...)
	}
	return b
}

func TestCookie(t *testing.T) {
	path := filepath.Join(t.TempDir(), "Xauthority")
	file := bytes.Join([][]byte{
		entry(256, "otherhost", "0", "A"),
		entry(256, "myhost", "1", "B"),
		entry(65535, "", "0", "C"),
		entry(256, "myhost", "0", "D"),
	}, nil)
	if err := os.WriteFile(path, file, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		host    string
		display int
		local   bool
		want    string
	}{
		{"myhost", 0, true, "D"},    // this host's, though a wild one comes first
		{"nohost", 0, true, "C"},    // no entry of this host: the wild one
		{"myhost", 1, true, "B"},    // the display's number decides
		{"myhost", 5, true, ""},     // none: no authorisation
		{"nohost", 0, false, "A"},   // over TCP, the first for the number
		{"otherhost", 0, true, "A"}, // another host's entry is this one's on that host
	} {
		name, data := Cookie(path, tc.host, tc.display, tc.local)
		if string(data) != tc.want || (tc.want != "") != (string(name) == "MIT-MAGIC-COOKIE-1") {
			t.Errorf("host %s display %d local %v: got %q %q, want %q", tc.host, tc.display, tc.local, name, data, tc.want)
		}
	}
	// A cut file, or none, gives no authorisation and no panic.
	for n := range len(file) {
		os.WriteFile(path, file[:n], 0o600)
		Cookie(path, "myhost", 0, true)
	}
	if name, data := Cookie(filepath.Join(t.TempDir(), "none"), "myhost", 0, true); name != nil || data != nil {
		t.Errorf("no file: got %q %q", name, data)
	}
}

// TestHandshake runs the handshake against a server that checks the
// request's cookie and takes it or refuses with a reason.
func TestHandshake(t *testing.T) {
	host, _ := os.Hostname()
	path := filepath.Join(t.TempDir(), "Xauthority")
	if err := os.WriteFile(path, entry(256, host, "7", "secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XAUTHORITY", path)
	serve := func(c net.Conn) {
		defer c.Close()
		head := make([]byte, 12)
		if _, err := io.ReadFull(c, head); err != nil {
			return
		}
		n, d := binary.LittleEndian.Uint16(head[6:]), binary.LittleEndian.Uint16(head[8:])
		rest := make([]byte, (int(n)+3)&^3+(int(d)+3)&^3)
		io.ReadFull(c, rest)
		data := string(rest[(int(n)+3)&^3:][:d])
		if head[0] != 'l' || binary.LittleEndian.Uint16(head[2:]) != 11 || data != "secret" {
			reason := "No protocol specified"
			c.Write(append([]byte{0, byte(len(reason)), 11, 0, 0, 0, 0, 0}, reason...))
			return
		}
		c.Write([]byte{1, 0, 11, 0, 0, 0, 0, 0})
	}
	for _, tc := range []struct {
		display int
		want    string
	}{
		{7, ""},                      // the display's cookie: taken
		{8, "No protocol specified"}, // no cookie for display 8: refused, with the server's reason
	} {
		client, server := net.Pipe()
		go serve(server)
		err := Handshake(client, tc.display, true)
		client.Close()
		if got := ""; err != nil {
			got = err.Error()
			if !strings.Contains(got, tc.want) || tc.want == "" {
				t.Errorf("display %d: %v, want %q", tc.display, err, tc.want)
			}
		} else if tc.want != "" {
			t.Errorf("display %d: taken, want refused with %q", tc.display, tc.want)
		}
	}
}
