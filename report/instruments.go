package report

import (
	"errors"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"time"

	"github.com/firefly-observatory/fireflies/metrics"
	"github.com/firefly-observatory/fireflies/systems"
)

// Outputs are the files a run's instruments write, by flag; an empty path
// is no output.
type Outputs struct {
	Metrics         string        // -metrics: one JSON line per interval
	MetricsInterval time.Duration // wall time per metrics line
	CPUProfile      string
	MemProfile      string
	Trace           string // runtime/trace
	// CountTPS makes each metrics line's tps the ticks over its wall time;
	// the window observes ebiten's own TPS instead.
	CountTPS bool
}

// Instruments are a run's measuring devices: the metrics log and the
// profiles. Every output file is created before the run starts, so a path
// that cannot be written is bad input, not a loss at the end; Close writes
// whatever is pending however the run ended.
type Instruments struct {
	sim      *systems.Sim
	agg      metrics.Aggregator
	log      *metrics.Writer // nil without -metrics
	every    time.Duration
	last     time.Time
	ticks    int // since the last line
	countTPS bool

	cpu, mem, tr *os.File
}

// Open creates every output file; an error names the flag whose file
// cannot be written (an [*OutputError]).
func Open(o Outputs) (*Instruments, error) {
	in := &Instruments{every: o.MetricsInterval, countTPS: o.CountTPS}
	var err error
	create := func(flag, path string) *os.File {
		if path == "" || err != nil {
			return nil
		}
		f, e := os.Create(path)
		if e != nil {
			err = outputError(flag, e)
		}
		return f
	}
	in.cpu = create("cpuprofile", o.CPUProfile)
	in.mem = create("memprofile", o.MemProfile)
	in.tr = create("trace", o.Trace)
	if err == nil && o.Metrics != "" {
		if in.log, err = metrics.Create(o.Metrics); err != nil {
			err = outputError("metrics", err)
		}
	}
	if err != nil {
		in.Close()
		return nil, err
	}
	return in, nil
}

// Start begins the profiles and the first interval once the world is built.
func (in *Instruments) Start(sim *systems.Sim) error {
	in.sim = sim
	in.last = time.Now()
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
	}
	in.Interval(false)
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

// Interval writes the current interval if it has run its course, or, at
// the end of the run, whatever it holds.
func (in *Instruments) Interval(last bool) {
	now := time.Now()
	if !last && now.Sub(in.last) < in.every {
		return
	}
	if in.countTPS && now.After(in.last) {
		in.agg.Observe(metrics.TPS, float64(in.ticks)/now.Sub(in.last).Seconds())
	}
	in.ticks = 0
	in.last = now
	iv := in.agg.Flush(now, in.sim.SimSeconds())
	if in.log != nil && (!last || !iv.Empty()) {
		in.log.Write(iv)
	}
}

// Close ends the profiles and writes the partial last interval.
func (in *Instruments) Close() error {
	var errs []error
	if in.sim != nil {
		in.Interval(true)
	}
	if in.log != nil {
		errs = append(errs, in.log.Close())
	}
	if in.cpu != nil {
		pprof.StopCPUProfile()
		errs = append(errs, in.cpu.Close())
	}
	if in.tr != nil {
		trace.Stop()
		errs = append(errs, in.tr.Close())
	}
	if in.mem != nil {
		if in.sim != nil {
			runtime.GC()
			errs = append(errs, pprof.WriteHeapProfile(in.mem))
		}
		errs = append(errs, in.mem.Close())
	}
	return errors.Join(errs...)
}

// Ms is d in milliseconds.
func Ms(d time.Duration) float64 { return d.Seconds() * 1000 }
