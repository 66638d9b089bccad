//go:build headless

package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/firefly-observatory/fireflies/systems"
)

const defaultDuration = 30 * time.Second

func addBuildFlags(fs *flag.FlagSet, cfg *Config) {
	fs.BoolVar(&cfg.Realtime, "realtime", false, "pace ticks at 60 TPS instead of as fast as possible")
	fs.BoolVar(&cfg.JSON, "json", false, "print a JSON summary as the last line of stdout")
}

// run simulates cfg.Duration without a window, as fast as it can or paced
// at 60 TPS, printing a report line every wall-clock second and a summary
// at the end. Ctrl+C or SIGTERM ends the run early with the same summary.
func run(cfg Config) error {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(stop)

	built := time.Now()
	sim, err := systems.New(cfg.Model, cfg.Workers)
	if err != nil {
		return err
	}
	defer sim.Close()
	buildSeconds := time.Since(built).Seconds()
	printStart(os.Stdout, cfg, sim)

	ticks := int(cfg.Duration.Seconds()*systems.TPS + 0.5)
	rec := newRecorder(sim, ticks)
	rec.buildSeconds = buildSeconds
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
		rec.tick(time.Since(t0))
		if rec.secondDone() {
			out.report(rec.second())
		}
	}
	rec.finish()
	if s := rec.second(); s.ticks > 0 {
		out.report(s)
	}
	sum := rec.summary()
	if cfg.JSON {
		return writeJSON(os.Stdout, sum)
	}
	fmt.Printf("%d ticks in %.2fs: %.0f ticks/s, %.3g firefly-ticks/s, R %.3f, trace %s\n",
		sum.Ticks, sum.WallSeconds, sum.TicksPerSecond, sum.FireflyTicksPerSecond, sum.R, sum.TraceHash)
	return nil
}
