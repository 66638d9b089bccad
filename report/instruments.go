package report

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/firefly-observatory/fireflies/metrics"
	"github.com/firefly-observatory/fireflies/output"
	"github.com/firefly-observatory/fireflies/systems"
)

// Outputs are the files a run's instruments write, by flag; an empty path
// is no output.
type Outputs struct {
	Metrics         string        // -metrics: one JSON line per interval
	MetricsInterval time.Duration // wall time per metrics line
	CPUProfile      string
	MemProfile      string
	Trace           string        // runtime/trace
	Series          string        // -series: a CSV line at fixed simulated times
	SeriesEvery     time.Duration // simulated time between two series lines
	Avalanches      string        // -avalanches: the avalanche sizes' distribution, at the end
	// CountTPS makes each metrics line's tps the ticks over its wall time;
	// the window observes ebiten's own TPS instead.
	CountTPS bool
	// Warn prints a line about an output that failed during the run, the
	// moment it fails; nil prints it to stderr.
	Warn func(string)
}

// Instruments are a run's measuring devices: the metrics log and the
// profiles. Every output file is opened before the run starts, so a path
// that cannot be written is bad input, not a loss at the end. A write that
// fails during the run is reported at once, naming the flag and the path,
// and that output is closed while the run goes on; [Instruments.Failed]
// says so at the end. Close writes whatever is pending however the run
// ended.
type Instruments struct {
	sim      *systems.Sim
	agg      metrics.Aggregator
	log      *metrics.Writer // nil without -metrics
	every    time.Duration
	began    time.Time // of the first interval
	lines    int       // intervals written; the next ends at began + (lines+1)·every
	last     time.Time // end of the last interval
	ticks    int       // since the last line
	countTPS bool
	warn     func(string)

	cpu, mem, tr *profile
	series       *series // nil without -series, or once it failed
	seriesPath   string
	avalanches   *output.File // nil without -avalanches

	mu     sync.Mutex // guards failed: outputs fail on their own goroutines
	failed []error

	closeOnce sync.Once
}

// profile is a profile's file; it keeps the first write error, which the
// profilers themselves drop.
type profile struct {
	flag, path string
	f          *os.File
	regular    bool
	in         *Instruments
	err        error
}

func (p *profile) Write(b []byte) (int, error) {
	if p.err != nil {
		return len(b), nil // already reported; the profiler has no use for it
	}
	n, err := output.Write(p.f, b)
	if err != nil {
		p.err = err
		p.in.fail(p.flag, p.path, err)
	}
	return n, err
}

func (p *profile) close() error {
	var err error
	if p.regular && p.err == nil {
		err = p.f.Sync()
	}
	if cerr := p.f.Close(); err == nil {
		err = cerr
	}
	if err != nil && p.err == nil {
		p.err = err
		p.in.fail(p.flag, p.path, err)
	}
	return p.err
}

// Open opens every output file; an error names the flag whose file cannot
// be written (an [*OutputError]).
func Open(o Outputs) (*Instruments, error) {
	in := &Instruments{every: o.MetricsInterval, countTPS: o.CountTPS, warn: o.Warn}
	if in.warn == nil {
		in.warn = func(s string) { fmt.Fprintln(os.Stderr, s) }
	}
	var err error
	open := func(flag, path string) *profile {
		if path == "" || err != nil {
			return nil
		}
		f, regular, e := output.Create(path)
		if e != nil {
			err = outputError(flag, e)
			return nil
		}
		return &profile{flag: flag, path: path, f: f, regular: regular, in: in}
	}
	in.cpu = open("cpuprofile", o.CPUProfile)
	in.mem = open("memprofile", o.MemProfile)
	in.tr = open("trace", o.Trace)
	if err == nil && o.Metrics != "" {
		path := o.Metrics
		in.log, err = metrics.Create(path, func(e error) { in.fail("metrics", path, e) })
		if err != nil {
			err = outputError("metrics", err)
		}
	}
	lines := func(flag, path string) *output.File {
		if path == "" || err != nil {
			return nil
		}
		f, e := output.Open(path)
		if e != nil {
			err = outputError(flag, e)
		}
		return f
	}
	if f := lines("series", o.Series); f != nil {
		in.series, in.seriesPath = newSeries(f, int32(systems.Ticks(o.SeriesEvery))), o.Series
	}
	in.avalanches = lines("avalanches", o.Avalanches)
	if err != nil {
		in.Close()
		return nil, err
	}
	return in, nil
}

// seriesFailed reports a -series write that failed and stops the series.
func (in *Instruments) seriesFailed(err error) {
	in.fail("series", in.seriesPath, err)
	in.series.f.Close()
	in.series = nil
}

// fail reports an output that failed and remembers it for [Failed].
func (in *Instruments) fail(flag, path string, err error) {
	e := &OutputFailed{Flag: flag, Path: path, Err: err}
	in.mu.Lock()
	in.failed = append(in.failed, e)
	in.mu.Unlock()
	in.Warn(e)
}

// Warn reports, the moment it fails, an output of the run's that the
// instruments do not write (the journal), in the line their
// own failures are reported in. Its owner reports it again at the end.
func (in *Instruments) Warn(e *OutputFailed) {
	in.warn("fireflies: " + e.Error() + "; writing it stopped, the run goes on")
}

// Failed returns the outputs that failed during the run as one
// [*OutputFailed] or [Failures], or nil.
func (in *Instruments) Failed() error {
	in.mu.Lock()
	defer in.mu.Unlock()
	switch len(in.failed) {
	case 0:
		return nil
	case 1:
		return in.failed[0]
	}
	return Failures(slices.Clone(in.failed))
}

// Failures are several outputs that failed, in one line.
type Failures []error

func (f Failures) Error() string {
	s := make([]string, len(f))
	for i, e := range f {
		s[i] = e.Error()
	}
	return strings.Join(s, "; ")
}

func (f Failures) Unwrap() []error { return f }

// Start begins the profiles and the first interval once the world is built.
func (in *Instruments) Start(sim *systems.Sim) error {
	in.sim = sim
	in.began = time.Now()
	in.last = in.began
	if in.series != nil {
		if err := in.series.start(sim); err != nil {
			in.seriesFailed(err)
		}
	}
	if in.cpu != nil {
		if err := pprof.StartCPUProfile(in.cpu); err != nil {
			return err
		}
	}
	if in.tr != nil {
		if err := trace.Start(in.tr); err != nil {
			return err
		}
	}
	return nil
}

// Rebind makes the instruments follow sim, the world a live run restarted
// with; the series goes on at the same pace, in the new world's time.
func (in *Instruments) Rebind(sim *systems.Sim) {
	in.sim = sim
	if in.series != nil {
		in.series.sim = sim
	}
}

// Tick records one simulation tick that took d.
func (in *Instruments) Tick(d time.Duration) {
	obs := in.sim.Obs
	in.ticks++
	in.agg.Observe(metrics.UpdateMs, Ms(d))
	in.agg.Observe(metrics.FlashCount, float64(obs.Flashes))
	in.agg.Observe(metrics.Waves, float64(obs.Waves))
	if obs.RTick == in.sim.Swarm.Tick { // measured this tick (never in render mode)
		in.agg.Observe(metrics.RValue, obs.R)
		in.agg.Observe(metrics.Pulse, obs.Pulse)
		if in.sim.Model.RFromFlashes {
			in.agg.Observe(metrics.RPhases, obs.RPhases)
			in.agg.Observe(metrics.RFlashes, obs.RFlashes)
		}
	}
	in.Interval(false)
	// After the metrics: a series line may measure R on a tick Order does
	// not, which the metrics would otherwise take as one of its samples.
	if in.series != nil {
		if err := in.series.tick(); err != nil {
			in.seriesFailed(err)
		}
	}
}

// Observe records one value of a metric the runner measures itself.
func (in *Instruments) Observe(m metrics.Metric, v float64) { in.agg.Observe(m, v) }

// Dropped is the number of metrics lines dropped because the writer fell
// behind.
func (in *Instruments) Dropped() int {
	if in.log == nil {
		return 0
	}
	return in.log.Dropped()
}

// Interval writes the current interval once its end has come, or, at the
// end of the run, whatever it holds. Interval ends are on a fixed cadence
// from the start, began + k·every, so lines do not drift however late a
// check comes; after a stall longer than an interval, the next line covers
// the whole stall rather than adding empty ones.
func (in *Instruments) Interval(last bool) {
	now := time.Now()
	end := in.began.Add(time.Duration(in.lines+1) * in.every)
	if !last && now.Before(end) {
		return
	}
	if in.countTPS && in.ticks > 0 && now.After(in.last) {
		in.agg.Observe(metrics.TPS, float64(in.ticks)/now.Sub(in.last).Seconds())
	}
	iv := in.agg.Flush(now, in.sim.SimSeconds())
	if !last {
		in.lines += max(1, int(now.Sub(in.began)/in.every)-in.lines)
	}
	in.ticks = 0
	in.last = now
	if in.log != nil && (!last || !iv.Empty()) {
		in.log.Write(iv)
	}
}

// Close ends the profiles and writes the partial last interval; what fails
// is reported and kept for [Instruments.Failed]. Later calls do nothing, so
// a runner can defer it against a panic and still call it before its
// summary.
func (in *Instruments) Close() {
	in.closeOnce.Do(in.close)
}

func (in *Instruments) close() {
	if in.sim != nil {
		in.Interval(true)
	}
	if in.log != nil {
		in.log.Close() // its failure was reported through fail
	}
	if in.series != nil {
		if err := in.series.f.Close(); err != nil {
			in.fail("series", in.seriesPath, err)
		}
	}
	if f := in.avalanches; f != nil {
		var err error
		if in.sim != nil {
			err = writeAvalanches(f, in.sim.Obs.AvalancheSizes)
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			in.fail("avalanches", f.Path(), err)
		}
	}
	if in.cpu != nil {
		if in.sim != nil {
			pprof.StopCPUProfile()
		}
		in.cpu.close()
	}
	if in.tr != nil {
		if in.sim != nil {
			trace.Stop()
		}
		in.tr.close()
	}
	if in.mem != nil {
		if in.sim != nil {
			runtime.GC()
			if err := pprof.WriteHeapProfile(in.mem); err != nil && in.mem.err == nil {
				in.fail(in.mem.flag, in.mem.path, err)
				in.mem.err = err
			}
		}
		in.mem.close()
	}
}

var _ io.Writer = (*profile)(nil)

// OutputFailed is an output that failed during a run: the run went on
// without it, and the program exits with status 3 once it has printed its
// summary.
type OutputFailed struct {
	Flag, Path string
	Err        error
}

func (e *OutputFailed) Error() string {
	return fmt.Sprintf("-%s %s: %v", e.Flag, e.Path, e.Err)
}

func (e *OutputFailed) Unwrap() error { return e.Err }

// Ms is d in milliseconds.
func Ms(d time.Duration) float64 { return d.Seconds() * 1000 }
