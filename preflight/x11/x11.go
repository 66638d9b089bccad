// Package x11 opens an X11 connection far enough to learn whether the
// server takes it: the connection setup of the X protocol, with the
// display's cookie from the Xauthority file, as Xlib makes it.
package x11

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Handshake opens an X11 connection on c as Xlib does — the connection
// setup, with the display's MIT-MAGIC-COOKIE-1 from the Xauthority file
// when there is one (see [Cookie]) — and returns the server's reason if it
// refuses. local says c is a connection on this machine.
func Handshake(c net.Conn, display int, local bool) error {
	host, _ := os.Hostname()
	name, data := Cookie(xauthority(), host, display, local)
	req := make([]byte, 12, 12+pad(len(name))+pad(len(data)))
	req[0] = 'l' // little-endian
	binary.LittleEndian.PutUint16(req[2:], 11)
	binary.LittleEndian.PutUint16(req[6:], uint16(len(name)))
	binary.LittleEndian.PutUint16(req[8:], uint16(len(data)))
	req = append(req, name...)
	req = append(req, make([]byte, pad(len(name))-len(name))...)
	req = append(req, data...)
	req = append(req, make([]byte, pad(len(data))-len(data))...)
	c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := c.Write(req); err != nil {
		return err
	}
	var head [8]byte
	if _, err := io.ReadFull(c, head[:]); err != nil {
		return err
	}
	switch head[0] {
	case 1:
		return nil
	case 0: // failed: a reason of head[1] bytes follows
		reason := make([]byte, head[1])
		io.ReadFull(c, reason)
		return errors.New(string(bytes.TrimSpace(reason)))
	}
	return errors.New("the server asks for more authentication than a cookie")
}

func pad(n int) int { return (n + 3) &^ 3 }

// xauthority is the Xauthority file: $XAUTHORITY, else ~/.Xauthority.
func xauthority() string {
	if path := os.Getenv("XAUTHORITY"); path != "" {
		return path
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".Xauthority")
}

// Cookie finds a display's authorisation in the Xauthority file at path
// as Xlib does: for a connection on this machine (local), an entry of
// this host (family 256 with the host's name) or of any host (family
// 65535) for the display's number, this host's first; over TCP any entry
// for the number. None found, or no file: no authorisation, as Xlib sends
// then.
func Cookie(path, host string, display int, local bool) (name, data []byte) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil
	}
	field := func() []byte {
		if len(b) < 2 {
			b = nil
			return nil
		}
		n := int(binary.BigEndian.Uint16(b))
		if len(b) < 2+n {
			b = nil
			return nil
		}
		f := b[2 : 2+n]
		b = b[2+n:]
		return f
	}
	want := strconv.Itoa(display)
	var wild [2][]byte
	for len(b) >= 2 {
		family := binary.BigEndian.Uint16(b)
		b = b[2:]
		address, number, n, d := field(), field(), field(), field()
		if b == nil {
			break
		}
		if len(number) != 0 && string(number) != want {
			continue
		}
		switch {
		case !local || family == 256 && string(address) == host:
			return n, d
		case family == 65535 && wild[0] == nil:
			wild = [2][]byte{n, d}
		}
	}
	return wild[0], wild[1]
}
