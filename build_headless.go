//go:build headless

// The headless build: no window, cgo off, natively and under Node. It runs
// as fast as it can (or paced at 60 TPS with -realtime), prints a report
// line every wall-clock second and a summary at the end, and has the
// subcommands that study many runs (sweep, merge, plot, analyze).

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"github.com/firefly-observatory/fireflies/analyze"
	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/frame"
	"github.com/firefly-observatory/fireflies/merge"
	"github.com/firefly-observatory/fireflies/metrics"
	"github.com/firefly-observatory/fireflies/picture"
	"github.com/firefly-observatory/fireflies/plot"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/runner"
	"github.com/firefly-observatory/fireflies/summarize"
	"github.com/firefly-observatory/fireflies/sweep"
	"github.com/firefly-observatory/fireflies/systems"
)

const build = config.Headless

// commandLine is the command line, natively and under Node.
func commandLine() []string { return os.Args[1:] }

func fail(err error, code int) { nativeFail(err, code) }

// command runs the subcommand name. Under Node only analyze: the others
// start processes and write files a sweep's shards share.
func command(name string, args []string) error {
	if runtime.GOOS == "js" {
		return analyzeOnly(name, args)
	}
	var err error
	switch name {
	case "sweep":
		ended, stopListening := runner.Endings()
		defer stopListening()
		err = sweep.Run(args, build, os.Stdout, os.Stderr, ended)
		if errors.As(err, new(*sweep.Interrupted)) {
			return exitCode{err, 130}
		}
	case "merge":
		err = merge.Run(args, build, os.Stdout, os.Stderr)
	case "plot":
		err = plot.Run(args, build, os.Stdout)
	case "summarize":
		err = summarize.Run(args, build, os.Stdout, os.Stderr)
	default:
		return analyze.RunFile(args, os.Stdout)
	}
	if errors.As(err, new(*report.OutputFailed)) {
		return exitCode{fmt.Errorf("%s stopped: %w", name, err), 3}
	}
	return err
}

// run simulates cfg.Duration (or until the swarm is synchronised, with
// -until-sync, or to a -replay's end). Ctrl+C, SIGTERM or SIGHUP end the
// run early with the same summary; a closed stdout ends it with its files
// finished. In render mode each tick also fills the frame's pixels, the
// CPU half of drawing, and times it as the flush.
func run(cfg config.Config) error {
	stdout := &console{w: os.Stdout}
	r, err := runner.Start(cfg, runner.Options{CountTPS: true, CrashAt: envCrashTick(), StartTick: envStartTick(), Stdout: stdout})
	if err != nil {
		return err
	}
	defer r.Close()
	var px *frame.Pixels
	if r.Sim.Load() != nil {
		px = frame.NewPixels(r.Sim)
		r.PerTick = func() {
			t1 := time.Now()
			px.Update()
			f := time.Since(t1)
			r.Rec.Flush(f)
			r.In.Observe(metrics.FlushDurationMs, report.Ms(f))
		}
	}

	out := report.NewLineWriter(r.Progress())
	period := time.Second / systems.TPS
	r.Rec.Start()
	next := time.Now()
	for !r.Done() && !r.Interrupted() && !stdout.closed { // closed: | head has read what it wanted
		if cfg.Realtime {
			next = next.Add(period)
			if d := time.Until(next); d > 0 {
				time.Sleep(d)
			}
		}
		if !r.Tick() {
			break // a replay at its journal's end
		}
		if r.Rec.SecondDone() {
			out.Report(r.Rec.Second())
		}
	}
	r.Rec.Finish()
	if s := r.Rec.Second(); s.Ticks() > 0 {
		out.Report(s)
	}
	var shot error
	if cfg.Screenshot != "" {
		if px == nil {
			px = frame.NewPixels(r.Sim)
		}
		px.Update()
		m := r.Sim.Model
		shot = runner.WriteFile("screenshot", cfg.Screenshot, func(w io.Writer) error {
			return picture.WritePNG(w, px.Pix, m.Width, m.Height)
		})
	}
	return r.Finish(func(w io.Writer, sum report.Summary) {
		if cfg.JSON {
			report.WriteJSON(w, sum)
			return
		}
		fmt.Fprintf(w, "%d ticks in %.2fs: %.0f ticks/s, %.3g firefly-ticks/s, R %.3f, trace %s\n",
			sum.Ticks, sum.WallSeconds, sum.TicksPerSecond, sum.FireflyTicksPerSecond, sum.R, sum.TraceHash)
	}, shot)
}

// envStartTick is the tick a native headless run's world starts at, for
// the tests of a run that reaches the last tick a world counts to
// (live.TickLimit) without running for 414 days:
// FIREFLIES_TEST_START_TICK, or 0.
func envStartTick() int32 {
	n, _ := strconv.ParseInt(os.Getenv("FIREFLIES_TEST_START_TICK"), 10, 32)
	return int32(max(0, n))
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
