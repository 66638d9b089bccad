// Package preflight runs before ebiten's package initialisation in the
// window build, which panics when there is no display. Imported by package
// main, it answers what needs no window — the analyze subcommand, the
// headless build's subcommands (with a line that points there), -help and
// bad flags — and turns a missing or unreachable X display into a
// one-line error.
//
// Go initialises packages in import-path order among those whose imports
// are ready, and this one imports no ebiten package, so its init runs
// before github.com/hajimehoshi/ebiten's; the end-to-end test
// TestWindowWithoutDisplay runs the window binary without a display to
// check that.
package preflight

import (
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/firefly-observatory/fireflies/analyze"
	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/preflight/x11"
)

func init() {
	if len(os.Args) > 1 {
		if known, err := config.Subcommand(os.Args[1], config.Window); known {
			if err != nil { // sweep, merge, plot: the headless build's
				fmt.Fprintln(os.Stderr, "fireflies:", err)
				os.Exit(2)
			}
			os.Exit(analyzeCommand(os.Args[2:]))
		}
	}
	// Package main parses the flags again once ebiten is up; this pass
	// only answers, without a display, what needs none.
	cfg, err := config.Parse(os.Args[1:], config.Window, os.Stdout)
	switch {
	case err != nil:
		fmt.Fprintln(os.Stderr, "fireflies:", err)
		os.Exit(2)
	case cfg.Help:
		os.Exit(0)
	}
	if !needsX11() {
		return
	}
	display := os.Getenv("DISPLAY")
	if display == "" {
		fail("no display (DISPLAY is not set)")
	}
	if ok, why := reachable(display); !ok {
		fail(why)
	}
}

func fail(why string) {
	fmt.Fprintln(os.Stderr, "fireflies: "+why+": the window build needs X11; run under xvfb-run or use the headless build (go run -tags headless .)")
	os.Exit(1)
}

// needsX11 reports whether this platform's ebiten opens its window
// through X11 (GLFW).
func needsX11() bool {
	switch runtime.GOOS {
	case "linux", "freebsd", "netbsd", "openbsd", "dragonfly":
		return true
	}
	return false
}

// reachable tries to open an X display named like ":0", ":0.0",
// "unix:1" or "host:0": connect, and make the X11 handshake (see
// [x11.Handshake]). A server that answers but refuses is asked again for up to
// 3 s — a server resets, and refuses meanwhile, when its last client
// leaves — and its last reason is returned. Forms it does not know are
// given the benefit of the doubt.
func reachable(display string) (ok bool, why string) {
	i := strings.LastIndex(display, ":")
	if i < 0 {
		return true, ""
	}
	host, num := display[:i], display[i+1:]
	num, _, _ = strings.Cut(num, ".")
	n, err := strconv.Atoi(num)
	if err != nil {
		return true, ""
	}
	local := host == "" || host == "unix"
	dial := func() (net.Conn, error) {
		if local {
			path := "/tmp/.X11-unix/X" + strconv.Itoa(n)
			c, err := net.DialTimeout("unix", path, time.Second)
			if err != nil {
				c, err = net.DialTimeout("unix", "@"+path, time.Second)
			}
			return c, err
		}
		return net.DialTimeout("tcp", net.JoinHostPort(host, strconv.Itoa(6000+n)), time.Second)
	}
	deadline := time.Now().Add(3 * time.Second)
	for {
		c, err := dial()
		if err != nil {
			return false, "cannot reach the X display " + strconv.Quote(display)
		}
		err = x11.Handshake(c, n, local)
		c.Close()
		if err == nil {
			return true, ""
		}
		if time.Now().After(deadline) {
			return false, "the X display " + strconv.Quote(display) + " refused the connection (" + err.Error() + ")"
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// analyzeCommand runs `fireflies analyze FILE.jsonl` and returns the exit
// status: 2 for bad input, as for any bad flag.
func analyzeCommand(args []string) int {
	if err := analyze.RunFile(args, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "fireflies:", err)
		if analyze.IsUsage(err) {
			return 2
		}
		return 1
	}
	return 0
}
