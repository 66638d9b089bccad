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
	stop    chan os.Signal
	ticks   int32 // stop after this tick; 0: never

	frames   int
	paused   bool
	ending   bool // no more ticks; draw the last frame, then quit
	drawn    bool // the last frame has been drawn
	shotErr  error
	updateMs float64 // moving averages
	drawMs   float64
	flashes  [systems.TPS]int // per tick, over the last second
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
		if err := checkWritable(cfg.Screenshot); err != nil {
			return err
		}
	}
	sim, err := systems.New(cfg.Model, cfg.Workers)
	if err != nil {
		return err
	}
	defer sim.Close()
	printStart(os.Stdout, cfg, sim)
	g := &game{
		cfg:     cfg,
		sim:     sim,
		draw:    systems.NewDraw(systems.NewPixels(sim)),
		overlay: systems.NewOverlay(font),
		stop:    stop,
		ticks:   int32(cfg.Duration.Seconds()*systems.TPS + 0.5),
	}
	m := cfg.Model
	scale := max(1, 800/max(m.Width, m.Height))
	ebiten.SetWindowSize(min(m.Width*scale, 1024), min(m.Height*scale, 1024))
	ebiten.SetWindowTitle(fmt.Sprintf("fireflies — %dx%d, seed %d", m.Width, m.Height, m.Seed))
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetWindowClosingHandled(true)
	ebiten.SetTPS(systems.TPS)
	began := time.Now()
	if err := ebiten.RunGame(g); err != nil {
		return err
	}
	wall := time.Since(began).Seconds()
	fmt.Printf("%d ticks and %d frames in %.1fs: %.1f TPS, %.1f FPS, R %.3f, trace %016x\n",
		sim.Swarm.Tick, g.frames, wall, float64(sim.Swarm.Tick)/wall, float64(g.frames)/wall,
		sim.Order.Measure(), sim.Swarm.TraceHash)
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
	if inpututil.IsKeyJustPressed(ebiten.KeyM) || inpututil.IsKeyJustPressed(ebiten.KeyTab) {
		g.overlay.Visible = !g.overlay.Visible
	}
	if inpututil.IsKeyJustPressed(ebiten.KeySpace) {
		g.paused = !g.paused
	}
	if g.ending || g.paused {
		return nil
	}
	t0 := time.Now()
	g.sim.Update()
	g.updateMs = ema(g.updateMs, time.Since(t0))
	sw := g.sim.Swarm
	g.flashes[sw.Tick%systems.TPS] = sw.Flashes
	if g.ticks > 0 && sw.Tick >= g.ticks {
		g.ending = true
	}
	if sw.Tick%systems.OrderEvery == 0 {
		publish(g.live())
	}
	return nil
}

// live returns the numbers the browser page publishes.
func (g *game) live() liveStats {
	return liveStats{
		Fireflies: g.cfg.Model.Fireflies(), Seed: g.cfg.Model.Seed,
		Ticks: int64(g.sim.Swarm.Tick), TPS: ebiten.ActualTPS(), FPS: ebiten.ActualFPS(),
		Flashes: g.sim.Swarm.TotalFlashes, R: g.sim.Order.R,
	}
}

// Draw draws the grid and the overlay; on the last frame it also writes
// the screenshot.
func (g *game) Draw(screen *ebiten.Image) {
	t0 := time.Now()
	g.frames++
	if g.draw.Fill() && g.sim.Swarm.Tick%systems.OrderEvery == 0 || g.sim.Swarm.Tick == 0 {
		g.overlay.Update(g.stats())
	}
	g.frame(screen)
	g.drawMs = ema(g.drawMs, time.Since(t0))
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

func (g *game) stats() systems.OverlayStats {
	flashes := 0
	for _, n := range g.flashes {
		flashes += n
	}
	return systems.OverlayStats{
		FPS: ebiten.ActualFPS(), TPS: ebiten.ActualTPS(),
		Fireflies: g.cfg.Model.Fireflies(), Seed: g.cfg.Model.Seed,
		SimSeconds: g.sim.SimSeconds(), FlashesPerSecond: float64(flashes),
		R: g.sim.Order.R, UpdateMs: g.updateMs, DrawMs: g.drawMs, Paused: g.paused,
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
	ms := d.Seconds() * 1000
	if avg == 0 {
		return ms
	}
	return avg + (ms-avg)/systems.TPS
}
