package metrics

import (
	"bufio"
	"io"
	"sync"
	"sync/atomic"

	"github.com/firefly-observatory/fireflies/output"
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
// concurrent use. After a write error it writes nothing more: the lines
// before it stay whole, and the error is reported once, when it happens.
type Writer struct {
	out     lines
	onError func(error) // called from the writing goroutine; may be nil
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

// lines is where a Writer's lines go: an [output.File], or any io.Writer.
type lines interface {
	Line([]byte) error
	Flush() error
	Close() error
}

// Create opens path now — a file, a device or a pipe, see [output.Open] —
// so that an unwritable path fails before the run starts, and returns a
// Writer that owns it with a queue of [DefaultBuffer] intervals. onError,
// if not nil, is called with the first write error as soon as it happens.
func Create(path string, onError func(error)) (*Writer, error) {
	f, err := output.Open(path)
	if err != nil {
		return nil, err
	}
	return start(f, DefaultBuffer, onError), nil
}

// NewWriter returns a Writer to out with a queue of buffer intervals (at
// least 1). [Writer.Close] flushes to out but does not close it: the
// caller owns out.
func NewWriter(out io.Writer, buffer int) *Writer {
	return start(&plain{bufio.NewWriter(out)}, buffer, nil)
}

func start(out lines, buffer int, onError func(error)) *Writer {
	w := &Writer{
		out:     out,
		onError: onError,
		queue:   make(chan Interval, max(buffer, 1)),
		done:    make(chan struct{}),
	}
	go w.run()
	return w
}

// plain writes lines to an io.Writer the caller owns.
type plain struct{ w *bufio.Writer }

func (p *plain) Line(b []byte) error { _, err := p.w.Write(b); return err }
func (p *plain) Flush() error        { return p.w.Flush() }
func (p *plain) Close() error        { return p.w.Flush() }

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
// [Create], syncs (a regular file) and closes the file. It returns the
// first error seen since the Writer was made. Calls after the first wait
// for it and return the same error.
func (w *Writer) Close() error {
	w.closeOnce.Do(func() {
		w.mu.Lock()
		w.closed = true
		close(w.queue)
		w.mu.Unlock()
		<-w.done
		err := w.err
		if e := w.out.Close(); err == nil {
			err = e
			w.report(e)
		}
		w.closeErr = err
	})
	return w.closeErr
}

// run encodes and writes queued intervals until Close closes the queue.
func (w *Writer) run() {
	defer close(w.done)
	line := make([]byte, 0, lineCap)
	for iv := range w.queue {
		if w.err != nil {
			continue // keep receiving so that Close's drain ends
		}
		line = iv.AppendJSON(line[:0])
		line = append(line, '\n')
		w.err = w.out.Line(line)
		// Flushing whenever the queue runs dry keeps the file current for
		// tail -f, while a burst of queued lines still shares one write.
		if w.err == nil && len(w.queue) == 0 {
			w.err = w.out.Flush()
		}
		w.report(w.err)
	}
}

// report hands the first error to onError.
func (w *Writer) report(err error) {
	if err != nil && w.onError != nil {
		w.onError(err)
		w.onError = nil
	}
}
