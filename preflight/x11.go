package preflight

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

// handshake opens an X11 connection on c as Xlib does — the connection
// setup, with the display's MIT-MAGIC-COOKIE-1 from the Xauthority file
// when there is one — and reports the server's refusal, if it refuses.
// ebiten's initialisation panics where the server refuses; asking first
// turns that into one line, and lets a refusal that passes (a server
// resetting as its last client leaves) be waited out.
func handshake(c net.Conn, display int, local bool) error {
	name, data := cookie(display, local)
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

// cookie finds the display's authorisation in the Xauthority file
// ($XAUTHORITY, else ~/.Xauthority): an entry for this display number,
// local (family 256, or any, 65535) for a connection on this machine.
// None found: no authorisation, as Xlib sends then.
func cookie(display int, local bool) (name, data []byte) {
	path := os.Getenv("XAUTHORITY")
	if path == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return nil, nil
		}
		path = filepath.Join(home, ".Xauthority")
	}
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
	for len(b) >= 2 {
		family := binary.BigEndian.Uint16(b)
		b = b[2:]
		field() // address
		number, n, d := field(), field(), field()
		if b == nil {
			break
		}
		if (family == 65535 || !local || family == 256) && (len(number) == 0 || string(number) == want) {
			return n, d
		}
	}
	return nil, nil
}
