package render

import (
	"image/color"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/frame"
	"github.com/firefly-observatory/fireflies/systems"
)

var (
	darkColor  = color.RGBA{15, 15, 20, 255}
	panelColor = color.RGBA{0, 0, 0, 170}
	textColor  = color.RGBA{230, 230, 210, 255}
	amberColor = color.RGBA{255, 200, 60, 255}
	plotBack   = color.RGBA{60, 60, 70, 255}
)

// Status is what the runner measures about itself for the overlay.
type Status struct {
	FPS, TPS         float64
	UpdateMs, DrawMs float64 // moving averages
	Paused           bool
}

// plotLen is how many 2 Hz samples the live plots keep: 60 seconds.
const plotLen = 2 * 60

// Overlay draws the metrics panel in the top-left corner: the numbers,
// R as a bar, and live plots of R and flashes/s over the last minute. It
// reads what the systems measured from [components.ObservationsData]
// and the firefly under the mouse through its entity.
type Overlay struct {
	Visible bool
	sim     *systems.Sim
	face    *text.GoTextFace
	mode    string
	label   string
	hover   string
	buf     []byte
	op      text.DrawOptions

	perTick [systems.TPS]int // flashes of each of the last TPS ticks
	rs      [plotLen]float64 // rings of 2 Hz samples
	flashes [plotLen]float64
	n       int // samples taken
}

// NewOverlay makes the overlay with the given font for a run of sim in
// mode ("sim" or "render").
func NewOverlay(src *text.GoTextFaceSource, sim *systems.Sim, mode string) *Overlay {
	return &Overlay{Visible: true, sim: sim, face: &text.GoTextFace{Source: src, Size: 14}, mode: mode}
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

// text rebuilds the panel's text from the observations and s.
func (o *Overlay) text(s Status) {
	m, obs := o.sim.Model, o.sim.Obs
	b := o.buf[:0]
	str := func(v string) { b = append(b, v...) }
	num := func(v float64, prec int) { b = strconv.AppendFloat(b, v, 'f', prec, 64) }
	str("FPS ")
	num(s.FPS, 1)
	str("  TPS ")
	num(s.TPS, 1)
	str("\nfireflies ")
	b = strconv.AppendInt(b, int64(m.Fireflies()), 10)
	if o.mode == "render" {
		str("  (render mode)")
	}
	str("\nseed ")
	b = strconv.AppendUint(b, m.Seed, 10)
	str("\nsim time ")
	num(o.sim.SimSeconds(), 1)
	str(" s")
	if s.Paused {
		str("  (paused)")
	}
	str("\nflashes/s ")
	num(float64(o.flashesPerSecond()), 0)
	str("  pulse ")
	num(obs.Pulse, 3)
	str("\nupdate ")
	num(s.UpdateMs, 2)
	str(" ms  draw ")
	num(s.DrawMs, 2)
	str(" ms\nsynced ")
	if obs.SyncedAt >= 0 {
		str("at ")
		num(obs.SyncedAt, 1)
		str(" s")
	} else {
		str("not yet")
	}
	str("\nR ")
	num(obs.R, 3)
	o.buf = b
	if string(b) != o.label {
		o.label = string(b)
	}
}

// Hover sets the line about the firefly in cell (x, y), read through its
// entity's components; ok false clears it.
func (o *Overlay) Hover(x, y int, ok bool) {
	if !ok {
		o.hover = ""
		return
	}
	sw := o.sim.Swarm
	e := o.sim.World.Entry(sw.Entities[y*sw.Width+x])
	b := o.buf[:0]
	b = append(b, "cell "...)
	b = strconv.AppendInt(b, int64(x), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, "  phase "...)
	b = strconv.AppendFloat(b, float64(components.Phase.Get(e).Seconds), 'f', 2, 64)
	b = append(b, " s\n  deaf "...)
	b = strconv.AppendFloat(b, float64(components.Refractory.Get(e).Left), 'f', 2, 64)
	b = append(b, " s  glow "...)
	b = strconv.AppendFloat(b, frame.Glow(o.sim.Model, components.Glow.Get(e).FlashTick, sw.Tick), 'f', 2, 64)
	o.buf = b
	if string(b) != o.hover {
		o.hover = string(b)
	}
}

// Draw draws the panel onto screen if it is visible, with the numbers as
// they are now.
func (o *Overlay) Draw(screen *ebiten.Image, s Status) {
	if !o.Visible {
		return
	}
	o.text(s)
	const pad, width, plotH = 8, 260, 40
	lineH := o.face.Size * 1.3
	lines := 8.0
	if o.hover != "" {
		lines += 2
	}
	textH := float32(lineH * lines)
	vector.FillRect(screen, 0, 0, width, textH+2*plotH+4*pad+2*float32(lineH), panelColor, false)
	o.op.GeoM.Reset()
	o.op.GeoM.Translate(pad, pad)
	o.op.LineSpacing = lineH
	o.op.ColorScale.Reset()
	o.op.ColorScale.ScaleWithColor(textColor)
	text.Draw(screen, o.label, o.face, &o.op)
	// R as a bar after its number, on the eighth line.
	y := float32(pad + lineH*7.2)
	vector.FillRect(screen, 80, y, 150, float32(lineH*0.6), plotBack, false)
	vector.FillRect(screen, 80, y, float32(150*o.sim.Obs.R), float32(lineH*0.6), amberColor, false)
	if o.hover != "" {
		o.op.GeoM.Reset()
		o.op.GeoM.Translate(pad, pad+lineH*8)
		text.Draw(screen, o.hover, o.face, &o.op)
	}
	top := pad + textH + pad
	o.plot(screen, "R, last 60 s", &o.rs, 1, pad, top, width-2*pad, plotH, lineH)
	top += plotH + float32(lineH) + pad
	peak := 1.0
	for _, f := range o.flashes {
		peak = max(peak, f)
	}
	o.plot(screen, "flashes/s, last 60 s", &o.flashes, peak, pad, top, width-2*pad, plotH, lineH)
}

// plot draws a labelled line plot of the ring's samples, oldest on the
// left, scaled so that top reaches the plot's upper edge.
func (o *Overlay) plot(screen *ebiten.Image, label string, ring *[plotLen]float64, top float64, x, y, w, h float32, lineH float64) {
	o.op.GeoM.Reset()
	o.op.GeoM.Translate(float64(x), float64(y))
	text.Draw(screen, label, o.face, &o.op)
	y += float32(lineH)
	vector.FillRect(screen, x, y, w, h, plotBack, false)
	n := min(o.n, plotLen)
	if n < 2 {
		return
	}
	step := w / (plotLen - 1)
	at := func(k int) (float32, float32) {
		v := ring[(o.n-n+k)%plotLen] / top
		return x + float32(plotLen-n+k)*step, y + h - float32(v)*h
	}
	px, py := at(0)
	for k := 1; k < n; k++ {
		qx, qy := at(k)
		vector.StrokeLine(screen, px, py, qx, qy, 1.5, amberColor, true)
		px, py = qx, qy
	}
}
