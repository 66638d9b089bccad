package metrics_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/metrics"
)

func TestMetricNames(t *testing.T) {
	seen := map[string]bool{}
	for m := range metrics.NumMetrics {
		name := m.String()
		if name == "" {
			t.Fatalf("metric %d: got no name, want one", int(m))
		}
		if seen[name] {
			t.Fatalf("metric %d: got name %q twice, want unique names", int(m), name)
		}
		seen[name] = true
		if got, ok := metrics.ParseMetric(name); !ok || got != m {
			t.Errorf("ParseMetric(%q): got %v, %v, want %v, true", name, got, ok, m)
		}
	}
	if _, ok := metrics.ParseMetric("nope"); ok {
		t.Errorf("ParseMetric(%q): got ok, want not found", "nope")
	}
}

func TestStats(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name               string
		in                 []float64
		avg, min, max, sum float64
		count              int
	}{
		{"none", nil, 0, 0, 0, 0, 0},
		{"one", []float64{7}, 7, 7, 7, 7, 1},
		{"known sequence", []float64{3, 1, 4, 1, 5, 9, 2, 6}, 31.0 / 8, 1, 9, 31, 8},
		{"negatives", []float64{-2, -8, 4}, -2, -8, 4, -6, 3},
		{"non-finite ignored", []float64{math.NaN(), 2, inf, -inf, 4}, 3, 2, 4, 6, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a metrics.Aggregator
			for _, v := range tt.in {
				a.Observe(metrics.DrawMs, v)
			}
			s := a.Flush(time.Unix(0, 0), 0).Stats[metrics.DrawMs]
			if s.Avg() != tt.avg || s.Count != tt.count || s.Sum != tt.sum ||
				(s.Count > 0 && (s.Min != tt.min || s.Max != tt.max)) {
				t.Errorf("got avg %v min %v max %v sum %v count %v, want avg %v min %v max %v sum %v count %v",
					s.Avg(), s.Min, s.Max, s.Sum, s.Count, tt.avg, tt.min, tt.max, tt.sum, tt.count)
			}
		})
	}
}

func TestFlushResets(t *testing.T) {
	var a metrics.Aggregator
	a.Observe(metrics.FPS, 60)
	first := a.Flush(time.Unix(100, 250_000_000), 1.5)
	if got, want := first.TS, 100.25; got != want {
		t.Errorf("ts: got %v, want %v", got, want)
	}
	if got, want := first.SimTime, 1.5; got != want {
		t.Errorf("sim_time: got %v, want %v", got, want)
	}
	if !a.Empty() {
		t.Errorf("Empty after Flush: got false, want true")
	}
	if got := a.Flush(time.Unix(101, 0), 2.5).Stats[metrics.FPS].Count; got != 0 {
		t.Errorf("count after Flush: got %v, want 0", got)
	}
}

// TestLineSchema parses a line back and checks every key and type, and
// that the keys come in the documented order.
func TestLineSchema(t *testing.T) {
	var a metrics.Aggregator
	a.Observe(metrics.FPS, 59)
	a.Observe(metrics.FPS, 60)
	a.Observe(metrics.RValue, 0.5)
	a.Observe(metrics.FlashCount, 1e30) // exercises the exponent form
	iv := a.Flush(time.Unix(1_700_000_000, 500_000_000), 12.5)
	line := iv.AppendJSON(nil)

	want := `{"ts": 1700000000.5, "sim_time": 12.5, ` +
		`"fps": {"avg": 59.5, "max": 60, "min": 59, "sum": 119, "count": 2}, ` +
		`"r_value": {"avg": 0.5, "max": 0.5, "min": 0.5, "sum": 0.5, "count": 1}, ` +
		`"flash_count": {"avg": 1e+30, "max": 1e+30, "min": 1e+30, "sum": 1e+30, "count": 1}}`
	if string(line) != want {
		t.Fatalf("line:\ngot  %s\nwant %s", line, want)
	}

	var obj map[string]any
	if err := json.Unmarshal(line, &obj); err != nil {
		t.Fatalf("Unmarshal: got %v, want nil", err)
	}
	if got, want := len(obj), 5; got != want {
		t.Errorf("keys: got %v, want %v", got, want)
	}
	for _, k := range []string{"ts", "sim_time"} {
		if _, ok := obj[k].(float64); !ok {
			t.Errorf("%s: got %T, want a number", k, obj[k])
		}
	}
	for _, name := range []string{"fps", "r_value", "flash_count"} {
		stats, ok := obj[name].(map[string]any)
		if !ok {
			t.Fatalf("%s: got %T, want an object", name, obj[name])
		}
		for _, k := range []string{"avg", "max", "min", "sum", "count"} {
			if _, ok := stats[k].(float64); !ok {
				t.Errorf("%s.%s: got %T, want a number", name, k, stats[k])
			}
		}
		if got, want := len(stats), 5; got != want {
			t.Errorf("%s: got %v stats, want %v", name, got, want)
		}
	}
}

func TestNonFiniteIsValidJSON(t *testing.T) {
	var a metrics.Aggregator
	a.Observe(metrics.UpdateMs, math.MaxFloat64)
	a.Observe(metrics.UpdateMs, math.MaxFloat64) // the sum overflows to +Inf
	iv := a.Flush(time.Unix(0, 0), math.NaN())
	line := iv.AppendJSON(nil)
	if !json.Valid(line) {
		t.Errorf("got invalid JSON %s, want valid", line)
	}
}

func TestObserveAllocs(t *testing.T) {
	var a metrics.Aggregator
	v := 0.0
	got := testing.AllocsPerRun(1000, func() {
		v++
		a.Observe(metrics.FlushDurationMs, v)
	})
	if got != 0 {
		t.Errorf("allocs per Observe: got %v, want 0", got)
	}
}

func TestAppendJSONAllocs(t *testing.T) {
	var a metrics.Aggregator
	for m := range metrics.NumMetrics {
		a.Observe(m, 123.456)
	}
	iv := a.Flush(time.Now(), 1)
	buf := make([]byte, 0, 4096)
	got := testing.AllocsPerRun(100, func() {
		buf = iv.AppendJSON(buf[:0])
	})
	if got != 0 {
		t.Errorf("allocs per AppendJSON: got %v, want 0", got)
	}
}

// TestPartialIntervalOnClose writes a full and a partial interval right
// before Close, as the loop does on exit, and expects both lines whole.
func TestPartialIntervalOnClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.jsonl")
	w, err := metrics.Create(path, nil)
	if err != nil {
		t.Fatalf("Create: got %v, want nil", err)
	}
	var a metrics.Aggregator
	for tick := range 90 {
		a.Observe(metrics.UpdateMs, 1)
		if tick == 59 {
			w.Write(a.Flush(time.Unix(1, 0), 1))
		}
	}
	w.Write(a.Flush(time.Unix(2, 0), 1.5))
	if err := w.Close(); err != nil {
		t.Fatalf("Close: got %v, want nil", err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: got %v, want nil", err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	if got, want := len(lines), 3; got != want || lines[2] != "" {
		t.Fatalf("got %q, want 2 lines ending in a newline", b)
	}
	for i, want := range []float64{60, 30} {
		var obj struct {
			SimTime  float64 `json:"sim_time"`
			UpdateMs struct {
				Count float64 `json:"count"`
			} `json:"update_ms"`
		}
		if err := json.Unmarshal([]byte(lines[i]), &obj); err != nil {
			t.Fatalf("line %d: got %v, want valid JSON", i+1, err)
		}
		if obj.UpdateMs.Count != want {
			t.Errorf("line %d: got count %v, want %v", i+1, obj.UpdateMs.Count, want)
		}
	}
}

func TestCreateUnwritable(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		path string
	}{
		{"missing directory", filepath.Join(dir, "missing", "m.jsonl")},
		{"a directory", dir},
		{"empty", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, err := metrics.Create(tt.path, nil)
			if err == nil {
				w.Close()
				t.Errorf("Create(%q): got nil error, want one", tt.path)
			}
		})
	}
}

// stall is an io.Writer that blocks until released, standing in for a
// stalled disk. entered is signalled on the first write.
type stall struct {
	entered chan struct{}
	release chan struct{}
	once    sync.Once
	mu      sync.Mutex
	buf     bytes.Buffer
}

func (s *stall) Write(p []byte) (int, error) {
	s.once.Do(func() { close(s.entered) })
	<-s.release
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func TestDropsWhenConsumerIsSlow(t *testing.T) {
	const buffer, extra = 4, 3
	s := &stall{entered: make(chan struct{}), release: make(chan struct{})}
	w := metrics.NewWriter(s, buffer)
	var a metrics.Aggregator
	a.Observe(metrics.TPS, 60)
	iv := a.Flush(time.Unix(0, 0), 1)

	w.Write(iv)
	<-s.entered // the goroutine now holds the first interval, blocked
	for range buffer + extra {
		w.Write(iv)
	}
	if got, want := w.Dropped(), extra; got != want {
		t.Errorf("Dropped while stalled: got %v, want %v", got, want)
	}
	close(s.release)
	if err := w.Close(); err != nil {
		t.Fatalf("Close: got %v, want nil", err)
	}
	w.Write(iv) // after Close: dropped, and must not panic
	if got, want := w.Dropped(), extra+1; got != want {
		t.Errorf("Dropped after Close: got %v, want %v", got, want)
	}
	sc := bufio.NewScanner(&s.buf)
	n := 0
	for sc.Scan() {
		if !json.Valid(sc.Bytes()) {
			t.Errorf("line %d: got invalid JSON %q", n+1, sc.Bytes())
		}
		n++
	}
	if got, want := n, 1+buffer; got != want {
		t.Errorf("lines written: got %v, want %v", got, want)
	}
}

// TestCloseWhileWriting closes from another goroutine, as a signal handler
// would, while the loop is still writing; run with -race.
func TestCloseWhileWriting(t *testing.T) {
	w := metrics.NewWriter(&bytes.Buffer{}, 2)
	var a metrics.Aggregator
	iv := a.Flush(time.Unix(0, 0), 0)
	var wg sync.WaitGroup
	wg.Go(func() {
		for range 1000 {
			w.Write(iv)
		}
	})
	if err := w.Close(); err != nil {
		t.Errorf("Close: got %v, want nil", err)
	}
	wg.Wait()
}

func TestWriteAllocs(t *testing.T) {
	w := metrics.NewWriter(io.Discard, metrics.DefaultBuffer)
	defer w.Close()
	var a metrics.Aggregator
	a.Observe(metrics.FPS, 60)
	iv := a.Flush(time.Unix(0, 0), 0)
	got := testing.AllocsPerRun(1000, func() {
		w.Write(iv)
	})
	if got != 0 {
		t.Errorf("allocs per Write: got %v, want 0", got)
	}
}

// TestWriteErrorIsReportedOnce: a device that fails every write (Linux's
// /dev/full) reports its error to onError as it happens, once, and Close
// returns it; the writer takes more intervals without failing again.
func TestWriteErrorIsReportedOnce(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip(err)
	}
	reported := make(chan error, 10)
	w, err := metrics.Create("/dev/full", func(err error) { reported <- err })
	if err != nil {
		t.Fatal(err)
	}
	var a metrics.Aggregator
	a.Observe(metrics.UpdateMs, 1)
	w.Write(a.Flush(time.Unix(1, 0), 1))
	select {
	case err := <-reported:
		if !strings.Contains(err.Error(), "no space") {
			t.Errorf("reported %v, want no space left", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no error reported after the first line")
	}
	a.Observe(metrics.UpdateMs, 1)
	w.Write(a.Flush(time.Unix(2, 0), 2))
	if err := w.Close(); err == nil {
		t.Error("Close: got nil, want the write error")
	}
	if n := len(reported); n != 0 {
		t.Errorf("%d more reports, want the error reported once", n)
	}
}
