package main

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

// instruments are a run's measuring devices: the metrics log and the
// profiles. Every output file is created before the run starts, so a path
// that cannot be written is bad input, not a loss at the end; close writes
// whatever is pending however the run ended.
type instruments struct {
	sim   *systems.Sim
	agg   metrics.Aggregator
	log   *metrics.Writer // nil without -metrics
	every time.Duration
	last  time.Time
	ticks int // since the last line
	// countTPS makes each line's tps the ticks over its wall time; the
	// window observes ebiten's own TPS instead.
	countTPS bool

	cpu, mem, tr *os.File
}

func openInstruments(cfg Config) (*instruments, error) {
	in := &instruments{every: cfg.MetricsInterval}
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
	in.cpu = create("cpuprofile", cfg.CPUProfile)
	in.mem = create("memprofile", cfg.MemProfile)
	in.tr = create("trace", cfg.Trace)
	if err == nil && cfg.Metrics != "" {
		if in.log, err = metrics.Create(cfg.Metrics); err != nil {
			err = outputError("metrics", err)
		}
	}
	if err != nil {
		in.close()
		return nil, err
	}
	return in, nil
}

// start begins the profiles and the first interval once the world is built.
func (in *instruments) start(sim *systems.Sim) error {
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

// tick records one simulation tick that took d.
func (in *instruments) tick(d time.Duration) {
	sw := in.sim.Swarm
	in.ticks++
	in.agg.Observe(metrics.UpdateMs, ms(d))
	in.agg.Observe(metrics.FlashCount, float64(sw.Flashes))
	in.agg.Observe(metrics.Waves, float64(sw.Waves))
	if in.sim.Order.RTick == sw.Tick { // measured this tick (never in render mode)
		in.agg.Observe(metrics.RValue, in.sim.Order.R)
		in.agg.Observe(metrics.Pulse, in.sim.Monitor.Pulse)
	}
	in.interval(false)
}

// observe records one value of a metric the runner measures itself.
func (in *instruments) observe(m metrics.Metric, v float64) { in.agg.Observe(m, v) }

// interval writes the current interval if it has run its course, or, at
// the end of the run, whatever it holds.
func (in *instruments) interval(last bool) {
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

// close ends the profiles and writes the partial last interval.
func (in *instruments) close() error {
	var errs []error
	if in.sim != nil {
		in.interval(true)
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

func ms(d time.Duration) float64 { return d.Seconds() * 1000 }
