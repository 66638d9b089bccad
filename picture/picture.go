// Package picture makes still and animated pictures of the swarm on the
// CPU, from the frame package's fills, in every build: PNG screenshots and
// GIF recordings, scaled down by averaging blocks of cells (a box filter),
// never by picking one cell of each block.
package picture

import (
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"io"

	"github.com/firefly-observatory/fireflies/frame"
	"github.com/firefly-observatory/fireflies/systems"
)

// MaxSide is the longest side of a headless screenshot: a larger grid is
// scaled down to it.
const MaxSide = 4096

// Shrink returns the factor a w×h grid is divided by to fit within maxW ×
// maxH: the smallest whole number that does (1 when it fits).
func Shrink(w, h, maxW, maxH int) int {
	k := 1
	for (w+k-1)/k > maxW || (h+k-1)/k > maxH {
		k++
	}
	return k
}

// RGBA returns the pixels (a frame.Pixels' Pix, w×h RGBA) as an image,
// each k×k block of cells averaged into one pixel.
func RGBA(pix []byte, w, h, k int) *image.RGBA {
	if k == 1 {
		return &image.RGBA{Pix: pix, Stride: 4 * w, Rect: image.Rect(0, 0, w, h)}
	}
	ow, oh := (w+k-1)/k, (h+k-1)/k
	img := image.NewRGBA(image.Rect(0, 0, ow, oh))
	for oy := range oh {
		for ox := range ow {
			var sum [3]int
			n := 0
			for y := oy * k; y < min(oy*k+k, h); y++ {
				for x := ox * k; x < min(ox*k+k, w); x++ {
					p := pix[4*(y*w+x):]
					sum[0] += int(p[0])
					sum[1] += int(p[1])
					sum[2] += int(p[2])
					n++
				}
			}
			o := img.Pix[4*(oy*ow+ox):]
			o[0], o[1], o[2], o[3] = uint8(sum[0]/n), uint8(sum[1]/n), uint8(sum[2]/n), 255
		}
	}
	return img
}

// WritePNG writes the pixels as a PNG, scaled down to fit [MaxSide].
func WritePNG(out io.Writer, pix []byte, w, h int) error {
	return png.Encode(out, RGBA(pix, w, h, Shrink(w, h, MaxSide, MaxSide)))
}

// The GIF's palette: [normalAt] glow levels 0, 2, … 254 of a firefly
// (254 is a fresh flash), then [paceAt] a pacemaker's levels 1, 3, … 251,
// then a silenced hole's two stripes; see [frame.PaintLevel].
const (
	normalAt  = 0   // 128 entries
	paceAt    = 128 // 126 entries
	paceLast  = 125 // the last pacemaker entry: level 251
	hatchDark = 254
	hatchLite = 255
)

var glowPalette = func() color.Palette {
	p := make(color.Palette, 256)
	rgba := func(c [3]uint8) color.RGBA { return color.RGBA{c[0], c[1], c[2], 255} }
	for j := range 128 {
		p[normalAt+j] = rgba(frame.Palette(float64(2*j) / 254))
	}
	for j := range paceLast + 1 {
		p[paceAt+j] = rgba(frame.PacemakerPalette(float64(2*j+1) / 254))
	}
	p[hatchDark], p[hatchLite] = rgba(frame.HatchDark), rgba(frame.HatchLight)
	return p
}()

// Recording is an animated GIF of the glow view: a frame every few
// simulated ticks, each block of cells the average of its glow levels.
// Painted fireflies show as in the window: a block shows the kind most of
// its cells are (a painted kind on a tie), at the mean level of those.
type Recording struct {
	w, h, k int
	s       int // whole pixels a cell, where the grid is smaller than the frame
	delay   int // hundredths of a second between frames
	anim    gif.GIF
}

// NewRecording records a w×h grid into frames of at most maxW×maxH
// pixels, played back at one frame every delay seconds.
func NewRecording(w, h, maxW, maxH int, delay float64) *Recording {
	k := Shrink(w, h, maxW, maxH)
	return &Recording{w: w, h: h, k: k, s: Enlarge(w, h, maxW, maxH), delay: max(2, int(delay*100+0.5))}
}

// Add adds a frame from glow levels with their paint, one byte a cell
// ([frame.Levels.Level]): level(i) for cell i.
func (r *Recording) Add(level func(i int) uint8) {
	ow, oh := (r.w+r.k-1)/r.k, (r.h+r.k-1)/r.k
	img := image.NewPaletted(image.Rect(0, 0, ow, oh), glowPalette)
	for oy := range oh {
		for ox := range ow {
			var sum, n [3]int // by kind
			for y := oy * r.k; y < min(oy*r.k+r.k, r.h); y++ {
				for x := ox * r.k; x < min(ox*r.k+r.k, r.w); x++ {
					k, v := frame.Unpaint(level(y*r.w + x))
					sum[k] += int(v)
					n[k]++
				}
			}
			var p uint8
			switch {
			case n[systems.SilencedKind] >= max(n[systems.Normal], n[systems.PacemakerKind]):
				p = hatchDark
				if frame.Hatched(ox, oy) {
					p = hatchLite
				}
			case n[systems.PacemakerKind] >= n[systems.Normal]:
				m := n[systems.PacemakerKind]
				p = paceAt + uint8(min(((sum[systems.PacemakerKind]+m/2)/m-1)/2, paceLast))
			default:
				m := n[systems.Normal]
				p = normalAt + uint8((sum[systems.Normal]+m/2)/m/2)
			}
			img.Pix[oy*ow+ox] = p
		}
	}
	if r.s > 1 {
		img = enlarged(img, r.s)
	}
	r.anim.Image = append(r.anim.Image, img)
	r.anim.Delay = append(r.anim.Delay, r.delay)
}

// Frames is the number of frames recorded.
func (r *Recording) Frames() int { return len(r.anim.Image) }

// Write writes the animation, looping forever.
func (r *Recording) Write(out io.Writer) error {
	if len(r.anim.Image) == 0 {
		r.anim.Image = append(r.anim.Image, image.NewPaletted(image.Rect(0, 0, 1, 1), glowPalette))
		r.anim.Delay = append(r.anim.Delay, r.delay)
	}
	return gif.EncodeAll(out, &r.anim)
}
