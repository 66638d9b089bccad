package main

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// logBurst lines at most are written in each logWindow, so that a client
// asking for a refused file in a loop cannot fill the terminal or the disk.
const (
	logBurst  = 20
	logWindow = 10 * time.Second
)

// rateLog writes one line per event, prefixed webserve:, up to logBurst in
// each logWindow. The first line after a window in which some were left
// out says how many.
type rateLog struct {
	mu      sync.Mutex // guards the fields below and writes to w
	w       io.Writer
	now     func() time.Time
	start   time.Time // of the current window
	lines   int       // written in the current window
	dropped int       // left out in the current window
}

func newRateLog(w io.Writer) *rateLog {
	return &rateLog{w: w, now: time.Now}
}

// printf writes a line made as fmt.Sprintf makes it, unless this window's
// lines are spent. Callers quote what a client sent (%q), so that a
// newline in a URL cannot forge a line.
func (l *rateLog) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now := l.now(); now.Sub(l.start) >= logWindow {
		if l.dropped > 0 {
			fmt.Fprintf(l.w, "webserve: %d more lines left out (at most %d each %v)\n", l.dropped, logBurst, logWindow)
		}
		l.start, l.lines, l.dropped = now, 0, 0
	}
	if l.lines >= logBurst {
		l.dropped++
		return
	}
	l.lines++
	fmt.Fprintf(l.w, "webserve: "+format+"\n", args...)
}
