//go:build !headless

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"github.com/firefly-observatory/fireflies/assets"
	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/live"
	"github.com/firefly-observatory/fireflies/metrics"
	"github.com/firefly-observatory/fireflies/output"
	"github.com/firefly-observatory/fireflies/render"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/systems"
)

// game runs a live session inside ebiten's fixed 60 TPS Update, as many
// ticks an update as its speed says, and draws it every frame.
type game struct {
	cfg  config.Config
	sess *live.Session
	end  *sessionEnd // ends the session and its -journal once
	// replay is a journal's session given to the page through
	// window.fireflies.replay, for the next Update to run in place of the
	// page's own; replaying, that it does: at the journal's end the run
	// stops, but the page stays.
	replay    *live.Session
	replaying bool
	pace      live.Pace
	sim       *systems.Sim // the session's world now, rebound after every tick
	shader    []byte       // the grid's palette shader; nil: the CPU's
	model     drawnModel   // what the grid's tables were built for
	grid      *render.Grid
	overlay   *render.Overlay
	cam       *render.Camera
	ctl       *render.Controls
	panel     *render.Panel
	debug     *os.File // FIREFLIES_DEBUG_OVERLAY: the overlay's text, a JSON line a frame
	movie     *recording
	in        *report.Instruments
	rec       *report.Recorder
	frames    *report.Frames
	ended     <-chan struct{} // closed by Ctrl+C, SIGTERM or SIGHUP
	ticks     int32           // stop after this tick; 0: never
	crashAt   int32           // tick of a crash on purpose (tests); 0: never
	crash     error           // a panic Draw recovered, for Update to return
	// mu is held while Update changes the session and runs its ticks, so
	// that a run ended from another thread (the X display lost) reads a
	// whole tick's results and closes a session no one is changing.
	mu sync.Mutex

	frameNo      int
	ending       bool // no more ticks; draw the last frame, then quit
	drawn        bool // the last frame has been drawn
	shotErr      error
	lastFrame    time.Time
	published    time.Time // when window.fireflies was last set
	publications int       // how many times it was
	updateMs     float64   // moving averages
	drawMs       float64
}

var _ ebiten.Game = (*game)(nil)

func run(cfg config.Config) error {
	ended, stopListening := endings()
	defer stopListening()

	font, err := text.NewGoTextFaceSource(bytes.NewReader(assets.OverlayFont))
	if err != nil {
		return fmt.Errorf("overlay font: %w", err)
	}
	if cfg.Screenshot != "" {
		if err := report.CheckWritable("screenshot", cfg.Screenshot); err != nil {
			return err
		}
	}
	in, err := report.Open(outputs(cfg, false))
	if err != nil {
		return err
	}
	defer in.Close() // against a panic: the files are finished all the same
	built := time.Now()
	sess, journal, err := startSession(cfg, ended)
	if err != nil {
		return err
	}
	end := &sessionEnd{sess: sess, journal: journal}
	defer end.close() // against a panic; finish ends it first
	sim := sess.Sim()
	report.PrintStart(progress(cfg, os.Stdout), sim)
	ticks := int32(systems.Ticks(cfg.Duration))
	expect := int(ticks)
	if expect == 0 {
		expect = report.MaxRecorded
	}
	var shader []byte
	if cfg.Draw == "shader" {
		shader = assets.PaletteShader
	}
	grid, err := render.NewGrid(sim, shader)
	if err != nil {
		return fmt.Errorf("palette shader: %w", err)
	}
	g := &game{
		cfg:     cfg,
		sess:    sess,
		end:     end,
		sim:     sim,
		shader:  shader,
		model:   drawnOf(sim),
		grid:    grid,
		overlay: render.NewOverlay(font, sim, cfg.Mode),
		in:      in,
		rec:     report.NewRecorder(sim, expect),
		frames:  report.NewFrames(min(2*expect, report.MaxRecorded)),
		ended:   ended,
		ticks:   ticks,
		crashAt: int32(testCrashTick()),
	}
	m := sim.Model // a -replay's, from its journal
	g.cam = render.NewCamera(m.Width, m.Height)
	g.ctl = &render.Controls{Cam: g.cam, Overlay: g.overlay, Sess: sess, CanQuit: runtime.GOOS != "js", Radius: 2}
	scale := 1.0
	if mon := ebiten.Monitor(); mon != nil {
		scale = mon.DeviceScaleFactor()
	}
	g.panel = render.NewPanel(font, g.ctl, scale)
	if path := os.Getenv("FIREFLIES_DEBUG_OVERLAY"); path != "" {
		if g.debug, err = os.Create(path); err != nil {
			return err
		}
		defer g.debug.Close()
	}
	if g.movie, err = newRecording(cfg, sim); err != nil {
		return err
	}
	g.rec.BuildSeconds = time.Since(built).Seconds()
	g.rec.TickAllocs = report.NewAllocCounter()
	ebiten.SetWindowSize(windowSize(m.Width, m.Height))
	ebiten.SetWindowTitle(fmt.Sprintf("fireflies — %dx%d, seed %d", m.Width, m.Height, m.Seed))
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetWindowClosingHandled(true)
	ebiten.SetTPS(systems.TPS)
	ebiten.SetScreenClearedEveryFrame(false) // Draw covers every pixel itself
	ebiten.SetVsyncEnabled(true)
	if err := in.Start(sim); err != nil {
		return err
	}
	watchDisplay(func(reason string, status int) {
		g.mu.Lock() // the tick under way ends first; no other starts
		err := g.finish()
		if status != 0 {
			err = errors.New(reason + "; the outputs are finished")
		}
		exit(err)
		os.Exit(status)
	})
	if err := ebiten.RunGame(g); err != nil {
		g.rec.Finish()
		in.Close()
		return err
	}
	return g.finish()
}

// finish ends the run: the outputs finished, the journal ended, the
// summary printed.
func (g *game) finish() error {
	g.rec.Finish()
	g.in.Close()
	sum := report.WindowSummary{Summary: g.rec.Summary()}
	g.frames.Summarise(&sum, g.rec.Ended.Sub(g.rec.Began).Seconds())
	sum.MetricsDropped = g.in.Dropped()
	// A -replay that missed its journal's trace hash fails the run.
	var mismatch error
	if m := g.sess.EndMismatch(); m != "" {
		mismatch = errors.New(m)
	}
	journalErr := g.end.close()
	if g.cfg.JSON {
		report.WriteJSON(os.Stdout, sum)
	} else {
		fmt.Printf("%d ticks and %d frames in %.1fs: %.1f TPS, %.1f FPS, draw %.2f ms p50, R %.3f, trace %s\n",
			sum.Ticks, sum.Frames, sum.WallSeconds, sum.TicksPerSecond, sum.FPS, sum.DrawMsP50, sum.R, sum.TraceHash)
	}
	return firstFailure(mismatch, g.shotErr, g.in.Failed(), g.movie.close(), journalErr)
}

// Update takes the panel's and the keys' changes, then runs as many ticks
// as the session's speed asks (none while paused, one for a step). A
// panic in it or in Draw, which run on ebiten's game goroutine, comes back
// as RunGame's error, and so to the main goroutine as a crash.
func (g *game) Update() (err error) {
	defer func() {
		if r := recover(); r != nil {
			unwatchDisplay() // ebiten's teardown closes the display: no loss
			err = recovered(r)
		}
	}()
	if g.crash != nil {
		unwatchDisplay()
		return g.crash
	}
	if g.drawn {
		unwatchDisplay()
		return ebiten.Termination
	}
	select {
	case <-g.ended:
		g.ending = true
	default:
	}
	g.mu.Lock() // the panel and the keys change the session too
	defer g.mu.Unlock()
	if r := g.replay; r != nil {
		old := g.sess
		g.sess, g.ctl.Sess, g.end.sess = r, r, r // the page has no -journal to end
		g.replay, g.replaying = nil, true
		old.Close()
	}
	g.panel.Update()
	g.ctl.Update()
	if ebiten.IsWindowBeingClosed() || g.ctl.Quit {
		g.ending = true
	}
	if g.ending {
		return nil
	}
	t0 := time.Now()
	n := 0
	for range g.pace.Ticks(g.sess.Speed()) {
		if !g.tick() {
			// A -replay at its journal's end ends the run as -duration does.
			g.ending = g.ending || (g.sess.Done() || g.sess.EndMismatch() != "") && !g.replaying
			break
		}
		n++
		if g.ending {
			break
		}
	}
	now := time.Now()
	g.pace.Ran(n, now.Sub(t0), now)
	if n > 0 {
		g.in.Observe(metrics.TPS, ebiten.ActualTPS())
	}
	return nil
}

// tick applies the session's queued changes and runs one tick unless it
// is paused, and reports whether a tick ran.
func (g *game) tick() bool {
	g.rec.TickAllocs.Begin()
	t0 := time.Now()
	ran := g.sess.Tick()
	d := time.Since(t0)
	g.rec.TickAllocs.End()
	if g.sess.Sim() != g.sim || drawnOf(g.sim) != g.model {
		g.rebind()
	}
	if !ran {
		return false
	}
	g.updateMs = ema(g.updateMs, d)
	g.rec.Tick(d) // the clock starts with the first tick, not with the window
	g.in.Tick(d)
	g.overlay.Update()
	g.movie.tick(g.sim.Swarm.Tick)
	if g.sim.Swarm.Tick == g.crashAt {
		panic(fmt.Sprintf("test crash at tick %d", g.crashAt))
	}
	if g.ticks > 0 && g.sim.Swarm.Tick >= g.ticks {
		g.ending = true
	}
	return true
}

// drawnModel is what the grid's colour tables depend on: the world, and
// the period and glow, which a live run changes in place.
type drawnModel struct {
	sim    *systems.Sim
	period time.Duration
	glow   float64
}

func drawnOf(sim *systems.Sim) drawnModel {
	return drawnModel{sim, sim.Model.Period, sim.Model.Glow}
}

// rebind follows the session to its world now: a new one after a reset,
// a new seed or a change of grid (the old one is closed), or the same one
// with another period or glow. Everything that reads the world reads the
// new one; the camera keeps its view unless the grid's size changed.
func (g *game) rebind() {
	sim := g.sess.Sim()
	grid, err := render.NewGrid(sim, g.shader)
	if err != nil {
		panic(fmt.Sprintf("palette shader: %v", err)) // it compiled at the start
	}
	g.grid.Deallocate()
	g.grid = grid
	if sim != g.sim {
		old := g.sim.Model
		g.overlay.Rebind(sim)
		g.rec.Rebind(sim)
		g.in.Rebind(sim)
		g.movie.rebind(sim)
		if m := sim.Model; m.Width != old.Width || m.Height != old.Height {
			g.cam.Resize(m.Width, m.Height)
		}
	}
	g.sim, g.model = sim, drawnOf(sim)
}

// Draw draws the grid and the overlay; on the last frame it also writes
// the screenshot.
func (g *game) Draw(screen *ebiten.Image) {
	defer func() {
		if r := recover(); r != nil {
			g.crash = recovered(r)
		}
	}()
	t0 := time.Now()
	jitter := 0.0
	if !g.lastFrame.IsZero() {
		jitter = max(0, report.Ms(t0.Sub(g.lastFrame))-1000.0/systems.TPS)
	}
	g.lastFrame = t0
	g.pace.Frame(t0)
	if t0.Sub(g.published) >= time.Second/2 {
		// From Draw, on the wall clock: at a low TPS, or paused, the page's
		// numbers must still change twice a second.
		publish(g)
		g.published = t0
	}
	filled := g.grid.Fill(g.ctl.View)
	flush := time.Since(t0)
	g.overlay.Hover(g.cam.CellAt(ebiten.CursorPosition()))
	g.frame(screen)
	d := time.Since(t0)
	g.drawMs = ema(g.drawMs, d)
	g.frames.Frame(d, flush, filled, jitter)
	g.in.Observe(metrics.DrawMs, report.Ms(d))
	g.in.Observe(metrics.RenderJitterMs, jitter)
	g.in.Observe(metrics.FPS, ebiten.ActualFPS())
	if filled {
		g.in.Observe(metrics.FlushDurationMs, report.Ms(flush))
	}
	g.in.Interval(false) // lines keep coming while paused
	if g.ending && !g.drawn {
		if g.cfg.Screenshot != "" {
			g.shotErr = g.screenshot(screen.Bounds())
		}
		g.drawn = true
	}
}

func (g *game) frame(dst *ebiten.Image) {
	g.panel.Follow(g.cam)
	g.grid.Draw(dst, g.cam)
	rate := g.pace.Rate()
	g.overlay.Draw(dst, render.Status{
		FPS: ebiten.ActualFPS(), TPS: rate * systems.TPS, Speed: g.sess.Speed(), Rate: rate,
		UpdateMs: g.updateMs, DrawMs: g.drawMs, Paused: g.sess.Paused(), View: g.ctl.View,
	}, ebiten.Monitor().DeviceScaleFactor(), g.cam)
	g.panel = g.panel.AtScale(ebiten.Monitor().DeviceScaleFactor())
	g.panel.Rate = rate
	g.panel.Draw(dst, g.cam)
	if g.debug != nil && dst.Bounds().Min == (image.Point{}) {
		g.frameNo++
		json.NewEncoder(g.debug).Encode(struct {
			Frame  int     `json:"frame"`
			Tick   int32   `json:"tick"`
			Paused bool    `json:"paused"`
			Zoom   float64 `json:"zoom"`
			Text   string  `json:"text"`
			Panel  string  `json:"panel"`
			StepAt [2]int  `json:"step_at"` // the panel's step button
		}{g.frameNo, g.sim.Swarm.Tick, g.sess.Paused(), g.cam.Zoom, g.overlay.Text, g.panel.Text(),
			[2]int{g.panel.StepAt().X, g.panel.StepAt().Y}})
	}
}

// Layout is never called: ebiten calls LayoutF.
func (g *game) Layout(outsideWidth, outsideHeight int) (int, int) {
	panic("LayoutF is used")
}

// LayoutF makes the screen as large as the window in device pixels, so
// that the grid and the text are drawn at the display's own resolution
// (crisp at a device pixel ratio of 2); the grid is placed by the camera.
func (g *game) LayoutF(outsideWidth, outsideHeight float64) (float64, float64) {
	s := ebiten.Monitor().DeviceScaleFactor()
	return math.Ceil(outsideWidth * s), math.Ceil(outsideHeight * s)
}

// windowSize is the window's first size: the grid at whole pixels a cell
// (at least 800 pixels on its long side when it is small), within the
// monitor less a margin for its decorations and the desktop's bars.
func windowSize(gw, gh int) (int, int) {
	mw, mh := 1024, 1024
	if m := ebiten.Monitor(); m != nil {
		if w, h := m.Size(); w > 0 && h > 0 {
			mw, mh = w*9/10, h*17/20
		}
	}
	scale := max(1, 800/max(gw, gh))
	w, h := gw*scale, gh*scale
	if w > mw || h > mh { // shrink, keeping the grid's aspect
		f := min(float64(mw)/float64(w), float64(mh)/float64(h))
		w, h = max(1, int(float64(w)*f)), max(1, int(float64(h)*f))
	}
	return max(w, 320), max(h, 240)
}

// screenshot renders the frame once more into an image it can read back
// and writes it as a PNG.
func (g *game) screenshot(bounds image.Rectangle) error {
	img := ebiten.NewImage(bounds.Dx(), bounds.Dy())
	defer img.Deallocate()
	g.frame(img)
	rgba := image.NewRGBA(bounds)
	img.ReadPixels(rgba.Pix)
	f, err := os.Create(g.cfg.Screenshot)
	if err != nil {
		return err
	}
	if err := png.Encode(f, rgba); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// ema folds d into a moving average in milliseconds over about a second.
func ema(avg float64, d time.Duration) float64 {
	v := report.Ms(d)
	if avg == 0 {
		return v
	}
	return avg + (v-avg)/systems.TPS
}

// sessionEnd ends a session once: the journal's end line with the run's
// last tick and trace hash, the world closed, the -journal file closed.
type sessionEnd struct {
	sess    *live.Session
	journal *output.File // nil without -journal
	once    sync.Once
	err     error
}

func (e *sessionEnd) close() error {
	e.once.Do(func() { e.err = closeJournal(e.sess, e.journal) })
	return e.err
}
