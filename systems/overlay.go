//go:build !headless

package systems

import (
	"bytes"
	"image/color"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
)

var darkColor = color.RGBA{15, 15, 20, 255}

// OverlayStats are the numbers the overlay shows.
type OverlayStats struct {
	FPS, TPS         float64
	Fireflies        int
	Seed             uint64
	SimSeconds       float64
	FlashesPerSecond float64
	R                float64
	UpdateMs, DrawMs float64
	Paused           bool
}

// Overlay draws the metrics panel in the top-left corner. Its text is
// rebuilt twice a second, not every frame.
type Overlay struct {
	Visible bool
	face    *text.GoTextFace
	label   string
	r       float64
	buf     []byte
	op      text.DrawOptions
}

// NewOverlay makes the overlay with the given font.
func NewOverlay(src *text.GoTextFaceSource) *Overlay {
	return &Overlay{Visible: true, face: &text.GoTextFace{Source: src, Size: 14}}
}

// Update rebuilds the overlay's text from s.
func (o *Overlay) Update(s OverlayStats) {
	b := o.buf[:0]
	line := func(name string) { b = append(b, name...) }
	num := func(v float64, prec int) { b = strconv.AppendFloat(b, v, 'f', prec, 64) }
	line("FPS ")
	num(s.FPS, 1)
	line("  TPS ")
	num(s.TPS, 1)
	line("\nfireflies ")
	b = strconv.AppendInt(b, int64(s.Fireflies), 10)
	line("\nseed ")
	b = strconv.AppendUint(b, s.Seed, 10)
	line("\nsim time ")
	num(s.SimSeconds, 1)
	line(" s")
	if s.Paused {
		line("  (paused)")
	}
	line("\nflashes/s ")
	num(s.FlashesPerSecond, 0)
	line("\nupdate ")
	num(s.UpdateMs, 2)
	line(" ms  draw ")
	num(s.DrawMs, 2)
	line(" ms\nR ")
	num(s.R, 3)
	o.buf = b
	if !bytes.Equal(b, []byte(o.label)) {
		o.label = string(b)
	}
	o.r = s.R
}

// Draw draws the panel onto screen if it is visible.
func (o *Overlay) Draw(screen *ebiten.Image) {
	if !o.Visible {
		return
	}
	const pad, width = 8, 250
	lineH := o.face.Size * 1.3
	height := float32(lineH*8 + 2*pad)
	vector.FillRect(screen, 0, 0, width, height, color.RGBA{0, 0, 0, 170}, false)
	o.op.GeoM.Reset()
	o.op.GeoM.Translate(pad, pad)
	o.op.LineSpacing = lineH
	o.op.ColorScale.Reset()
	o.op.ColorScale.ScaleWithColor(color.RGBA{230, 230, 210, 255})
	text.Draw(screen, o.label, o.face, &o.op)
	// R as a bar after its number, on the last line.
	y := float32(pad + lineH*6.25)
	vector.FillRect(screen, 80, y, 150, float32(lineH*0.6), color.RGBA{60, 60, 70, 255}, false)
	vector.FillRect(screen, 80, y, float32(150*o.r), float32(lineH*0.6), color.RGBA{255, 200, 60, 255}, false)
}
