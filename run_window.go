//go:build !headless

package main

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"sync"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"github.com/firefly-observatory/fireflies/assets"
	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/metrics"
	"github.com/firefly-observatory/fireflies/render"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/systems"
)

// game runs the simulation inside ebiten's fixed 60 TPS Update and draws it
// every frame.
type game struct {
	cfg     config.Config
	sim     *systems.Sim
	grid    *render.Grid
	overlay *render.Overlay
	in      *report.Instruments
	rec     *report.Recorder
	frames  *report.Frames
	ended   <-chan struct{} // closed by Ctrl+C, SIGTERM or SIGHUP
	ticks   int32           // stop after this tick; 0: never
	crashAt int32           // tick of a crash on purpose (tests); 0: never
	crash   error           // a panic Draw recovered, for Update to return
	// mu is held while a tick runs, so that a run ended from another
	// thread (the X display lost) reads a whole tick's results.
	mu sync.Mutex

	paused       bool
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
	opts := cfg.Options()
	opts.Cancel = ended
	sim, err := systems.New(cfg.Model, opts)
	if err != nil {
		return err
	}
	defer sim.Close()
	report.PrintStart(os.Stdout, sim)
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
		sim:     sim,
		grid:    grid,
		overlay: render.NewOverlay(font, sim, cfg.Mode),
		in:      in,
		rec:     report.NewRecorder(sim, expect),
		frames:  report.NewFrames(min(2*expect, report.MaxRecorded)),
		ended:   ended,
		ticks:   ticks,
		crashAt: int32(testCrashTick()),
	}
	g.rec.BuildSeconds = time.Since(built).Seconds()
	g.rec.TickAllocs = report.NewAllocCounter()
	m := cfg.Model
	scale := max(1, 800/max(m.Width, m.Height))
	ebiten.SetWindowSize(min(m.Width*scale, 1024), min(m.Height*scale, 1024))
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

// finish ends the run: the outputs finished, the summary printed.
func (g *game) finish() error {
	g.rec.Finish()
	g.in.Close()
	sum := report.WindowSummary{Summary: g.rec.Summary()}
	g.frames.Summarise(&sum, g.rec.Ended.Sub(g.rec.Began).Seconds())
	sum.MetricsDropped = g.in.Dropped()
	if g.cfg.JSON {
		report.WriteJSON(os.Stdout, sum)
	} else {
		fmt.Printf("%d ticks and %d frames in %.1fs: %.1f TPS, %.1f FPS, draw %.2f ms p50, R %.3f, trace %s\n",
			sum.Ticks, sum.Frames, sum.WallSeconds, sum.TicksPerSecond, sum.FPS, sum.DrawMsP50, sum.R, sum.TraceHash)
	}
	if g.shotErr != nil {
		return g.shotErr
	}
	return g.in.Failed()
}

// Update advances the simulation by one tick, unless paused or ending. A
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
	if ebiten.IsWindowBeingClosed() || inpututil.IsKeyJustPressed(ebiten.KeyQ) || inpututil.IsKeyJustPressed(ebiten.KeyEscape) {
		g.ending = true
	}
	if inpututil.IsKeyJustPressed(ebiten.KeyM) || inpututil.IsKeyJustPressed(ebiten.KeyTab) ||
		inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonRight) {
		g.overlay.Visible = !g.overlay.Visible
	}
	if inpututil.IsKeyJustPressed(ebiten.KeySpace) || inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		g.paused = !g.paused
	}
	if g.ending || g.paused {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.rec.TickAllocs.Begin()
	t0 := time.Now()
	g.sim.Update()
	d := time.Since(t0)
	g.rec.TickAllocs.End()
	g.updateMs = ema(g.updateMs, d)
	g.rec.Tick(d) // the clock starts with the first tick, not with the window
	g.in.Tick(d)
	g.in.Observe(metrics.TPS, ebiten.ActualTPS())
	g.overlay.Update()
	if g.sim.Swarm.Tick == g.crashAt {
		panic(fmt.Sprintf("test crash at tick %d", g.crashAt))
	}
	if g.ticks > 0 && g.sim.Swarm.Tick >= g.ticks {
		g.ending = true
	}
	return nil
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
	if t0.Sub(g.published) >= time.Second/2 {
		// From Draw, on the wall clock: at a low TPS, or paused, the page's
		// numbers must still change twice a second.
		publish(g)
		g.published = t0
	}
	filled := g.grid.Fill()
	flush := time.Since(t0)
	g.overlay.Hover(g.grid.CellAt(ebiten.CursorPosition()))
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
	g.grid.Draw(dst)
	g.overlay.Draw(dst, render.Status{
		FPS: ebiten.ActualFPS(), TPS: ebiten.ActualTPS(),
		UpdateMs: g.updateMs, DrawMs: g.drawMs, Paused: g.paused,
	})
}

// Layout makes the screen as large as the window: the grid is scaled in Draw.
func (g *game) Layout(outsideWidth, outsideHeight int) (int, int) {
	return outsideWidth, outsideHeight
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
