package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"github.com/firefly-observatory/fireflies/assets"
	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/live"
	"github.com/firefly-observatory/fireflies/metrics"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/runner"
	"github.com/firefly-observatory/fireflies/systems"
	"github.com/firefly-observatory/fireflies/tour"
)

// Frontend is what a build adds to the game.
type Frontend struct {
	// Exit ends the program with the status err calls for; the window
	// calls it when the X display is lost.
	Exit func(err error)
	// Publish, in the page, sets window.fireflies from the run; it is
	// called twice a second, and at the next frame after r.Republish.
	Publish func(r *runner.Run)
	// CrashAt is the tick at which the run panics on purpose (tests).
	CrashAt int32
	// Resolution is the page's canvas pixels a display pixel
	// (-resolution); below 1, see [Camera.Scaled]. 0: the display's.
	Resolution float64
}

// game is ebiten's side of a run: Update hands the keys and the panel to
// the session and runs as many of the skeleton's ticks as the session's
// speed asks; Draw draws the grid, the overlay and the panel.
type game struct {
	run *runner.Run
	fe  Frontend
	// mu is held while Update changes the session and runs its ticks, so
	// that a run ended from another thread (the X display lost) reads a
	// whole tick's results and closes a session no one is changing.
	mu        sync.Mutex
	replaying bool // the page's replay: at its journal's end the page stays
	pace      live.Pace
	shader    []byte     // the grid's palette shader; nil: the CPU's
	model     drawnModel // what the grid's tables were built for
	grid      *Grid
	overlay   *Overlay
	cam       *Camera
	ctl       *Controls
	panel     *Panel
	frames    *report.Frames
	debug     *os.File // FIREFLIES_DEBUG_OVERLAY: the overlay's text, a JSON line a frame
	crash     error    // a panic Draw recovered, for Update to return
	// The guided tour: its progress, the chapter it shows (from 1; 0: the
	// tour is closed), and its card.
	tour   *tour.Tour
	tourAt int
	card   *TourCard
	// recorded says a recording of the window's was written once, so the
	// next goes to a name of its own rather than over -record's.
	recorded bool
	// drawDelay makes every frame this much slower: the tests' stand-in
	// for a slow GPU (FIREFLIES_TEST_DRAW_DELAY).
	drawDelay time.Duration

	frameNo   int
	ending    bool // no more ticks; draw the last frame, then quit
	drawn     bool // the last frame has been drawn
	shotErr   error
	lastFrame time.Time
	published time.Time // when the page was last published
	updateMs  float64   // moving averages
	drawMs    float64
	// A frame's parts: moving averages in ms, by [report.Part], for the
	// page; tickWall is the ticks' wall time since the last frame, and
	// lastDraw the last frame's Draw.
	partMs   [len(report.PartNames)]float64
	tickWall time.Duration
	lastDraw time.Duration
}

var _ ebiten.Game = (*game)(nil)

// Run runs cfg in a window (or the page's canvas) until it ends, and
// finishes it through the skeleton.
func Run(cfg config.Config, fe Frontend) error {
	font, err := text.NewGoTextFaceSource(bytes.NewReader(assets.OverlayFont))
	if err != nil {
		return fmt.Errorf("overlay font: %w", err)
	}
	r, err := runner.Start(cfg, runner.Options{CrashAt: fe.CrashAt})
	if err != nil {
		return err
	}
	defer r.Close() // against a panic; finish ends it first
	var shader []byte
	if cfg.Draw == "shader" {
		shader = assets.PaletteShader
	}
	sim := r.Sim
	grid, err := NewGrid(sim, shader)
	if err != nil {
		return fmt.Errorf("palette shader: %w", err)
	}
	g := &game{
		run:     r,
		fe:      fe,
		shader:  shader,
		model:   drawnOf(sim),
		grid:    grid,
		overlay: NewOverlay(font, sim, cfg.Mode),
		frames:  report.NewFrames(min(2*r.Expected(), report.MaxRecorded)),
	}
	m := sim.Model // a -replay's, from its journal
	g.cam = NewCamera(m.Width, m.Height)
	r.Camera = g.cam.View // -record-view camera
	g.cam.Scaled = fe.Resolution > 0 && fe.Resolution < 1
	g.ctl = &Controls{Cam: g.cam, Overlay: g.overlay, Sess: r.Sess, CanQuit: runtime.GOOS != "js", Radius: 2}
	scale := 1.0
	if mon := ebiten.Monitor(); mon != nil {
		scale = mon.DeviceScaleFactor()
	}
	g.panel = NewPanel(font, g.ctl, scale)
	g.panel.OnRecord = g.toggleRecording
	chapters, err := tour.Parse(assets.Tour)
	if err != nil {
		return fmt.Errorf("the tour's text: %w", err)
	}
	g.tour, g.card = &tour.Tour{Chapters: chapters}, NewTourCard(font)
	if n := cfg.Tour; n > 0 {
		if err := r.Sess.Tour(min(n, len(chapters))); err != nil && cfg.Replay == "" {
			return err
		}
	}
	if path := os.Getenv("FIREFLIES_DEBUG_OVERLAY"); path != "" {
		if g.debug, err = os.Create(path); err != nil {
			return err
		}
		defer g.debug.Close()
	}
	g.drawDelay, _ = time.ParseDuration(os.Getenv("FIREFLIES_TEST_DRAW_DELAY"))
	r.Rec.TickAllocs = report.NewAllocCounter()
	ebiten.SetWindowSize(windowSize(m.Width, m.Height))
	ebiten.SetWindowTitle(fmt.Sprintf("fireflies — %dx%d, seed %d", m.Width, m.Height, m.Seed))
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetWindowClosingHandled(true)
	ebiten.SetTPS(systems.TPS)
	ebiten.SetScreenClearedEveryFrame(false) // Draw covers every pixel itself
	ebiten.SetVsyncEnabled(true)
	watchDisplay(func(reason string, status int) {
		g.mu.Lock() // the tick under way ends first; no other starts
		err := g.finish()
		if status != 0 {
			err = errors.New(reason + "; the outputs are finished")
		}
		fe.Exit(err)
		os.Exit(status)
	})
	if err := ebiten.RunGame(g); err != nil {
		return err // Close finishes the files
	}
	return g.finish()
}

// finish ends the run through the skeleton, with the frames' numbers in
// its summary.
func (g *game) finish() error {
	r := g.run
	r.Rec.Finish()
	return r.Finish(func(w io.Writer, s report.Summary) {
		sum := report.WindowSummary{Summary: s}
		g.frames.Summarise(&sum, r.Rec.Ended.Sub(r.Rec.Began).Seconds())
		if r.Cfg.JSON {
			report.WriteJSON(w, sum)
			return
		}
		fmt.Fprintf(w, "%d ticks and %d frames in %.1fs: %.1f TPS, %.1f FPS, draw %.2f ms p50, R %.3f, trace %s\n",
			sum.Ticks, sum.Frames, sum.WallSeconds, sum.TicksPerSecond, sum.FPS, sum.DrawMsP50, sum.R, sum.TraceHash)
	}, g.shotErr)
}

// Update takes the panel's and the keys' changes, then runs as many ticks
// as the session's speed asks (none while paused, one for a step). A
// panic in it or in Draw, which run on ebiten's game goroutine, comes back
// as RunGame's error, and so to the main goroutine as a crash.
func (g *game) Update() (err error) {
	defer func() {
		if v := recover(); v != nil {
			unwatchDisplay() // ebiten's teardown closes the display: no loss
			err = runner.Recovered(v)
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
	r := g.run
	if r.Interrupted() {
		g.ending = true
	}
	g.mu.Lock() // the panel and the keys change the session too
	defer g.mu.Unlock()
	if r.TakeReplay() {
		g.ctl.Sess, g.replaying = r.Sess, true
	}
	g.panel.Update()
	g.ctl.Update()
	g.tourKeys()
	if inpututil.IsKeyJustPressed(ebiten.KeyF9) {
		g.toggleRecording()
	}
	if ebiten.IsWindowBeingClosed() || g.ctl.Quit {
		g.ending = true
	}
	if g.ending {
		return nil
	}
	t0 := time.Now()
	n := 0
	for range g.pace.Ticks(r.Sess.Speed(), t0) {
		ran := r.Tick()
		if r.Sim != g.model.sim || drawnOf(r.Sim) != g.model {
			g.rebind()
		}
		if !ran {
			// A -replay at its journal's end ends the run as -duration does.
			g.ending = g.ending || (r.Sess.Done() || r.Sess.EndMismatch() != "") && !g.replaying
			break
		}
		n++
		g.updateMs = ema(g.updateMs, r.LastTick)
		g.overlay.Update()
		if r.Done() {
			g.ending = true
			break
		}
	}
	g.followTour()
	now := time.Now()
	g.pace.Ran(n, now.Sub(t0), now)
	g.tickWall += now.Sub(t0)
	if n > 0 {
		r.In.Observe(metrics.TPS, ebiten.ActualTPS())
	}
	return nil
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
	sim := g.run.Sim
	grid, err := NewGrid(sim, g.shader)
	if err != nil {
		panic(fmt.Sprintf("palette shader: %v", err)) // it compiled at the start
	}
	g.grid.Deallocate()
	g.grid = grid
	if old := g.model.sim; sim != old {
		g.overlay.Rebind(sim)
		if m := sim.Model; m.Width != old.Model.Width || m.Height != old.Model.Height {
			g.cam.Resize(m.Width, m.Height)
		}
	}
	g.model = drawnOf(sim)
}

// Draw draws the grid and the overlay; on the last frame it also writes
// the screenshot.
func (g *game) Draw(screen *ebiten.Image) {
	defer func() {
		if v := recover(); v != nil {
			g.crash = runner.Recovered(v)
		}
	}()
	t0 := time.Now()
	jitter := 0.0
	if !g.lastFrame.IsZero() {
		interval := t0.Sub(g.lastFrame)
		jitter = max(0, report.Ms(interval)-1000.0/systems.TPS)
		g.part(report.PartFrame, interval)
		g.part(report.PartPresent, max(0, interval-g.lastDraw-g.tickWall))
	}
	g.lastFrame, g.tickWall = t0, 0
	g.pace.Frame(t0)
	filled := g.grid.Fill(g.ctl.View)
	flush := time.Since(t0)
	g.overlay.Hover(g.cam.CellAt(ebiten.CursorPosition()))
	g.frame(screen)
	if r := g.run; g.fe.Publish != nil && (t0.Sub(g.published) >= time.Second/2 || r.Republish) {
		// From Draw, on the wall clock: at a low TPS, or paused, the page's
		// numbers must still change twice a second. After the frame, so
		// that the overlay's text published is of the same tick as the
		// numbers beside it.
		l := g.layout()
		r.Shown = runner.Shown{View: g.ctl.View, Text: g.overlay.Text, FrameMs: map[string]float64{"draw": g.drawMs},
			Layout: map[string][4]int{"grid": l.Grid, "overlay": l.Overlay, "panel": l.Panel}}
		if g.tourAt > 0 {
			st := &r.Shown.Tour
			st.Chapter, st.Title, st.Ready = g.tourAt, g.tour.Chapter().Title, g.tour.Ready()
			st.Seen, st.Of = g.tour.Progress()
			n := g.card.NextAt()
			st.Next = [4]int{n.Min.X, n.Min.Y, n.Max.X, n.Max.Y}
		}
		for i, name := range report.PartNames {
			r.Shown.FrameMs[name] = g.partMs[i]
		}
		r.Republish = false
		g.fe.Publish(r)
		g.published = t0
	}
	if g.drawDelay > 0 {
		time.Sleep(g.drawDelay)
	}
	d := time.Since(t0)
	g.drawMs = ema(g.drawMs, d)
	g.lastDraw = d
	g.frames.Frame(d, flush, filled, jitter)
	in := g.run.In
	in.Observe(metrics.DrawMs, report.Ms(d))
	in.Observe(metrics.RenderJitterMs, jitter)
	in.Observe(metrics.FPS, ebiten.ActualFPS())
	if filled {
		in.Observe(metrics.FlushDurationMs, report.Ms(flush))
	}
	in.Interval(false) // lines keep coming while paused
	if g.ending && !g.drawn {
		if g.run.Cfg.Screenshot != "" {
			g.shotErr = g.screenshot(screen.Bounds())
		}
		g.drawn = true
	}
}

func (g *game) frame(dst *ebiten.Image) {
	t0 := time.Now()
	g.cam.Left = OverlayRoom * ebiten.Monitor().DeviceScaleFactor() // fixed: the grid must not move as the text's width does
	g.panel.Follow(g.cam)
	g.grid.Draw(dst, g.cam)
	g.ctl.DrawBrush(dst) // the brush's outline under the pointer, in screenshots too
	t1 := time.Now()
	g.part(report.PartGrid, t1.Sub(t0))
	rate := g.pace.Rate()
	sess := g.run.Sess
	g.overlay.Draw(dst, Status{
		FPS: ebiten.ActualFPS(), TPS: rate * systems.TPS, Speed: sess.Speed(), Rate: rate,
		UpdateMs: g.updateMs, DrawMs: g.drawMs, Paused: sess.Paused(), View: g.ctl.View, Behind: g.pace.Behind(),
		Recording: g.run.Recording(), Resolution: g.fe.Resolution,
	}, ebiten.Monitor().DeviceScaleFactor(), g.cam)
	if g.tourAt > 0 {
		o := g.overlay.Rect()
		g.card.Draw(dst, g.tour, float64(o.Min.X), float64(o.Max.Y)+8*ebiten.Monitor().DeviceScaleFactor(), float64(max(o.Dx(), 285)), ebiten.Monitor().DeviceScaleFactor())
	}
	t2 := time.Now()
	g.part(report.PartOverlay, t2.Sub(t1))
	g.panel = g.panel.AtScale(ebiten.Monitor().DeviceScaleFactor())
	g.panel.Rate = rate
	g.panel.Recording = g.run.Recording()
	g.panel.Draw(dst, g.cam)
	g.part(report.PartPanel, time.Since(t2))
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
			Layout Layout  `json:"layout"`
			Tour   string  `json:"tour"`    // the tour card's text, "" while closed
			NextAt [2]int  `json:"next_at"` // the card's next button, 0,0 while hidden
		}{g.frameNo, g.run.Sim.Swarm.Tick, sess.Paused(), g.cam.Zoom, g.overlay.Text, g.panel.Text(),
			[2]int{g.panel.StepAt().X, g.panel.StepAt().Y}, g.layout(), g.tourText(),
			[2]int{(g.card.NextAt().Min.X + g.card.NextAt().Max.X) / 2, (g.card.NextAt().Min.Y + g.card.NextAt().Max.Y) / 2}})
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
	w, h := math.Ceil(outsideWidth*s), math.Ceil(outsideHeight*s)
	// Placed now, before this frame's ticks rather than at its drawing,
	// so that a camera recording's first frame (-record-view camera) has
	// the screen it is drawn on.
	g.cam.Left = OverlayRoom * s
	g.cam.place(int(w), int(h))
	return w, h
}

// windowSize is the window's first size: the grid at whole pixels a cell
// (at least 800 pixels on its long side when it is small), with room
// beside it for the overlay on the left and the panel on the right (its
// lowest controls cut off beside a grid less high than it), within
// the monitor less a margin for its decorations and the desktop's bars.
// Where the monitor has no room for them, the grid keeps its size and the
// panel, then the overlay, give way.
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
	for _, room := range []int{OverlayRoom, PanelRoom} {
		if w+room <= mw {
			w += room
		}
	}
	return max(w, 320), max(h, 240)
}

// OverlayRoom and PanelRoom are the widths the first window leaves the
// overlay and the panel beside the grid, at a device scale of 1.
const (
	OverlayRoom = 300
	PanelRoom   = 280
)

// screenshot renders the frame once more into an image it can read back
// and writes it as a PNG.
func (g *game) screenshot(bounds image.Rectangle) error {
	img := ebiten.NewImage(bounds.Dx(), bounds.Dy())
	defer img.Deallocate()
	g.panel.Direct = true
	g.frame(img)
	g.panel.Direct = false
	rgba := image.NewRGBA(bounds)
	img.ReadPixels(rgba.Pix)
	// Whole or not at all, as the headless screenshot: a full disk leaves
	// the path as it was, and says so.
	return runner.WriteFile("screenshot", g.run.Cfg.Screenshot, func(w io.Writer) error { return png.Encode(w, rgba) })
}

// Layout is where the frame put the grid, the overlay's panel and the
// control panel (empty if closed), in screen pixels, as x0, y0, x1, y1:
// for the tests and the page, that the overlay lies beside the grid.
type Layout struct {
	Grid, Overlay, Panel [4]int
}

// tourText is the tour card's text as last laid out, "" while closed.
func (g *game) tourText() string {
	if g.tourAt == 0 {
		return ""
	}
	return strings.Join(g.card.Lines, "\n")
}

func (g *game) layout() Layout {
	rect := func(r image.Rectangle) [4]int { return [4]int{r.Min.X, r.Min.Y, r.Max.X, r.Max.Y} }
	var l Layout
	l.Grid = rect(g.cam.Rect())
	l.Overlay = rect(g.overlay.Rect())
	if g.panel.Open {
		l.Panel = rect(g.panel.place.rects[0])
	}
	return l
}

// seen is what the tour reads of the run now.
func (g *game) seen() tour.Seen {
	r := g.run
	obs := r.Sim.Obs
	s := tour.Seen{T: r.Sim.SimSeconds(), R: obs.R, InSync: obs.InSync, Episodes: obs.Episodes, Strokes: map[string]int{}}
	for _, b := range live.Brushes {
		s.Strokes[b] = r.Sess.Strokes(b)
	}
	return s
}

// followTour follows the session's tour chapter (a key, the page, a
// replay's journal): a new chapter applies its settings through the
// session (a replay has them in its journal already) and offers its
// brush; the chapter shown watches the run for what it waits for.
func (g *game) followTour() {
	sess := g.run.Sess
	if at := sess.TourChapter(); at != g.tourAt {
		prev := g.tourAt
		g.tourAt = at
		if at == 0 {
			return
		}
		g.tour.Start(at-1, g.seen())
		// The chapter's settings; a chapter reached other than by next
		// from the one before (-tour=N, ?tour=3 for a teacher's slide)
		// gets those of the chapters before it too, so it starts as they
		// leave the swarm.
		from := at - 1
		if prev != at-1 {
			from = 0
		}
		for _, ch := range g.tour.Chapters[from:at] {
			for _, kv := range ch.Setup {
				k, v, _ := strings.Cut(kv, "=")
				if err := sess.Set(k, v); err != nil && g.run.Cfg.Replay == "" && !g.replaying {
					g.ctl.refused(fmt.Errorf("tour: %w", err))
				}
			}
		}
		if i := slices.Index(live.Brushes, g.tour.Chapter().Brush); i >= 0 {
			g.ctl.Brush = i
		}
	}
	if g.tourAt > 0 {
		g.tour.Update(g.seen())
	}
}

// tourKeys are the tour's keys: A opens the tour (at chapter 1) or closes
// it, Enter (or a click on next) moves on once the chapter's effect has
// been seen, Backspace goes back a chapter.
func (g *game) tourKeys() {
	sess := g.run.Sess
	just := inpututil.IsKeyJustPressed
	switch {
	case just(ebiten.KeyA):
		sess.Tour(pick(g.tourAt == 0, 1, 0))
	case g.tourAt == 0:
	case just(ebiten.KeyEnter) || g.clicked(g.card.NextAt()):
		if g.tour.Ready() {
			sess.Tour(g.tourAt + 1)
		}
	case just(ebiten.KeyBackspace) && g.tourAt > 1:
		sess.Tour(g.tourAt - 1)
	}
}

// toggleRecording starts a GIF of the run (F9, the panel's button) or
// stops it and writes it: to -record's path the first time, else to
// fireflies-SEED-TICK.gif in the working folder. The page hands its GIF
// to the browser instead (fireflies.record()).
func (g *game) toggleRecording() {
	r := g.run
	if r.Recording() {
		_, path, frames, err := r.StopRecording()
		if err == nil {
			err = fmt.Errorf("recorded %d frames to %s", frames, path)
		}
		g.ctl.refused(err)
		return
	}
	path := r.Cfg.Record
	if path == "" || g.recorded {
		path = fmt.Sprintf("fireflies-%d-%d.gif", r.Sim.Model.Seed, r.Sim.Swarm.Tick)
	}
	g.recorded = true
	if err := r.StartRecording(path); err != nil {
		g.ctl.refused(err)
	}
}

// clicked reports whether the left button was just pressed inside r.
func (g *game) clicked(r image.Rectangle) bool {
	if r.Empty() || !inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		return false
	}
	x, y := ebiten.CursorPosition()
	return image.Pt(x, y).In(r)
}

// part records how long part p of a frame took.
func (g *game) part(p report.Part, d time.Duration) {
	g.frames.Part(p, d)
	g.partMs[p] = ema(g.partMs[p], d)
}

// ema folds d into a moving average in milliseconds over about a second.
func ema(avg float64, d time.Duration) float64 {
	v := report.Ms(d)
	if avg == 0 {
		return v
	}
	return avg + (v-avg)/systems.TPS
}
