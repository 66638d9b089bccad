//go:build headless

package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/frame"
	"github.com/firefly-observatory/fireflies/metrics"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/systems"
)

const build = config.Headless

// run simulates cfg.Duration without a window, as fast as it can or paced
// at 60 TPS, printing a report line every wall-clock second and a summary
// at the end. Ctrl+C or SIGTERM ends the run early with the same summary.
// In render mode each tick also fills the frame's pixels, the CPU half of
// drawing, and times it as the flush.
func run(cfg config.Config) error {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(stop)

	in, err := report.Open(outputs(cfg, true))
	if err != nil {
		return err
	}
	built := time.Now()
	sim, err := systems.New(cfg.Model, cfg.Options())
	if err != nil {
		in.Close()
		return err
	}
	defer sim.Close()
	ticks := systems.Ticks(cfg.Duration)
	rec := report.NewRecorder(sim, ticks)
	rec.BuildSeconds = time.Since(built).Seconds()
	var px *frame.Pixels
	if sim.Load() != nil {
		px = frame.NewPixels(sim)
	}
	report.PrintStart(os.Stdout, sim)
	if err := in.Start(sim); err != nil {
		in.Close()
		return err
	}

	out := report.NewLineWriter(os.Stdout)
	period := time.Second / systems.TPS
	rec.Start()
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
			rec.Flush(f)
			in.Observe(metrics.FlushDurationMs, report.Ms(f))
		}
		d := time.Since(t0)
		rec.Tick(d)
		in.Tick(d)
		if rec.SecondDone() {
			out.Report(rec.Second())
		}
	}
	rec.Finish()
	if s := rec.Second(); s.Ticks() > 0 {
		out.Report(s)
	}
	if err := in.Close(); err != nil {
		return err
	}
	sum := rec.Summary()
	sum.MetricsDropped = in.Dropped()
	if cfg.JSON {
		return report.WriteJSON(os.Stdout, sum)
	}
	fmt.Printf("%d ticks in %.2fs: %.0f ticks/s, %.3g firefly-ticks/s, R %.3f, trace %s\n",
		sum.Ticks, sum.WallSeconds, sum.TicksPerSecond, sum.FireflyTicksPerSecond, sum.R, sum.TraceHash)
	return nil
}
