package config_test

import (
	"io"
	"strings"
	"testing"

	"github.com/firefly-observatory/fireflies/config"
)

// oneLine reports whether msg prints as one plain line: no line breaks and
// no control characters echoed from the input.
func oneLine(msg string) bool {
	for _, r := range msg {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029' {
			return false
		}
	}
	return msg != ""
}

// FuzzParse feeds arbitrary command lines (arguments separated by NUL) to
// every build's parser: it never panics, an error is one plain line, and a
// configuration it accepts is one the simulation can build.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"-grid\x0050x50", "-grid=3x16384\x00-seed=1", "-period\x0090ms", "---grid=3", "-help=false",
		"-a\nb", "-\x1b[31m", "-json=maybe", "-draw\x00rgba", "--\x00stray", "-workers=0",
		"-duration\x001h\x00-realtime", "-mode=render\x00-sources=10000000\x00-rate=10",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		args := strings.Split(line, "\x00")
		for _, b := range []config.Build{config.Window, config.Headless, config.Browser} {
			c, err := config.Parse(args, b, io.Discard)
			if err != nil {
				if !oneLine(err.Error()) {
					t.Fatalf("%v build, %q: error %q is not one plain line", b, args, err)
				}
				continue
			}
			if c.Help {
				continue
			}
			m := c.Model
			if m.Width < 3 || m.Height < 3 || m.Width > config.MaxSide || m.Height > config.MaxSide ||
				m.Period <= 0 || m.Refractory < 0 || m.Refractory >= m.Period || m.Jitter < 0 || m.Jitter >= m.Period ||
				!(m.Glow > 0 && m.Glow <= 1) || c.Workers < 1 || c.Duration < 0 {
				t.Fatalf("%v build accepted %q as %+v", b, args, c)
			}
		}
	})
}

// FuzzQueryArgs feeds arbitrary URL queries to the page's reading of them:
// it never panics, errors are one plain line, and what it makes of a query
// parses as the browser build's flags without panicking either.
func FuzzQueryArgs(f *testing.F) {
	for _, seed := range []string{
		"?grid=256x256&seed=7", "?help", "?grid=%zz", "?=1", "?a%0Ab=1", "?&&", "?-grid=5&json",
		"?grid=64x48&seed=7&grid=2x2", "?%E2%80%A8=1", "?grid=3x8192",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, query string) {
		args, err := config.QueryArgs(query)
		if err != nil {
			if !oneLine(err.Error()) {
				t.Fatalf("%q: error %q is not one plain line", query, err)
			}
			return
		}
		if _, err := config.Parse(args, config.Browser, io.Discard); err != nil && !oneLine(err.Error()) {
			t.Fatalf("%q: error %q is not one plain line", query, err)
		}
	})
}
