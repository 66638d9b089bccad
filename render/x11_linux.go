package render

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>

extern int goXIOError(Display*);
extern int goXError(Display*, XErrorEvent*);

static int onIOError(Display *d) { return goXIOError(d); }
static int onError(Display *d, XErrorEvent *e) { return goXError(d, e); }

static void watchDisplay(void) {
	XSetIOErrorHandler(onIOError);
	XSetErrorHandler(onError);
}

static int errorCode(XErrorEvent *e) { return e->error_code; }
*/
import "C"

import (
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"

	"golang.org/x/sys/unix"
)

// displayLost is called, at most once, when the X display is gone — the
// connection broken (xkill, the server gone), or the window destroyed
// from outside (xdotool windowclose) — on the thread that found out. It
// must finish the run itself: Xlib ends the process when the I/O handler
// returns, and a destroyed window cannot be drawn again.
var displayLost atomic.Pointer[func(reason string, status int)]

// displayEnding is set once a lost display is ending the run.
var displayEnding atomic.Bool

// watchDisplay replaces Xlib's handlers, which print several lines and
// exit(1) with everything unwritten, by ones that end the run as any other
// ending does. GLFW, inside ebiten, saves and restores the error handler
// around its own calls, so these stay in place.
func watchDisplay(lost func(reason string, status int)) {
	displayLost.Store(&lost)
	C.watchDisplay()
	go watchSockets()
}

// watchSockets notices at once when the X server closes one of the
// program's connections to it. Xlib finds out only at its next read, and
// Mesa's software renderer, blocked in a buffer swap on the dead
// connection, may not make that read for many seconds.
func watchSockets() {
	fds := xSockets()
	if len(fds) == 0 {
		return
	}
	polls := make([]unix.PollFd, len(fds))
	for {
		for i, fd := range fds {
			polls[i] = unix.PollFd{Fd: int32(fd), Events: unix.POLLRDHUP}
		}
		if n, err := unix.Poll(polls, 250); err == nil && n > 0 {
			for _, p := range polls {
				if p.Revents&(unix.POLLRDHUP|unix.POLLHUP|unix.POLLERR) != 0 {
					endForDisplay("lost the X display (its connection broke)", 1)
				}
			}
		} else if err != nil && err != unix.EINTR {
			return
		}
	}
}

// xSockets returns the program's open sockets connected to the X server's
// local socket, /tmp/.X11-unix/X<n> (or its abstract twin).
func xSockets() []int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return nil
	}
	var fds []int
	for _, e := range entries {
		fd, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if sa, err := syscall.Getpeername(fd); err == nil {
			if u, ok := sa.(*syscall.SockaddrUnix); ok && strings.Contains(u.Name, "/tmp/.X11-unix/X") {
				fds = append(fds, fd)
			}
		}
	}
	return fds
}

// unwatchDisplay stops watching as the window closes: ebiten's own
// teardown closes the connections, which is no loss.
func unwatchDisplay() { displayLost.Store(nil) }

//export goXIOError
func goXIOError(*C.Display) C.int {
	endForDisplay("lost the X display (its connection broke)", 1)
	return 0 // not watching: Xlib exits, as it always did
}

//export goXError
func goXError(_ *C.Display, e *C.XErrorEvent) C.int {
	switch C.errorCode(e) {
	case C.BadWindow, C.BadDrawable:
		endForDisplay("the window was closed from outside", 0)
	}
	return 0 // other protocol errors: ignored, as GLFW's handler does
}

// endForDisplay ends the run for a lost display, unless nobody watches
// any more (ebiten's own teardown). The first caller finishes the run and
// exits; a later one, on another thread, waits for that exit.
func endForDisplay(reason string, status int) {
	if f := displayLost.Swap(nil); f != nil {
		displayEnding.Store(true)
		(*f)(reason, status) // exits
	}
	if displayEnding.Load() {
		select {}
	}
}
