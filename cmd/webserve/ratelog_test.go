package main

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// A client asking for a refused file in a loop gets logBurst lines a
// window, and the next window says how many were left out.
func TestRateLog(t *testing.T) {
	var logs logBuffer
	l := newRateLog(&logs)
	now := time.Unix(1000, 0)
	l.now = func() time.Time { return now }
	for i := range 3 * logBurst {
		l.printf("line %d", i)
	}
	now = now.Add(logWindow - time.Nanosecond)
	l.printf("still the first window")
	now = now.Add(time.Nanosecond)
	l.printf("the second window")

	var want []string
	for i := range logBurst {
		want = append(want, fmt.Sprintf("webserve: line %d", i))
	}
	want = append(want,
		fmt.Sprintf("webserve: %d more lines left out (at most %d each %v)", 2*logBurst+1, logBurst, logWindow),
		"webserve: the second window")
	if got := logs.lines(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
