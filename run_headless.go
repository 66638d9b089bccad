//go:build headless

package main

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/frame"
	"github.com/firefly-observatory/fireflies/metrics"
	"github.com/firefly-observatory/fireflies/picture"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/systems"
)

const build = config.Headless

// run simulates cfg.Duration without a window (or until the swarm is
// synchronised, with -until-sync), as fast as it can or paced at 60 TPS, printing a report line every wall-clock second and a summary
// at the end. Ctrl+C, SIGTERM or SIGHUP end the run early with the same
// summary; a closed stdout ends it with its files finished. In render mode
// each tick also fills the frame's pixels, the CPU half of drawing, and
// times it as the flush.
func run(cfg config.Config) error {
	ended, stopListening := endings()
	defer stopListening()

	if cfg.Screenshot != "" {
		if err := report.CheckWritable("screenshot", cfg.Screenshot); err != nil {
			return err
		}
	}
	in, err := report.Open(outputs(cfg, true))
	if err != nil {
		return err
	}
	defer in.Close() // against a panic: the files are finished all the same
	built := time.Now()
	sess, journal, err := startSession(cfg, ended)
	if err != nil {
		return err
	}
	defer sess.Close()
	sim := sess.Sim()
	ticks := systems.Ticks(cfg.Duration) // 0: until interrupted
	if cfg.Replay != "" && !cfg.DurationSet {
		ticks = 0 // to the journal's end
	}
	rec := report.NewRecorder(sim, cmp.Or(ticks, report.MaxRecorded))
	rec.BuildSeconds = time.Since(built).Seconds()
	var px *frame.Pixels
	if sim.Load() != nil {
		px = frame.NewPixels(sim)
	}
	movie, err := newRecording(cfg, sim)
	if err != nil {
		return err
	}
	stdout := console{w: os.Stdout}
	lines := progress(cfg, &stdout)
	report.PrintStart(lines, sim)
	if err := in.Start(sim); err != nil {
		return err
	}

	out := report.NewLineWriter(lines)
	period := time.Second / systems.TPS
	rec.Start()
	next := time.Now()
	crashAt := int32(testCrashTick())
loop:
	for n := 0; ticks == 0 || n < ticks; n++ {
		select {
		case <-ended:
			break loop
		default:
		}
		if stdout.closed {
			break // | head has read what it wanted: finish the files
		}
		if cfg.Realtime {
			next = next.Add(period)
			if d := time.Until(next); d > 0 {
				time.Sleep(d)
			}
		}
		t0 := time.Now()
		if !sess.Tick() {
			break // a replay at its journal's end
		}
		if s := sess.Sim(); s != sim { // a replay's reset, reseed or new grid
			sim = s
			rec.Rebind(sim)
			in.Rebind(sim)
		}
		movie.tick(sim.Swarm.Tick)
		if sim.Swarm.Tick == crashAt {
			panic(fmt.Sprintf("test crash at tick %d", crashAt))
		}
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
		if cfg.UntilSync && sim.Synced() {
			break
		}
	}
	rec.Finish()
	if s := rec.Second(); s.Ticks() > 0 {
		out.Report(s)
	}
	in.Close()
	failed := []error{in.Failed(), movie.close()}
	if cfg.Screenshot != "" {
		if px == nil {
			px = frame.NewPixels(sim)
		}
		px.Update()
		m := cfg.Model
		failed = append(failed, writeFile("screenshot", cfg.Screenshot, func(f *os.File) error {
			return picture.WritePNG(f, px.Pix, m.Width, m.Height)
		}))
	}
	sum := rec.Summary()
	sum.MetricsDropped = in.Dropped()
	sum.UntilSync = cfg.UntilSync
	if cfg.Replay != "" {
		sum.Ticks = int(sim.Swarm.Tick) // the live run's count: its world's ticks
	}
	if cfg.JSON {
		report.WriteJSON(&stdout, sum)
	} else {
		fmt.Fprintf(&stdout, "%d ticks in %.2fs: %.0f ticks/s, %.3g firefly-ticks/s, R %.3f, trace %s\n",
			sum.Ticks, sum.WallSeconds, sum.TicksPerSecond, sum.FireflyTicksPerSecond, sum.R, sum.TraceHash)
	}
	mismatch := sess.EndMismatch()
	failed = append(failed, closeJournal(sess, journal))
	if mismatch != "" {
		return errors.New(mismatch) // -replay's check that live changes kept determinism
	}
	return firstFailure(failed...)
}

// console is stdout, which the reader may close (| head): after the first
// EPIPE it writes nothing more, and the run takes it as an ending.
type console struct {
	w      *os.File
	closed bool
}

func (c *console) Write(b []byte) (int, error) {
	if c.closed {
		return len(b), nil
	}
	n, err := c.w.Write(b)
	if errors.Is(err, syscall.EPIPE) {
		c.closed = true
	}
	return n, err
}
