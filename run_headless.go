//go:build headless

package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/firefly-observatory/fireflies/metrics"
	"github.com/firefly-observatory/fireflies/systems"
)

const defaultDuration = 30 * time.Second

func addBuildFlags(fs *flag.FlagSet, cfg *Config) {
	fs.BoolVar(&cfg.Realtime, "realtime", false, "pace ticks at 60 TPS instead of as fast as possible")
}

// run simulates cfg.Duration without a window, as fast as it can or paced
// at 60 TPS, printing a report line every wall-clock second and a summary
// at the end. Ctrl+C or SIGTERM ends the run early with the same summary.
// In render mode each tick also fills the frame's pixels, the CPU half of
// drawing, and times it as the flush.
func run(cfg Config) error {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(stop)

	in, err := openInstruments(cfg)
	if err != nil {
		return err
	}
	in.countTPS = true
	built := time.Now()
	sim, err := buildSim(cfg)
	if err != nil {
		in.close()
		return err
	}
	defer sim.Close()
	ticks := ticksFor(cfg.Duration)
	rec := newRecorder(sim, ticks)
	rec.buildSeconds = time.Since(built).Seconds()
	var px *systems.Pixels
	if cfg.Mode == "render" {
		px = systems.NewPixels(sim)
		rec.flushMs = make([]float32, 0, min(ticks, maxRecorded))
	}
	printStart(os.Stdout, cfg, sim)
	if err := in.start(sim); err != nil {
		in.close()
		return err
	}

	out := newLineWriter(os.Stdout)
	period := time.Second / systems.TPS
	rec.start()
	next := time.Now()
loop:
	for range ticks {
		select {
		case <-stop:
			break loop
		default:
		}
		if cfg.Realtime {
			next = next.Add(period)
			if d := time.Until(next); d > 0 {
				time.Sleep(d)
			}
		}
		t0 := time.Now()
		sim.Update()
		if px != nil {
			t1 := time.Now()
			px.Update()
			f := time.Since(t1)
			rec.flush(f)
			in.observe(metrics.FlushDurationMs, ms(f))
		}
		d := time.Since(t0)
		rec.tick(d)
		in.tick(d)
		if rec.secondDone() {
			out.report(rec.second())
		}
	}
	rec.finish()
	if s := rec.second(); s.ticks > 0 {
		out.report(s)
	}
	if err := in.close(); err != nil {
		return err
	}
	sum := rec.summary(cfg)
	if in.log != nil {
		sum.MetricsDropped = in.log.Dropped()
	}
	if cfg.JSON {
		return writeJSON(os.Stdout, sum)
	}
	fmt.Printf("%d ticks in %.2fs: %.0f ticks/s, %.3g firefly-ticks/s, R %.3f, trace %s\n",
		sum.Ticks, sum.WallSeconds, sum.TicksPerSecond, sum.FireflyTicksPerSecond, sum.R, sum.TraceHash)
	return nil
}
