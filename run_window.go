//go:build !headless

package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"github.com/firefly-observatory/fireflies/assets"
	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/metrics"
	"github.com/firefly-observatory/fireflies/systems"
)

const defaultDuration = 0 // run until the window is closed

func addBuildFlags(fs *flag.FlagSet, cfg *Config) {
	fs.StringVar(&cfg.Screenshot, "screenshot", "", "write the last drawn frame to this PNG file at exit")
}

// game runs the simulation inside ebiten's fixed 60 TPS Update and draws it
// every frame.
type game struct {
	cfg     Config
	sim     *systems.Sim
	draw    *systems.Draw
	overlay *systems.Overlay
	in      *instruments
	rec     *recorder
	frames  *frameRecorder
	stop    chan os.Signal
	ticks   int32 // stop after this tick; 0: never

	paused    bool
	ending    bool // no more ticks; draw the last frame, then quit
	drawn     bool // the last frame has been drawn
	shotErr   error
	lastFrame time.Time
	published time.Time // when window.fireflies was last set
	updateMs  float64   // moving averages
	drawMs    float64
	flashes   [systems.TPS]int // per tick, over the last second
}

var _ ebiten.Game = (*game)(nil)

func run(cfg Config) error {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(stop)

	font, err := text.NewGoTextFaceSource(bytes.NewReader(assets.OverlayFont))
	if err != nil {
		return fmt.Errorf("overlay font: %w", err)
	}
	if cfg.Screenshot != "" {
		if err := checkWritable("screenshot", cfg.Screenshot); err != nil {
			return err
		}
	}
	in, err := openInstruments(cfg)
	if err != nil {
		return err
	}
	built := time.Now()
	sim, err := buildSim(cfg)
	if err != nil {
		in.close()
		return err
	}
	defer sim.Close()
	printStart(os.Stdout, cfg, sim)
	ticks := int32(ticksFor(cfg.Duration))
	expect := int(ticks)
	if expect == 0 {
		expect = maxRecorded
	}
	var draw *systems.Draw
	if cfg.Draw == "shader" {
		if draw, err = systems.NewShaderDraw(systems.NewLevels(sim), assets.PaletteShader); err != nil {
			in.close()
			return fmt.Errorf("palette shader: %w", err)
		}
	} else {
		draw = systems.NewDraw(systems.NewPixels(sim))
	}
	g := &game{
		cfg:     cfg,
		sim:     sim,
		draw:    draw,
		overlay: systems.NewOverlay(font, cfg.Mode),
		in:      in,
		rec:     newRecorder(sim, expect),
		frames:  newFrameRecorder(min(2*expect, maxRecorded)),
		stop:    stop,
		ticks:   ticks,
	}
	g.rec.buildSeconds = time.Since(built).Seconds()
	g.rec.tickAllocs = newAllocCounter()
	m := cfg.Model
	scale := max(1, 800/max(m.Width, m.Height))
	ebiten.SetWindowSize(min(m.Width*scale, 1024), min(m.Height*scale, 1024))
	ebiten.SetWindowTitle(fmt.Sprintf("fireflies — %dx%d, seed %d", m.Width, m.Height, m.Seed))
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetWindowClosingHandled(true)
	ebiten.SetTPS(systems.TPS)
	ebiten.SetScreenClearedEveryFrame(false) // Draw covers every pixel itself
	ebiten.SetVsyncEnabled(true)
	if err := in.start(sim); err != nil {
		in.close()
		return err
	}
	runErr := ebiten.RunGame(g)
	if g.rec.began.IsZero() {
		g.rec.start()
	}
	g.rec.finish()
	if err := in.close(); err != nil && runErr == nil {
		runErr = err
	}
	if runErr != nil {
		return runErr
	}
	sum := windowSummary{Summary: g.rec.summary(cfg)}
	g.frames.summarise(&sum, g.rec.ended.Sub(g.rec.began).Seconds())
	if in.log != nil {
		sum.MetricsDropped = in.log.Dropped()
	}
	if cfg.JSON {
		if err := writeJSON(os.Stdout, sum); err != nil {
			return err
		}
	} else {
		fmt.Printf("%d ticks and %d frames in %.1fs: %.1f TPS, %.1f FPS, draw %.2f ms p50, R %.3f, trace %s\n",
			sum.Ticks, sum.Frames, sum.WallSeconds, sum.TicksPerSecond, sum.FPS, sum.DrawMsP50, sum.R, sum.TraceHash)
	}
	return g.shotErr
}

// Update advances the simulation by one tick, unless paused or ending.
func (g *game) Update() error {
	if g.drawn {
		return ebiten.Termination
	}
	select {
	case <-g.stop:
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
	if g.rec.began.IsZero() {
		g.rec.start() // the clock starts with the first tick, not with the window
	}
	g.rec.tickAllocs.begin()
	t0 := time.Now()
	g.sim.Update()
	d := time.Since(t0)
	g.rec.tickAllocs.end()
	g.updateMs = ema(g.updateMs, d)
	g.rec.tick(d)
	g.in.tick(d)
	g.in.observe(metrics.TPS, ebiten.ActualTPS())
	sw := g.sim.Swarm
	g.flashes[sw.Tick%systems.TPS] = sw.Flashes
	if g.ticks > 0 && sw.Tick >= g.ticks {
		g.ending = true
	}
	if sw.Tick%systems.OrderEvery == 0 {
		g.overlay.Sample(g.sim.Order.R, float64(g.flashesPerSecond()))
	}
	return nil
}

// Draw draws the grid and the overlay; on the last frame it also writes
// the screenshot.
func (g *game) Draw(screen *ebiten.Image) {
	t0 := time.Now()
	jitter := 0.0
	if !g.lastFrame.IsZero() {
		jitter = max(0, ms(t0.Sub(g.lastFrame))-1000.0/systems.TPS)
	}
	g.lastFrame = t0
	if t0.Sub(g.published) >= time.Second/2 {
		// From Draw, on the wall clock: at a low TPS, or paused, the page's
		// numbers must still change twice a second.
		publish(g.live())
		g.published = t0
	}
	filled := g.draw.Fill()
	flush := time.Since(t0)
	sw := g.sim.Swarm
	if filled && sw.Tick%systems.OrderEvery == 0 || sw.Tick == 0 {
		g.overlay.Update(g.stats())
	}
	g.overlay.Hover(g.hover())
	g.frame(screen)
	d := time.Since(t0)
	g.drawMs = ema(g.drawMs, d)
	g.frames.frame(d, flush, filled, jitter)
	g.in.observe(metrics.DrawMs, ms(d))
	g.in.observe(metrics.RenderJitterMs, jitter)
	g.in.observe(metrics.FPS, ebiten.ActualFPS())
	if filled {
		g.in.observe(metrics.FlushDurationMs, ms(flush))
	}
	g.in.interval(false) // lines keep coming while paused
	if g.ending && !g.drawn {
		if g.cfg.Screenshot != "" {
			g.shotErr = g.screenshot(screen.Bounds())
		}
		g.drawn = true
	}
}

func (g *game) frame(dst *ebiten.Image) {
	g.draw.Draw(dst)
	g.overlay.Draw(dst)
}

// Layout makes the screen as large as the window: the grid is scaled in Draw.
func (g *game) Layout(outsideWidth, outsideHeight int) (int, int) {
	return outsideWidth, outsideHeight
}

func (g *game) flashesPerSecond() int {
	n := 0
	for _, f := range g.flashes {
		n += f
	}
	return n
}

func (g *game) stats() systems.OverlayStats {
	return systems.OverlayStats{
		FPS: ebiten.ActualFPS(), TPS: ebiten.ActualTPS(),
		Fireflies: g.cfg.Model.Fireflies(), Seed: g.cfg.Model.Seed,
		SimSeconds: g.sim.SimSeconds(), FlashesPerSecond: float64(g.flashesPerSecond()),
		R: g.sim.Order.R, Pulse: g.sim.Monitor.Pulse, SyncedAt: g.sim.Monitor.SyncedAt,
		UpdateMs: g.updateMs, DrawMs: g.drawMs, Paused: g.paused,
	}
}

// hover returns the firefly under the mouse, read through its entity.
func (g *game) hover() (systems.HoverInfo, bool) {
	x, y, ok := g.draw.CellAt(ebiten.CursorPosition())
	if !ok {
		return systems.HoverInfo{}, false
	}
	sw := g.sim.Swarm
	e := g.sim.World.Entry(sw.Entities[y*sw.Width+x])
	return systems.HoverInfo{
		X: x, Y: y,
		Phase:      float64(components.Phase.Get(e).Seconds),
		Refractory: float64(components.Refractory.Get(e).Left),
		Glow:       systems.Glow(g.cfg.Model, components.Glow.Get(e).FlashTick, sw.Tick),
	}, true
}

// live returns the numbers the browser page publishes.
func (g *game) live() liveStats {
	return liveStats{
		Fireflies: g.cfg.Model.Fireflies(), Seed: g.cfg.Model.Seed,
		Ticks: int64(g.sim.Swarm.Tick), TPS: ebiten.ActualTPS(), FPS: ebiten.ActualFPS(),
		Flashes: g.sim.Swarm.TotalFlashes, R: g.sim.Order.R,
	}
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
	v := ms(d)
	if avg == 0 {
		return v
	}
	return avg + (v-avg)/systems.TPS
}

// windowSummary is the -json line of a window run: the headless summary
// plus what the frames measured.
type windowSummary struct {
	Summary
	Frames        int     `json:"frames"`
	FPS           float64 `json:"fps"`
	DrawMsP50     float64 `json:"draw_ms_p50"`
	DrawMsP99     float64 `json:"draw_ms_p99"`
	JitterMsAvg   float64 `json:"render_jitter_ms_avg"`
	JitterMsP99   float64 `json:"render_jitter_ms_p99"`
	FrameFlushP50 float64 `json:"frame_flush_ms_p50"`
	FrameFlushP99 float64 `json:"frame_flush_ms_p99"`
}

// frameRecorder keeps per-frame timings in buffers sized before the run.
type frameRecorder struct {
	count               int
	draw, flush, jitter []float32
}

func newFrameRecorder(n int) *frameRecorder {
	return &frameRecorder{
		draw:   make([]float32, 0, n),
		flush:  make([]float32, 0, n),
		jitter: make([]float32, 0, n),
	}
}

func (f *frameRecorder) frame(draw, flush time.Duration, filled bool, jitter float64) {
	f.count++
	if len(f.draw) == cap(f.draw) {
		return
	}
	f.draw = append(f.draw, float32(ms(draw)))
	f.jitter = append(f.jitter, float32(jitter))
	if filled {
		f.flush = append(f.flush, float32(ms(flush)))
	}
}

func (f *frameRecorder) summarise(s *windowSummary, wall float64) {
	s.Frames = f.count
	if wall > 0 {
		s.FPS = float64(f.count) / wall
	}
	if len(f.draw) > 0 {
		s.DrawMsP50, s.DrawMsP99, _ = spread(f.draw)
		_, s.JitterMsP99, _ = spread(f.jitter)
		sum := 0.0
		for _, j := range f.jitter {
			sum += float64(j)
		}
		s.JitterMsAvg = sum / float64(len(f.jitter))
	}
	if len(f.flush) > 0 {
		s.FrameFlushP50, s.FrameFlushP99, _ = spread(f.flush)
	}
}
