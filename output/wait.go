package output

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Grace is how long writes to a pipe, a socket or a terminal may wait for
// their reader once the program is ending ([Hurry]): a write its reader
// has not taken by then is given up, and the output fails as on a full
// disk.
const Grace = 3 * time.Second

// Until the program ends, a write to a pipe waits for its reader as long
// as it takes (a reader may be slow, or paused, as | less is): that is
// how a pipe paces its writer. What must not happen is that a reader that
// never reads holds the program past Ctrl+C, or past the end of its run.
// So every write that can wait goes through [Write], which registers the
// file while it waits, and [Hurry] bounds those waits, the ones under way
// included, by a deadline on the file (Go's poller wakes a write blocked
// on a full pipe when its deadline passes). Other ways were weighed: a
// pipe opened non-blocking whose writes that would wait are dropped loses
// lines a slow but working reader would have had; a writing goroutine
// with a queue drops them too once the queue is full, and still needs a
// bound at close. A deadline keeps every line for a reader that reads, and
// bounds only the waiting at the end.
var (
	// hurried is the deadline of every write from the first [Hurry] on
	// ([Grace] after it), in Unix nanoseconds; 0 before.
	hurried atomic.Int64
	waits   struct {
		sync.Mutex
		files map[*os.File]int // the files a write waits on, and how many
	}
)

// Hurry bounds every write to a pipe, a socket or a terminal, those
// waiting now included, to end within [Grace] from the first call: the
// program has been asked to end (a signal), or its run has ended and is
// finishing its files. It lasts for the rest of the process, and is safe
// to call from any goroutine, any number of times.
func Hurry() {
	if !hurried.CompareAndSwap(0, time.Now().Add(Grace).UnixNano()) {
		return
	}
	waits.Lock()
	defer waits.Unlock()
	for f := range waits.files {
		f.SetWriteDeadline(deadline())
	}
}

// deadline is the time by which every write must end once hurried.
func deadline() time.Time { return time.Unix(0, hurried.Load()) }

// Stalled is a write given up because its reader had not taken it within
// the grace a program that is ending allows.
type Stalled struct{ Wait time.Duration }

func (e *Stalled) Error() string {
	return fmt.Sprintf("its reader had not taken what was written %v after the program began to end", e.Wait)
}

func (e *Stalled) Unwrap() error { return os.ErrDeadlineExceeded }

// Write writes b to f. On a regular file or a device it is f.Write. On a
// pipe, a socket or a terminal — a file whose writes Go's poller waits
// for — it waits for the reader as long as it takes until [Hurry], and
// from then on until [Grace] after it: a write not done by then returns
// a [*Stalled].
func Write(f *os.File, b []byte) (int, error) {
	if err := f.SetWriteDeadline(time.Time{}); err != nil {
		return f.Write(b) // not a file the poller waits for: it never blocks for long
	}
	waiting(f, 1)
	defer waiting(f, -1)
	n, err := f.Write(b)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		err = &Stalled{Wait: Grace}
	}
	return n, err
}

// waiting adds d to f's writes under way, setting its deadline when the
// first begins, once hurried.
func waiting(f *os.File, d int) {
	waits.Lock()
	defer waits.Unlock()
	if waits.files == nil {
		waits.files = map[*os.File]int{}
	}
	n := waits.files[f] + d
	if n <= 0 {
		delete(waits.files, f)
		return
	}
	waits.files[f] = n
	if hurried.Load() != 0 {
		f.SetWriteDeadline(deadline())
	}
}
