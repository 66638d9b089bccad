// Package frame turns the swarm's glow column into pictures on the CPU:
// RGBA pixels in the original's palette, or one glow level a cell for the
// window's palette shader. It is the half of drawing that needs no GPU, so
// the headless build's render mode uses it too, and it imports no ebiten.
package frame

import (
	"math"
	"unsafe"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems"
)

// glowAt is the glow of a flash that is age ticks old, for a glow time in
// seconds: 1 on the flash's tick, fading linearly; 0 or less is dark.
func glowAt(age int, glowTime float64) float64 {
	return 1 - float64(age)/systems.TPS/glowTime
}

// glowTicks is how many ticks, counting the flash tick, a flash stays
// visible: the first age at which glowAt is no longer positive.
func glowTicks(m components.Model) int {
	glowTime := m.Glow * m.Period.Seconds()
	n := max(0, int(math.Ceil(glowTime*systems.TPS))-1)
	for glowAt(n, glowTime) > 0 {
		n++
	}
	return n
}

// Glow returns the glow, in [0, 1], of a firefly whose last flash was on
// tick flashTick, at tick now.
func Glow(m components.Model, flashTick, now int32) float64 {
	return max(0, glowAt(int(now-flashTick), m.Glow*m.Period.Seconds()))
}

// Palette maps a glow in [0, 1] to the original's colours: (30,30,40) at
// 0, (200,120,0) at 0.5 and (255,255,200) at 1, linear in between.
func Palette(g float64) [3]uint8 {
	dark := [3]float64{30, 30, 40}
	amber := [3]float64{200, 120, 0}
	white := [3]float64{255, 255, 200}
	from, to, t := dark, amber, g*2
	if g > 0.5 {
		from, to, t = amber, white, (g-0.5)*2
	}
	t = min(max(t, 0), 1)
	var c [3]uint8
	for k := range c {
		c[k] = uint8(from[k] + (to[k]-from[k])*t + 0.5)
	}
	return c
}

// View is what a picture shows of each firefly.
type View uint8

const (
	// GlowView shows each flash fading in the original's palette.
	GlowView View = iota
	// PhaseView shows where each firefly is in its cycle on a cyclic
	// colour map, so domains and wave fronts show before anything flashes
	// together.
	PhaseView
)

// PhaseColour maps a phase, as a fraction of the period in [0, 1), to a
// cyclic colour map: a cosine palette whose ends meet, so that a firefly
// about to flash and one that just has look alike. The palette shader
// computes the same.
func PhaseColour(f float64) [3]uint8 {
	var c [3]uint8
	for k, shift := range [3]float64{0, 1.0 / 3, 2.0 / 3} {
		v := 0.5 + 0.45*math.Cos(2*math.Pi*(f+shift))
		c[k] = uint8(255*v + 0.5)
	}
	return c
}

// phaseLevel is the byte a phase of seconds is drawn with: its fraction of
// the period in 256 steps.
func phaseLevel(seconds, perByte float32) uint8 {
	return uint8(min(seconds*perByte, 255))
}

// Pixels turns each firefly's glow into an RGBA pixel, one per cell in grid
// order, ready for WritePixels. The glow of a firefly is a function of the
// ticks since its flash, so the palette is applied once per age, at setup.
type Pixels struct {
	sim  *systems.Sim
	sw   *components.SwarmData
	fill func(band, y0, y1 int)
	// View is what the next Update shows.
	View View
	// Pix is the frame: Width×Height RGBA pixels.
	Pix     []byte
	pix32   []uint32
	byAge   []uint32 // colour of a flash that is age ticks old
	dark    uint32
	byPhase [256]uint32 // colour of each phase level
	perByte float32     // phase levels per second of phase

	// The painted fireflies' colours (paint.go), laid over the band by
	// [Pixels.paint] only where something is painted.
	kinds       []systems.Kind // this Update's, nil while nothing is painted
	paceByAge   []uint32
	paceDark    uint32
	paceByPhase [256]uint32
	hatch       [2]uint32 // dark, light
}

// NewPixels prepares the frame buffer for the simulation's grid.
func NewPixels(s *systems.Sim) *Pixels {
	n := s.Model.Fireflies()
	px := &Pixels{sim: s, sw: s.Swarm, Pix: make([]byte, 4*n)}
	px.fill = px.band
	px.pix32 = unsafe.Slice((*uint32)(unsafe.Pointer(&px.Pix[0])), n)
	glowTime := s.Model.Glow * s.Model.Period.Seconds()
	px.byAge = make([]uint32, glowTicks(s.Model))
	for age := range px.byAge {
		px.byAge[age] = rgba(Palette(glowAt(age, glowTime)))
	}
	px.dark = rgba(Palette(0))
	for k := range px.byPhase {
		px.byPhase[k] = rgba(PhaseColour((float64(k) + 0.5) / 256))
	}
	px.perByte = float32(256 / s.Model.Period.Seconds())
	px.paceByAge = make([]uint32, len(px.byAge))
	for age := range px.paceByAge {
		px.paceByAge[age] = rgba(PacemakerPalette(glowAt(age, glowTime)))
	}
	px.paceDark = rgba(PacemakerPalette(0))
	for k := range px.paceByPhase {
		px.paceByPhase[k] = rgba(PacemakerPhaseColour((float64(k) + 0.5) / 256))
	}
	px.hatch = [2]uint32{rgba(HatchDark), rgba(HatchLight)}
	return px
}

func rgba(c [3]uint8) uint32 {
	return uint32(c[0]) | uint32(c[1])<<8 | uint32(c[2])<<16 | 0xff<<24
}

// Update fills [Pixels.Pix] from the current glows and paint.
func (px *Pixels) Update() {
	px.kinds = px.sim.Painted()
	px.sim.Bands(px.fill)
}

func (px *Pixels) band(_, y0, y1 int) {
	w := px.sw.Width
	if px.View == PhaseView {
		out := px.pix32[y0*w : y1*w]
		for i, ph := range px.sw.Phase[y0*w : y1*w] {
			out[i] = px.byPhase[phaseLevel(ph.Seconds, px.perByte)]
		}
		px.paint(y0, y1)
		return
	}
	tick := px.sw.Tick
	glow := px.sw.Glow[y0*w : y1*w]
	out := px.pix32[y0*w : y1*w]
	byAge, dark := px.byAge, px.dark
	for i, g := range glow {
		age := uint32(tick - g.FlashTick)
		c := dark
		if age < uint32(len(byAge)) {
			c = byAge[age]
		}
		out[i] = c
	}
	px.paint(y0, y1)
}

// paint colours the painted cells of rows [y0, y1) over what band drew:
// a second pass, so that a world with nothing painted pays one nil check.
func (px *Pixels) paint(y0, y1 int) {
	if px.kinds == nil {
		return
	}
	w, tick := px.sw.Width, px.sw.Tick
	for y := y0; y < y1; y++ {
		row := px.kinds[y*w : y*w+w]
		for x, k := range row {
			i := y*w + x
			switch k {
			case systems.PacemakerKind:
				if px.View == PhaseView {
					px.pix32[i] = px.paceByPhase[phaseLevel(px.sw.Phase[i].Seconds, px.perByte)]
					continue
				}
				c := px.paceDark
				if age := uint32(tick - px.sw.Glow[i].FlashTick); age < uint32(len(px.paceByAge)) {
					c = px.paceByAge[age]
				}
				px.pix32[i] = c
			case systems.SilencedKind:
				px.pix32[i] = px.hatch[0]
				if Hatched(x, y) {
					px.pix32[i] = px.hatch[1]
				}
			}
		}
	}
}

// Levels turns each firefly's glow into one byte, packed four cells to an
// RGBA texel, for the palette shader: a quarter of the bytes of [Pixels]
// to fill and to send to the GPU each frame.
type Levels struct {
	sim  *systems.Sim
	sw   *components.SwarmData
	fill func(band, y0, y1 int)
	// View is what the next Update shows: glow levels (254 is a fresh
	// flash) or phase levels (256 steps of the period).
	View View
	// Texels is the frame: ceil(Width/4)×Height RGBA texels.
	Texels  []byte
	perByte float32 // phase levels per second of phase
	Packed  int     // texels per row
	byAge   []uint8 // level of a flash that is age ticks old; 254 is glow 1
	rowSize int     // bytes per row

	// Kinds is each cell's painted [systems.Kind], packed as Texels are, for
	// the palette shader: nil while nothing is painted. Update makes it again
	// only when the paint has changed, and then moves KindsVersion on.
	Kinds        []byte
	KindsVersion uint32
	kinds        []systems.Kind // the world's column, as of the last Update
	painted      uint32         // the world's paint version Kinds was made at
	packKinds    bool           // this Update makes Kinds again
}

// NewLevels prepares the packed glow levels for the simulation's grid.
func NewLevels(s *systems.Sim) *Levels {
	packed := (s.Model.Width + 3) / 4
	lv := &Levels{sim: s, sw: s.Swarm, Packed: packed, rowSize: 4 * packed}
	lv.fill = lv.band
	lv.Texels = make([]byte, lv.rowSize*s.Model.Height)
	glowTime := s.Model.Glow * s.Model.Period.Seconds()
	lv.byAge = make([]uint8, glowTicks(s.Model))
	for age := range lv.byAge {
		lv.byAge[age] = uint8(254*glowAt(age, glowTime) + 0.5)
	}
	lv.perByte = float32(256 / s.Model.Period.Seconds())
	return lv
}

// Level is the byte a GIF frame shows cell i with: the level
// [Levels.Update] packed for it in the current view, with its paint in
// the lowest bit ([PaintLevel]; [Unpaint] reads it back).
func (lv *Levels) Level(i int) uint8 {
	w := lv.sw.Width
	k := systems.Normal
	if lv.kinds != nil {
		k = lv.kinds[i]
	}
	return PaintLevel(lv.Texels[(i/w)*lv.rowSize+i%w], k)
}

// Update fills [Levels.Texels] from the current glows, and [Levels.Kinds]
// from the paint if it changed.
func (lv *Levels) Update() {
	kinds, version := lv.sim.Painted(), lv.sim.PaintedVersion()
	lv.packKinds = kinds != nil && (lv.Kinds == nil || version != lv.painted)
	if lv.packKinds && lv.Kinds == nil {
		lv.Kinds = make([]byte, len(lv.Texels))
	}
	lv.kinds, lv.painted = kinds, version
	lv.sim.Bands(lv.fill)
	if lv.packKinds {
		lv.KindsVersion++
	}
}

func (lv *Levels) band(_, y0, y1 int) {
	w := lv.sw.Width
	if lv.packKinds {
		for y := y0; y < y1; y++ {
			out := lv.Kinds[y*lv.rowSize : y*lv.rowSize+w]
			for x, k := range lv.kinds[y*w : y*w+w] {
				out[x] = byte(k)
			}
		}
	}
	if lv.View == PhaseView {
		for y := y0; y < y1; y++ {
			out := lv.Texels[y*lv.rowSize : y*lv.rowSize+w]
			for x, ph := range lv.sw.Phase[y*w : y*w+w] {
				out[x] = phaseLevel(ph.Seconds, lv.perByte)
			}
		}
		return
	}
	tick := lv.sw.Tick
	byAge := lv.byAge
	for y := y0; y < y1; y++ {
		glow := lv.sw.Glow[y*w : y*w+w]
		out := lv.Texels[y*lv.rowSize : y*lv.rowSize+w]
		for x, g := range glow {
			age := uint32(tick - g.FlashTick)
			var v uint8
			if age < uint32(len(byAge)) {
				v = byAge[age]
			}
			out[x] = v
		}
	}
}
