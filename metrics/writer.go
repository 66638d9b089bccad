package metrics

import (
	"bufio"
	"io"
	"os"
	"sync"
	"sync/atomic"
)

// DefaultBuffer is how many intervals [Create] lets queue for the writing
// goroutine: a minute of 1 s intervals, so only a disk stalled for that
// long costs lines.
const DefaultBuffer = 64

// lineCap is the starting capacity of the line buffer: a line with every
// metric is under 2 KiB, so the buffer never grows.
const lineCap = 4 << 10

// Writer writes intervals as JSON lines from a goroutine of its own, so
// that a slow disk never stalls the simulation. Its methods are safe for
// concurrent use.
type Writer struct {
	out     io.Writer
	file    *os.File // synced and closed by Close; nil when the caller owns out
	queue   chan Interval
	done    chan struct{} // closed when the goroutine has written its last line
	dropped atomic.Int64
	err     error // first write error; the goroutine's until done is closed

	// mu orders Write against Close, so that no Write sends on the
	// closed queue when Close runs on a signal-handling goroutine.
	mu     sync.Mutex
	closed bool

	closeOnce sync.Once
	closeErr  error
}

// Create creates or truncates the file at path now, so that an unwritable
// path fails before the run starts, and returns a Writer that owns it with
// a queue of [DefaultBuffer] intervals.
func Create(path string) (*Writer, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	w := NewWriter(f, DefaultBuffer)
	w.file = f
	return w, nil
}

// NewWriter returns a Writer to out with a queue of buffer intervals (at
// least 1). [Writer.Close] flushes to out but neither syncs nor closes it:
// the caller owns out.
func NewWriter(out io.Writer, buffer int) *Writer {
	w := &Writer{
		out:   out,
		queue: make(chan Interval, max(buffer, 1)),
		done:  make(chan struct{}),
	}
	go w.run()
	return w
}

// Write queues iv to be written and returns at once. If the queue is full,
// or the Writer is closed, it drops iv and counts it in [Writer.Dropped]
// instead of waiting: losing a line beats stalling a frame.
func (w *Writer) Write(iv Interval) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		w.dropped.Add(1)
		return
	}
	select {
	case w.queue <- iv:
	default:
		w.dropped.Add(1)
	}
}

// Dropped returns how many intervals [Writer.Write] has dropped.
func (w *Writer) Dropped() int {
	return int(w.dropped.Load())
}

// Close writes every queued interval, flushes, and, for a Writer from
// [Create], syncs and closes the file. It returns the first error seen
// since the Writer was made. Calls after the first wait for it and return
// the same error.
func (w *Writer) Close() error {
	w.closeOnce.Do(func() {
		w.mu.Lock()
		w.closed = true
		close(w.queue)
		w.mu.Unlock()
		<-w.done
		err := w.err
		if w.file != nil {
			if e := w.file.Sync(); err == nil {
				err = e
			}
			if e := w.file.Close(); err == nil {
				err = e
			}
		}
		w.closeErr = err
	})
	return w.closeErr
}

// run encodes and writes queued intervals until Close closes the queue.
func (w *Writer) run() {
	defer close(w.done)
	bw := bufio.NewWriter(w.out)
	line := make([]byte, 0, lineCap)
	for iv := range w.queue {
		if w.err != nil {
			continue // keep receiving so that Close's drain ends
		}
		line = iv.AppendJSON(line[:0])
		line = append(line, '\n')
		// A line reaches out in one piece: flushing first when it would
		// not fit stops bufio from splitting it across two writes, so a
		// killed process leaves no half line behind.
		if bw.Available() < len(line) && bw.Buffered() > 0 {
			w.err = bw.Flush()
		}
		if w.err == nil {
			_, w.err = bw.Write(line)
		}
		// Flushing whenever the queue runs dry keeps the file current for
		// tail -f, while a burst of queued lines still shares one write.
		if w.err == nil && len(w.queue) == 0 {
			w.err = bw.Flush()
		}
	}
	if w.err == nil {
		w.err = bw.Flush()
	}
}
