package frame

import "github.com/firefly-observatory/fireflies/systems"

// How painted fireflies look, the same in every picture (the window's
// two draw paths, the page, screenshots and GIFs) and at every zoom, so
// that each is one colour a cell and averages honestly when zoomed out:
//
//   - a pacemaker glows on a cool ramp ([PacemakerPalette]: teal, cyan,
//     white) where every other firefly glows amber, and in the phase view
//     shows its phase lightened towards white ([PacemakerPhaseColour]),
//     brighter than any phase colour;
//   - a silenced firefly is a hole hatched in diagonal stripes, violet on
//     black ([Hatched]), in both views. No firefly is black, and the
//     stripes' average, which a zoomed-out view shows, is a violet that no
//     average of glowing or phase colours comes near: a grey hole would
//     look, zoomed out, like dark fireflies among flashing ones.
//
// The palette shader (assets/palette.kage) computes the same colours.
var (
	// PaceDark, PaceMid and PaceWhite are a pacemaker's colours at glow
	// 0, 0.5 and 1, as [Palette]'s dark, amber and white are a firefly's.
	PaceDark  = [3]uint8{10, 75, 100}
	PaceMid   = [3]uint8{40, 190, 235}
	PaceWhite = [3]uint8{225, 255, 255}
	// HatchLight and HatchDark are a silenced hole's stripes.
	HatchLight = [3]uint8{200, 120, 255}
	HatchDark  = [3]uint8{0, 0, 0}
)

// PaceLighten is how far a pacemaker's phase colour is taken towards
// white: phase colours average 127 over their channels, a pacemaker's
// 191.
const PaceLighten = 0.5

// PacemakerPalette maps a pacemaker's glow in [0, 1] to its colour:
// [PaceDark] at 0, [PaceMid] at 0.5 and [PaceWhite] at 1, linear between.
func PacemakerPalette(g float64) [3]uint8 { return ramp(PaceDark, PaceMid, PaceWhite, g) }

// PacemakerPhaseColour is a pacemaker's colour at phase f: [PhaseColour]
// lightened by [PaceLighten] towards white.
func PacemakerPhaseColour(f float64) [3]uint8 {
	c := PhaseColour(f)
	for k := range c {
		c[k] = uint8(float64(c[k]) + (255-float64(c[k]))*PaceLighten + 0.5)
	}
	return c
}

// Hatched reports whether cell (x, y) of a silenced hole is on a light
// stripe: stripes two cells wide, running down to the left, every four.
func Hatched(x, y int) bool { return (x+y)&3 < 2 }

// HatchColour is the colour of silenced cell (x, y).
func HatchColour(x, y int) [3]uint8 {
	if Hatched(x, y) {
		return HatchLight
	}
	return HatchDark
}

// ramp is the linear ramp from a at 0 through b at 0.5 to c at 1.
func ramp(a, b, c [3]uint8, g float64) [3]uint8 {
	from, to, t := a, b, g*2
	if g > 0.5 {
		from, to, t = b, c, (g-0.5)*2
	}
	t = min(max(t, 0), 1)
	var out [3]uint8
	for k := range out {
		out[k] = uint8(float64(from[k]) + (float64(to[k])-float64(from[k]))*t + 0.5)
	}
	return out
}

// A byte of [Levels.Level] carries a cell's paint with its level, so that
// a GIF made from one byte a cell shows it: a normal cell's level is
// even, a pacemaker's odd, and [SilencedLevel] is a silenced cell. The
// lowest bit of the level is what it costs: 128 steps of glow in a GIF.
const SilencedLevel = 255

// PaintLevel is the byte [Levels.Level] gives a cell of kind k whose
// level is v.
func PaintLevel(v uint8, k systems.Kind) uint8 {
	switch k {
	case systems.PacemakerKind:
		return min(v|1, 253)
	case systems.SilencedKind:
		return SilencedLevel
	}
	return v &^ 1
}

// Unpaint splits a byte of [Levels.Level] into the cell's kind and its
// level.
func Unpaint(b uint8) (systems.Kind, uint8) {
	switch {
	case b == SilencedLevel:
		return systems.SilencedKind, 0
	case b&1 == 1:
		return systems.PacemakerKind, b
	}
	return systems.Normal, b
}
