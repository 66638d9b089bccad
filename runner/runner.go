// Package runner is the one run skeleton every build uses: Start (the
// endings listened for, the outputs opened, the session and its journal,
// the instruments, the recording), Tick (one tick of the session and what
// follows it: the recorder, the instruments, the recording, a world
// rebound) and Finish (every output finished, the journal ended, the
// summary printed, the error that says the exit status). The headless
// loop, the window's Update and the page's JavaScript API are thin
// frontends around it; it imports no ebiten.
package runner

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/frame"
	"github.com/firefly-observatory/fireflies/live"
	"github.com/firefly-observatory/fireflies/output"
	"github.com/firefly-observatory/fireflies/params"
	"github.com/firefly-observatory/fireflies/picture"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/systems"
)

// Options are what a build tells the skeleton about itself.
type Options struct {
	// CountTPS makes the metrics' tps the ticks counted over each
	// interval; the window observes ebiten's instead.
	CountTPS bool
	// CrashAt is the tick at which the run panics on purpose, for the
	// tests of what a crash leaves behind; 0: never.
	CrashAt int32
	// StartTick, for the tests of a run that reaches [live.TickLimit],
	// is the tick the first world starts at instead of 0.
	StartTick int32
	// Stdout is where the start line and the summary go (os.Stdout if
	// nil); the start line goes to stderr with -json.
	Stdout io.Writer
}

// Run is one run from its start to its finish.
type Run struct {
	Cfg   config.Config
	Sess  *live.Session
	Sim   *systems.Sim // the session's world now, rebound after every tick
	In    *report.Instruments
	Rec   *report.Recorder
	Ended <-chan struct{} // closed by Ctrl+C, SIGTERM or SIGHUP

	// PerTick, when set, is work that belongs to a tick's time: the
	// headless render mode's pixel fill.
	PerTick func()
	// LastTick is how long the last tick took.
	LastTick time.Duration
	// Ticks counts the ticks run, across every world of a live run.
	Ticks int

	stdout        io.Writer
	stopListening func()
	journal       *output.File // nil without -journal
	movie         *recording
	limit         int           // ticks to run; 0: until ended
	until         *params.Watch // -until-sync's criterion
	crashAt       int32
	end           sync.Once // the session and its journal end once
	endErr        error
	replay        *live.Session   // the page's replay, for the next Tick
	retired       *live.Session   // the session a replay took the place of, closed once nothing reads its world
	status        <-chan struct{} // SIGUSR1: a line on the run's progress, asked for

	// What the page's API reads of the frontend, set by it before each
	// publication: the view shown and the status' text.
	Shown Shown
	// Republish asks the frontend to publish at its next frame: a change
	// the page made shows at once.
	Republish bool
	// Camera, set by a frontend that has one, is what its window shows
	// of the grid now, for -record-view camera.
	Camera func() picture.View
}

// Shown is what the frontend shows now.
type Shown struct {
	View frame.View // the glow or the phase view
	Text string     // the overlay's text
	// FrameMs are a frame's parts, moving averages in milliseconds:
	// draw, and report.PartNames' (grid, overlay, panel, frame, present).
	FrameMs map[string]float64
	// Layout is where the frame put the grid, the overlay and the panel:
	// x0, y0, x1, y1 in screen pixels (the panel's empty when closed).
	Layout map[string][4]int
	// Tour is the guided tour's chapter shown (0: closed), its title,
	// whether next shows, and how many of what it waits for were seen.
	Tour struct {
		Chapter  int
		Title    string
		Ready    bool
		Seen, Of int
		Next     [4]int // the next button on the screen, x0, y0, x1, y1
	}
}

// Start begins cfg's run: on an error everything it opened is closed again.
// A -replay's journal is read first, before any output is opened (see
// readReplay); Ctrl+C while it is read ends Start with an error that is
// [input.ErrInterrupted].
func Start(cfg config.Config, o Options) (_ *Run, err error) {
	r := &Run{Cfg: cfg, stdout: cmp.Or[io.Writer](o.Stdout, os.Stdout), crashAt: o.CrashAt}
	r.Ended, r.status, r.stopListening = listen()
	defer func() {
		if err != nil {
			r.Close()
		}
	}()
	var j *live.Journal
	if cfg.Replay != "" {
		if j, err = readReplay(cfg, r.Ended); err != nil {
			return nil, err
		}
	}
	if cfg.Screenshot != "" {
		if err := report.CheckWritable("screenshot", cfg.Screenshot); err != nil {
			return nil, err
		}
	}
	if r.In, err = report.Open(outputs(cfg, o.CountTPS)); err != nil {
		return nil, err
	}
	built := time.Now()
	if r.Sess, r.journal, err = startSession(cfg, j, r.In, r.Ended); err != nil {
		return nil, err
	}
	r.Sim = r.Sess.Sim()
	if o.StartTick > 0 {
		r.Sim.Swarm.Tick = o.StartTick
	}
	r.limit = systems.Ticks(cfg.Duration) // 0: until interrupted
	r.until = params.NewWatch(cfg.Until())
	if cfg.Replay != "" && !cfg.DurationSet {
		r.limit = 0 // to the journal's end
	}
	r.Rec = report.NewRecorder(r.Sim, cmp.Or(r.limit, report.MaxRecorded))
	if r.movie, err = newRecording(cfg, r.Sim); err != nil {
		return nil, err
	}
	r.Rec.BuildSeconds = time.Since(built).Seconds()
	report.PrintStart(r.Progress(), r.Sim)
	if err := r.In.Start(r.Sim); err != nil {
		return nil, err
	}
	return r, nil
}

// Progress is where a run's start line and report lines go: stdout, or
// stderr with -json, so that stdout holds the summary alone.
func (r *Run) Progress() io.Writer {
	if r.Cfg.JSON {
		return os.Stderr
	}
	return r.stdout
}

// Expected is how many ticks the run expects: its -duration's, or as many
// as the recorder keeps.
func (r *Run) Expected() int { return cmp.Or(r.limit, report.MaxRecorded) }

// outputs are the instruments' files for cfg.
func outputs(cfg config.Config, countTPS bool) report.Outputs {
	return report.Outputs{
		Metrics: cfg.Metrics, MetricsInterval: cfg.MetricsInterval,
		CPUProfile: cfg.CPUProfile, MemProfile: cfg.MemProfile, Trace: cfg.Trace,
		Series: cfg.Series, SeriesEvery: cfg.SeriesEvery, Avalanches: cfg.Avalanches,
		CountTPS: countTPS,
	}
}

// Tick applies the session's queued changes and runs one tick unless it
// is paused, and reports whether a tick ran; a replay at its journal's end
// runs none. Whatever reads the world follows it to a new one.
func (r *Run) Tick() bool {
	r.TakeReplay()
	r.progress()
	t0 := time.Now()
	r.Rec.TickAllocs.Begin()
	ran := r.Sess.Tick()
	r.Rec.TickAllocs.End()
	if s := r.Sess.Sim(); s != r.Sim { // a reset, a new seed or a new grid
		r.Sim = s
		r.Rec.Rebind(s)
		r.In.Rebind(s)
		r.movie.rebind(s)
	}
	if old := r.retired; old != nil {
		// Now that the runner reads the replay's world (and the frontend
		// follows it when this returns), the old session's world can go.
		r.retired = nil
		old.Close()
	}
	if !ran {
		return false
	}
	r.Ticks++
	if r.PerTick != nil {
		r.PerTick()
	}
	r.movie.tick(r.Sim.Swarm.Tick, r.Camera)
	if r.Sim.Swarm.Tick == r.crashAt {
		panic(fmt.Sprintf("test crash at tick %d", r.crashAt))
	}
	d := time.Since(t0)
	r.LastTick = d
	r.Rec.Tick(d) // the clock starts with the first tick, not with the window
	r.In.Tick(d)
	return true
}

// Done reports whether the run has what it asked for: its -duration's
// ticks, or with -until-sync a swarm synchronised by its criterion
// ([params.Until]); or whether its world
// has reached the last tick it counts to ([live.TickLimit]), where a run
// of -duration 0 ends as at the end of a duration.
func (r *Run) Done() bool {
	return r.limit > 0 && r.Ticks >= r.limit || r.until.Reached(r.Sim) || r.Sess.AtLimit()
}

// progress prints a line on the run so far when SIGUSR1 asked for one,
// as dd does: the world's tick and simulated time, the ticks run, R.
func (r *Run) progress() {
	select {
	case <-r.status:
	default:
		return
	}
	of := ""
	if r.limit > 0 {
		of = fmt.Sprintf(" of %d", r.limit)
	}
	fmt.Fprintf(r.Progress(), "fireflies: tick %d (%.1fs simulated), %d ticks run%s, R %.3f\n",
		r.Sim.Swarm.Tick, r.Sim.SimSeconds(), r.Ticks, of, r.Sim.Obs.R)
}

// Interrupted reports whether the run was asked to end from outside.
func (r *Run) Interrupted() bool {
	select {
	case <-r.Ended:
		return true
	default:
		return false
	}
}

// Recording reports whether a GIF is being recorded: -record's, or one
// started by [Run.StartRecording].
func (r *Run) Recording() bool { return r.movie != nil }

// StartRecording starts a GIF of the run from the next tick, by the
// run's -record-every, -record-size and -record-fps: to be written to
// path when it stops (the window), or handed back (path "", the page).
func (r *Run) StartRecording(path string) error {
	if r.movie != nil {
		return errors.New("record: a recording runs already")
	}
	m, err := recordTo(path, r.Cfg, r.Sim)
	if err != nil {
		return err
	}
	r.movie = m
	return nil
}

// StopRecording ends the recording: it writes it to its path, if it has
// one, and returns the GIF, the path and how many frames it holds.
func (r *Run) StopRecording() (gif []byte, path string, frames int, err error) {
	m := r.movie
	if m == nil {
		return nil, "", 0, errors.New("record: no recording runs")
	}
	r.movie = nil
	var b bytes.Buffer
	if err := m.gif.Write(&b); err != nil {
		return nil, m.path, 0, err
	}
	return b.Bytes(), m.path, m.gif.Frames(), m.close()
}

// Replay runs the session s in place of the current one from the next
// tick on: the page's replay of a journal's text, taken by the frontend's
// next update (a JavaScript callback must not block).
func (r *Run) Replay(s *live.Session) { r.replay = s }

// TakeReplay puts a replay given to [Run.Replay] in the current session's
// place and reports whether there was one. The old session is closed by
// the next [Run.Tick], once the runner reads the new world: a frontend
// may draw the old one until then, and a closed world's memory is gone.
func (r *Run) TakeReplay() bool {
	s := r.replay
	if s == nil {
		return false
	}
	if r.retired == nil {
		r.retired = r.Sess
	} else {
		r.Sess.Close() // a replay that no tick ran, nor a frontend drew
	}
	r.Sess, r.replay = s, nil
	return true
}

// Finish ends the run: the recorder and the instruments finished, the
// recording written, the journal ended with its last tick and trace hash,
// and the summary printed by print (report.WriteJSON with -json, a line
// without). The error it returns says the exit status: a -replay that
// missed its journal's trace hash first, then the first output that
// failed, among them failed, the frontend's own.
func (r *Run) Finish(print func(w io.Writer, s report.Summary), failed ...error) error {
	if r.Rec.Ended.IsZero() {
		r.Rec.Finish()
	}
	if r.Sess.AtLimit() && !r.Sess.Done() { // not a replay whose journal ends there
		fmt.Fprintln(os.Stderr, limitNote())
	}
	output.Hurry() // a pipe's reader that takes nothing does not hold the end
	r.In.Close()
	failed = append(failed, r.In.Failed(), r.movie.close())
	sum := r.Rec.Summary()
	sum.MetricsDropped = r.In.Dropped()
	sum.Point.Duration, sum.Point.UntilSync = r.Cfg.Duration, r.Cfg.UntilSync
	if r.Cfg.Replay != "" {
		sum.Ticks = int(r.Sim.Swarm.Tick) // the live run's count: its world's ticks
	}
	print(r.stdout, sum)
	mismatch := r.Sess.EndMismatch()
	failed = append(failed, r.endSession())
	if mismatch != "" {
		return errors.New(mismatch) // -replay's check that live changes kept determinism
	}
	return firstFailure(failed...)
}

// Close finishes what Finish did not reach, against a panic or an early
// error: the files are finished all the same. It may be called again.
func (r *Run) Close() {
	output.Hurry()
	if r.In != nil {
		r.In.Close()
	}
	if r.retired != nil {
		r.retired.Close()
		r.retired = nil
	}
	if r.Sess != nil {
		r.endSession()
	}
	r.stopListening()
}

// endSession ends the session once: the journal's end line, the world
// closed, the -journal file closed.
func (r *Run) endSession() error {
	r.end.Do(func() { r.endErr = closeJournal(r.Sess, r.journal) })
	return r.endErr
}

// firstFailure is the first non-nil error, or nil.
func firstFailure(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Crash is a panic recovered on a goroutine other than main's, to be
// raised again there with its stack.
type Crash struct {
	Value any
	Stack []byte
}

func (c Crash) Error() string { return fmt.Sprint(c.Value) }

// Recovered wraps a recovered panic value with the stack where it
// happened.
func Recovered(v any) error {
	if c, ok := v.(Crash); ok {
		return c
	}
	return Crash{v, debug.Stack()}
}
