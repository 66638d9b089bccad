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
	"math"

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
// A recording is of the whole grid ([NewRecording]) or of what a camera
// shows of it ([NewViewRecording]).
type Recording struct {
	w, h, k int
	s       int // whole pixels a cell, where the grid is smaller than the frame
	delay   int // hundredths of a second between frames
	anim    gif.GIF

	// A camera's recording: the most its frame may be, and the frame's
	// size, fixed by its first view (0 until then).
	maxW, maxH int
	fw, fh     int
	// The cells each column and row of a camera's frame covers, from
	// x0[p] to x1[p] (one past the last); scratch for AddView.
	x0, x1, y0, y1 []int
}

// NewRecording records a w×h grid into frames of at most maxW×maxH
// pixels, played back at one frame every delay seconds.
func NewRecording(w, h, maxW, maxH int, delay float64) *Recording {
	k := Shrink(w, h, maxW, maxH)
	return &Recording{w: w, h: h, k: k, s: Enlarge(w, h, maxW, maxH), delay: max(2, int(delay*100+0.5))}
}

// NewViewRecording records what a camera shows of a w×h grid ([View]),
// frame by frame with [Recording.AddView]: frames of its first view's
// shape scaled to fit maxW×maxH, played back at one frame every delay
// seconds.
func NewViewRecording(w, h, maxW, maxH int, delay float64) *Recording {
	return &Recording{w: w, h: h, maxW: maxW, maxH: maxH, delay: max(2, int(delay*100+0.5))}
}

// View is what a camera shows of the grid: a screen of W×H pixels, at
// Zoom pixels a cell, whose top-left corner is at the grid's point (X, Y),
// in cells (fractions allowed; outside the grid where it shows the night
// around it).
type View struct {
	W, H int
	X, Y float64
	Zoom float64
}

// Add adds a frame from glow levels with their paint, one byte a cell
// ([frame.Levels.Level]): level(i) for cell i.
func (r *Recording) Add(level func(i int) uint8) {
	ow, oh := (r.w+r.k-1)/r.k, (r.h+r.k-1)/r.k
	img := image.NewPaletted(image.Rect(0, 0, ow, oh), glowPalette)
	for oy := range oh {
		for ox := range ow {
			img.Pix[oy*ow+ox] = r.block(level, ox*r.k, min(ox*r.k+r.k, r.w), oy*r.k, min(oy*r.k+r.k, r.h), ox, oy)
		}
	}
	if r.s > 1 {
		img = enlarged(img, r.s)
	}
	r.add(img)
}

// AddView adds a frame of what view v shows, from glow levels as [Add]
// takes them: the screen scaled to the frame (and centred in it, where a
// resized window changed its shape), each frame pixel the cell at its
// centre where a cell covers more than a pixel, else the average of the
// cells it covers, as [Add] averages; the night's colour outside the
// grid, and outside the screen where its shape is not the frame's.
func (r *Recording) AddView(level func(i int) uint8, v View) {
	if v.W <= 0 || v.H <= 0 || !(v.Zoom > 0) {
		return // a screen not laid out yet
	}
	if r.fw == 0 {
		f := min(float64(r.maxW)/float64(v.W), float64(r.maxH)/float64(v.H))
		r.fw, r.fh = max(1, int(float64(v.W)*f+0.5)), max(1, int(float64(v.H)*f+0.5))
		r.x0, r.x1, r.y0, r.y1 = make([]int, r.fw), make([]int, r.fw), make([]int, r.fh), make([]int, r.fh)
	}
	// s is frame pixels a screen pixel; c, cells a frame pixel.
	s := min(float64(r.fw)/float64(v.W), float64(r.fh)/float64(v.H))
	c := 1 / (s * v.Zoom)
	sw, sh := float64(v.W)*s, float64(v.H)*s
	span(r.x0, r.x1, v.X, c, (float64(r.fw)-sw)/2, sw)
	span(r.y0, r.y1, v.Y, c, (float64(r.fh)-sh)/2, sh)
	img := image.NewPaletted(image.Rect(0, 0, r.fw, r.fh), glowPalette)
	for py := range r.fh {
		y0, y1 := max(r.y0[py], 0), min(r.y1[py], r.h)
		for px := range r.fw {
			x0, x1 := max(r.x0[px], 0), min(r.x1[px], r.w)
			if x0 < x1 && y0 < y1 {
				img.Pix[py*r.fw+px] = r.block(level, x0, x1, y0, y1, px, py)
			} // else the night: normalAt, level 0
		}
	}
	r.add(img)
}

// span sets lo[p] and hi[p] to the first cell of frame pixel p and one
// past its last, for pixels of c cells from cell from, the screen's n
// pixels starting off pixels in: where a pixel covers more than a cell,
// each cell belongs to one pixel; where less, a pixel has the cell at its
// centre. A pixel outside the screen covers none.
func span(lo, hi []int, from, c, off, n float64) {
	at := func(p float64) int { return int(math.Floor(from + (p-off)*c)) }
	for p := range lo {
		switch mid := float64(p) + 0.5; {
		case mid < off || mid >= off+n:
			lo[p], hi[p] = 0, 0
		case c < 1:
			lo[p] = at(mid)
			hi[p] = lo[p] + 1
		default:
			lo[p] = at(float64(p))
			hi[p] = max(at(float64(p+1)), lo[p]+1)
		}
	}
}

// block is the palette entry of the frame pixel (px, py) that covers the
// cells x0 ≤ x < x1, y0 ≤ y < y1 (at least one).
func (r *Recording) block(level func(i int) uint8, x0, x1, y0, y1, px, py int) uint8 {
	var sum, n [3]int // by kind
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			k, v := frame.Unpaint(level(y*r.w + x))
			sum[k] += int(v)
			n[k]++
		}
	}
	switch {
	case n[systems.SilencedKind] >= max(n[systems.Normal], n[systems.PacemakerKind]):
		if frame.Hatched(px, py) {
			return hatchLite
		}
		return hatchDark
	case n[systems.PacemakerKind] >= n[systems.Normal]:
		m := n[systems.PacemakerKind]
		return paceAt + uint8(min(((sum[systems.PacemakerKind]+m/2)/m-1)/2, paceLast))
	default:
		m := n[systems.Normal]
		return normalAt + uint8((sum[systems.Normal]+m/2)/m/2)
	}
}

func (r *Recording) add(img *image.Paletted) {
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
