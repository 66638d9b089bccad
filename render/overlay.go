package render

import (
	"image"
	"image/color"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/frame"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/systems"
)

var (
	darkColor  = color.RGBA{15, 15, 20, 255}
	panelColor = color.RGBA{0, 0, 0, 190}
	cardColor  = color.RGBA{12, 12, 16, 255}    // opaque: nothing shows through the help
	labelColor = color.RGBA{205, 205, 190, 255} // a plot's numbers, readable on plotBack
	textColor  = color.RGBA{230, 230, 210, 255}
	dimColor   = color.RGBA{150, 150, 140, 255}
	amberColor = color.RGBA{255, 200, 60, 255}
	plotBack   = color.RGBA{60, 60, 70, 255}
)

// Status is what the runner measures about itself for the overlay.
type Status struct {
	FPS, TPS         float64
	UpdateMs, DrawMs float64 // moving averages
	Paused           bool
	View             frame.View
	Speed            int     // ticks per update; 0: max
	Rate             float64 // simulated seconds per wall second
	Behind           bool    // the machine cannot run the ticks the speed asks for
	Recording        bool    // a GIF is being recorded
	// Resolution is the page's canvas pixels a display pixel, below 1
	// where -resolution lowered it; 0 or 1: the display's.
	Resolution float64
}

// plotLen is how many 2 Hz samples the live plots keep: 60 seconds.
const plotLen = 2 * 60

// helpText is the help card: every key, and what the overlay's words mean.
const helpText = `Keys
  Space        pause / resume     S or .   one step (pauses)
  R            reset (same seed)  N        new seed
  1-6, [ ]     speed x1 x2 x4 x8 x16 max, slower / faster
  e/E  u/U     period, nudge  (lower case lowers, upper raises)
  d/D  j/J     deaf (refractory), jitter
  g/G          glow               K        coupling on / off
  l/L  w/W     threshold, period spread   i/I  noise
  T  V  Y  O   response, neighbours, edges, graph (shift: back)
  left drag, one finger   paint with the brush
  B, shift B   next / previous brush: flash, scramble,
               pacemaker, silence, erase
  Z  X         brush radius smaller / larger
  wheel, + -, pinch     zoom      F  fit the grid
  right drag, arrows, two fingers  pan
  P            glow / phase view  C  control panel
  M or Tab     overlay            H or ?  this card
  A            the guided tour: Enter next, Backspace back
  F9           record a GIF / stop and write it
  backquote    the clock: ticks / exact (restarts the world)
  Q or Esc     quit (the window; the page keeps running)

What the numbers mean
  R       how in step the swarm is, 0 (random) to 1 (all
          flash together): the length of the mean of every
          firefly's phase as an arrow on a circle
  synced  R has stayed at 0.9 or more for a whole period
  pulse   flashes per firefly in the last half second
  TPS     simulation ticks a second (60: real time)
  FPS     frames drawn a second; canvas N%: the page draws
          at that part of the display's resolution
  update  time to simulate a tick; draw: to draw a frame
  deaf    time a firefly ignores its neighbours after it flashes
  phase view: colour is where each firefly is in its cycle`

// Overlay draws the metrics panel and the help card. It reads what the
// systems measured from [components.ObservationsData], and the firefly
// under the pointer through its entity, and it rebuilds its text every
// frame. The panel's picture (text and plots, the costliest part of a
// frame where the GPU is the CPU) is laid out again at most
// [OverlayEvery]; between, the frame draws the last one.
type Overlay struct {
	Visible bool // the panel; false leaves one line
	Help    bool // the help card
	sim     *systems.Sim
	src     *text.GoTextFaceSource
	face    *text.GoTextFace
	mode    string
	label   string
	hover   string
	buf     []byte
	op      text.DrawOptions
	// Text is the panel's text as last drawn, for the page's screen-reader
	// mirror and the tests.
	Text string

	// The panel's picture as last laid out, what it was laid out for,
	// and when.
	img     *ebiten.Image
	path    vector.Path     // a plot's line, reused
	size    image.Point     // of the picture in img
	at      image.Rectangle // where it was last drawn
	drawn   overlayKey
	drawnAt time.Time

	perTick [systems.TPS]int // flashes of each of the last TPS ticks
	rs      [plotLen]float64 // rings of 2 Hz samples
	flashes [plotLen]float64
	n       int // samples taken
}

// Rebind makes the overlay follow sim, the world a live run restarted
// with; the plots start again, in its time.
func (o *Overlay) Rebind(sim *systems.Sim) {
	o.sim = sim
	o.perTick, o.n = [systems.TPS]int{}, 0
}

// NewOverlay makes the overlay with the given font for a run of sim in
// mode ("sim" or "render").
func NewOverlay(src *text.GoTextFaceSource, sim *systems.Sim, mode string) *Overlay {
	return &Overlay{Visible: true, sim: sim, src: src, face: &text.GoTextFace{Source: src, Size: 14}, mode: mode}
}

// Update follows the tick just simulated: the flashes of the last second,
// and a sample for the plots whenever R was measured.
func (o *Overlay) Update() {
	sw, obs := o.sim.Swarm, o.sim.Obs
	o.perTick[sw.Tick%systems.TPS] = obs.Flashes
	if obs.RTick == sw.Tick {
		o.rs[o.n%plotLen] = obs.R
		o.flashes[o.n%plotLen] = float64(o.flashesPerSecond())
		o.n++
	}
}

func (o *Overlay) flashesPerSecond() int {
	n := 0
	for _, f := range o.perTick {
		n += f
	}
	return n
}

// compose rebuilds the panel's text from the observations and s.
func (o *Overlay) compose(s Status) {
	m, obs := o.sim.Model, o.sim.Obs
	b := o.buf[:0]
	str := func(v string) { b = append(b, v...) }
	num := func(v float64, prec int) { b = strconv.AppendFloat(b, v, 'f', prec, 64) }
	dur := func(d time.Duration) { str(d.String()) }
	str("R ")
	num(obs.R, 3)
	if m.RFromFlashes {
		str(" from flashes (")
		num(obs.RPhases, 3)
		str(" from phases)")
	}
	t := o.sim.SimSeconds()
	switch {
	case obs.InSync:
		str("  synced at t = ")
		num(obs.SyncSince, 1)
		str(" s")
		if obs.Episodes > 1 {
			str(" (")
			b = strconv.AppendInt(b, int64(obs.Episodes), 10)
			str(" times)")
		}
	case obs.LostAt >= 0:
		str("  lost sync at t = ")
		num(obs.LostAt, 1)
		str(" s")
	case obs.AboveSince >= 0:
		str("  above 0.9 for ")
		num(t-obs.AboveSince, 1)
		str(" s")
	default:
		str("  not synced")
	}
	str("\nt = ")
	num(t, 1)
	str(" s")
	if s.Paused {
		str("  (paused)")
	} else {
		str("  speed ")
		str(SpeedName(s.Speed))
		if s.Behind {
			str("  behind: ")
		} else {
			str(", ")
		}
		num(s.Rate, 1)
		str(" s/s")
	}
	if s.View == frame.PhaseView {
		str("  phase view")
	}
	if s.Recording {
		str("  ● rec")
	}
	str("\nflashes/s ")
	b = strconv.AppendInt(b, int64(o.flashesPerSecond()), 10)
	str("  pulse ")
	num(obs.Pulse, 3)
	if o.sim.MeasuresGroups() {
		str("\ngroups ")
		b = strconv.AppendInt(b, int64(obs.Groups), 10)
		str("  locked ")
		num(obs.Locked, 2)
		if obs.FullSyncAt >= 0 {
			str("  full at t = ")
			num(obs.FullSyncAt, 1)
			str(" s")
		}
	}
	str("\n")
	b = strconv.AppendInt(b, int64(m.Width), 10)
	str("x")
	b = strconv.AppendInt(b, int64(m.Height), 10)
	str(" = ")
	b = strconv.AppendInt(b, int64(m.Fireflies()), 10)
	if o.mode == "render" {
		str("  render mode")
	}
	str("\nseed ")
	b = strconv.AppendUint(b, m.Seed, 10)
	if rules := report.RulesLine(m); rules != "" {
		str("\n")
		str(strings.ReplaceAll(strings.TrimPrefix(rules, ", "), " (", "\n  ("))
	}
	str("\nperiod ")
	dur(m.Period)
	str("  nudge ")
	dur(m.Nudge)
	str("\ndeaf ")
	dur(m.Refractory)
	str("  jitter ")
	dur(m.Jitter)
	str("\nTPS ")
	num(s.TPS, 1)
	str("  FPS ")
	num(s.FPS, 1)
	if s.Resolution > 0 && s.Resolution < 1 {
		str("  canvas ")
		num(100*s.Resolution, 0)
		str("%")
	}
	str("\nupdate ")
	num(s.UpdateMs, 2)
	str(" ms  draw ")
	num(s.DrawMs, 2)
	str(" ms")
	if o.hover != "" {
		str("\n")
		str(o.hover)
	}
	str("\nH: help, keys")
	o.buf = b
	if string(b) != o.label {
		o.label = string(b)
	}
	o.Text = o.label
}

// Hover sets the line about the firefly in cell (x, y), read through its
// entity's components, or straight from the columns they point into while
// the entities are still being made; ok false clears it.
func (o *Overlay) Hover(x, y int, ok bool) {
	if !ok {
		o.hover = ""
		return
	}
	sw := o.sim.Swarm
	i := y*sw.Width + x
	phase, deaf, glow := &sw.Phase[i], &sw.Refractory[i], &sw.Glow[i]
	if e := o.sim.Entry(i); e != nil {
		phase, deaf, glow = components.Phase.Get(e), components.Refractory.Get(e), components.Glow.Get(e)
	}
	b := o.buf[:0]
	b = append(b, "cell "...)
	b = strconv.AppendInt(b, int64(x), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, " phase "...)
	b = strconv.AppendFloat(b, float64(phase.Seconds), 'f', 2, 64)
	kind := o.sim.Kind(i) // by its components: normal, pacemaker or silenced
	if kind == systems.Normal {
		b = append(b, " s\n  deaf "...)
		b = strconv.AppendFloat(b, o.sim.DeafSeconds(*deaf, *phase, *glow), 'f', 2, 64)
		b = append(b, " s"...)
	} else {
		b = append(b, " s\n  never hears"...) // deaf for ever, kept so by the Brushes system
	}
	b = append(b, "  glow "...)
	b = strconv.AppendFloat(b, frame.Glow(o.sim.Model, glow.FlashTick, sw.Tick), 'f', 2, 64)
	b = append(b, "  "...)
	b = append(b, kind.String()...)
	o.buf = b
	if string(b) != o.hover {
		o.hover = string(b)
	}
}

// OverlayEvery is how often the panel's picture is laid out again while
// nothing but its numbers change: ten times a second, more often than a
// reader takes in a number.
const OverlayEvery = time.Second / 10

// overlayKey is what the panel's layout depends on besides its numbers.
type overlayKey struct {
	target        *ebiten.Image
	w, h          int
	scale         float64
	visible, help bool
	column        bool // beside the grid, in the room it leaves
}

// Draw draws the panel onto screen, with the numbers as they are now,
// and the help card if it is on. scale is the device scale factor: the
// text is drawn at the screen's own resolution, crisp at any. The panel
// goes beside the grid when there is room (the grid's rectangle is from
// the camera) and takes at most a quarter of a small window: there it
// drops its plots, then all but its first lines.
func (o *Overlay) Draw(screen *ebiten.Image, s Status, scale float64, grid *Camera) {
	o.compose(s)
	key := overlayKey{target: screen, w: screen.Bounds().Dx(), h: screen.Bounds().Dy(), scale: scale, visible: o.Visible,
		column: grid.leftRoom() > 0}
	if o.img == nil || key != o.drawn || time.Since(o.drawnAt) >= OverlayEvery {
		o.layout(key)
	}
	// Beside the grid when the window has room on its left.
	w := float64(o.size.X)
	ox, _ := grid.origin()
	x := 0.0
	if ox >= w {
		x = ox - w
	}
	var op ebiten.DrawImageOptions
	op.GeoM.Translate(x, 0)
	screen.DrawImage(o.img.SubImage(image.Rectangle{Max: o.size}).(*ebiten.Image), &op)
	o.at = image.Rectangle{Max: o.size}.Add(image.Pt(int(x), 0))
	if o.Help {
		o.card(screen, scale)
	}
}

// Rect is where the overlay's panel was last drawn on the screen.
func (o *Overlay) Rect() image.Rectangle { return o.at }

// Width is the width of the overlay's panel as last laid out, in screen
// pixels: the room it asks the grid to leave it.
func (o *Overlay) Width() float64 { return float64(o.size.X) }

// layout draws the panel's picture for key into o.img, at its top left.
func (o *Overlay) layout(key overlayKey) {
	scale := key.scale
	o.face.Size = 14 * scale
	lineH := o.face.Size * 1.3
	pad := 8 * scale
	lines := strings.Split(o.label, "\n")
	if !o.Visible {
		lines = lines[:1]
	}
	sw, sh := float64(key.w), float64(key.h)
	plotH := 40 * scale
	textW := 0.0
	for _, l := range lines {
		textW = max(textW, text.Advance(l, o.face))
	}
	width := max(textW+2*pad, (OverlayRoom-8)*scale) // the room the grid leaves it, less a margin
	plots := o.Visible
	height := func() float64 {
		h := float64(len(lines))*lineH + 2*pad
		if plots {
			h += 2 * (plotH + lineH + pad + 0.9*lineH) // label, plot, time axis
		}
		return h
	}
	// In a column of its own beside the grid, as high as the window;
	// over the grid, at most a quarter of the window: without plots, then
	// fewer lines.
	for (height() > sh || !key.column && width*height() > sw*sh/4) && (plots || len(lines) > 2) {
		if plots {
			plots = false
		} else {
			lines = lines[:len(lines)-1]
		}
	}
	o.size = image.Pt(int(math.Ceil(width)), int(math.Ceil(height())))
	if o.img == nil || o.img.Bounds().Dx() < o.size.X || o.img.Bounds().Dy() < o.size.Y {
		if o.img != nil {
			o.img.Deallocate()
		}
		o.img = ebiten.NewImage(max(o.size.X, 1), max(o.size.Y, 1))
	} else {
		o.img.Clear()
	}
	dst := o.img
	vector.FillRect(dst, 0, 0, float32(width), float32(height()), panelColor, false)
	o.op.GeoM.Reset()
	o.op.GeoM.Translate(pad, pad)
	o.op.LineSpacing = lineH
	o.op.ColorScale.Reset()
	o.op.ColorScale.ScaleWithColor(textColor)
	text.Draw(dst, strings.Join(lines, "\n"), o.face, &o.op)
	if plots {
		top := pad + float64(len(lines))*lineH + pad
		o.plot(dst, "R, last 60 s", &o.rs, 1, pad, top, width-2*pad, plotH, lineH)
		top += plotH + lineH + pad + 0.9*lineH
		peak := 1.0
		for _, f := range o.flashes {
			peak = max(peak, f)
		}
		o.plot(dst, "flashes/s, last 60 s", &o.flashes, peak, pad, top, width-2*pad, plotH, lineH)
	}
	o.drawn, o.drawnAt = key, time.Now()
}

// card draws the help card in the middle of the screen.
func (o *Overlay) card(screen *ebiten.Image, scale float64) {
	face := &text.GoTextFace{Source: o.src, Size: 13 * scale}
	w, h := text.Measure(helpText, face, face.Size*1.35)
	pad := 14 * scale
	sw, sh := float64(screen.Bounds().Dx()), float64(screen.Bounds().Dy())
	x, y := max(0, (sw-w)/2-pad), max(0, (sh-h)/2-pad)
	vector.FillRect(screen, float32(x), float32(y), float32(w+2*pad), float32(h+2*pad), cardColor, false)
	var op text.DrawOptions
	op.GeoM.Translate(x+pad, y+pad)
	op.LineSpacing = face.Size * 1.35
	op.ColorScale.ScaleWithColor(textColor)
	text.Draw(screen, helpText, face, &op)
}

// plot draws a labelled line plot of the ring's samples, oldest on the
// left, scaled so that top reaches the plot's upper edge, with the top
// value and the time axis' ends written on it.
func (o *Overlay) plot(screen *ebiten.Image, label string, ring *[plotLen]float64, top float64, x, y, w, h, lineH float64) {
	o.op.GeoM.Reset()
	o.op.GeoM.Translate(x, y)
	o.op.ColorScale.Reset()
	o.op.ColorScale.ScaleWithColor(textColor)
	text.Draw(screen, label, o.face, &o.op)
	y += lineH
	vector.FillRect(screen, float32(x), float32(y), float32(w), float32(h), plotBack, false)
	small := &text.GoTextFace{Source: o.src, Size: o.face.Size * 0.75}
	axis := func(s string, ax, ay float64) {
		o.op.GeoM.Reset()
		o.op.GeoM.Translate(ax, ay)
		o.op.ColorScale.Reset()
		o.op.ColorScale.ScaleWithColor(labelColor)
		text.Draw(screen, s, small, &o.op)
	}
	axis(Short(top), x+2, y)
	axis("0", x+2, y+h-small.Size*1.2)
	axis("-60 s", x+w*0.02, y+h)
	axis("now", x+w-small.Size*2.2, y+h)
	n := min(o.n, plotLen)
	if n < 2 {
		return
	}
	step := w / (plotLen - 1)
	at := func(k int) (float32, float32) {
		v := ring[(o.n-n+k)%plotLen] / top
		return float32(x + float64(plotLen-n+k)*step), float32(y + h - v*h)
	}
	// One path for the whole line: antialiased strokes are drawn through a
	// stencil each, and one a segment made the plots a frame's costliest
	// part where the GPU is the CPU.
	o.path.Reset()
	o.path.MoveTo(at(0))
	for k := 1; k < n; k++ {
		o.path.LineTo(at(k))
	}
	stroke := vector.StrokeOptions{Width: float32(1.5 * lineH / 18), LineJoin: vector.LineJoinRound}
	var draw vector.DrawPathOptions
	draw.AntiAlias = true
	draw.ColorScale.ScaleWithColor(amberColor)
	vector.StrokePath(screen, &o.path, &stroke, &draw)
}

// Short writes a plot's number for a reader: plain up to 999, then with
// k or M and at most three digits (1160 is 1.16k, 34400 is 34.4k).
func Short(v float64) string {
	switch a := math.Abs(v); {
	case a >= 999.5e3:
		return trim3(v/1e6) + "M"
	case a >= 999.5:
		return trim3(v/1e3) + "k"
	}
	return trim3(v)
}

// trim3 is v with at most three significant digits, without exponent or
// trailing zeros.
func trim3(v float64) string {
	s := strconv.FormatFloat(v, 'f', max(0, 2-int(math.Floor(math.Log10(math.Max(math.Abs(v), 1))))), 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
