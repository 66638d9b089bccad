package render

import (
	"image"
	"image/color"
	"strconv"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"github.com/firefly-observatory/fireflies/tour"
)

var (
	tourColor = color.RGBA{20, 24, 34, 240}
	nextColor = color.RGBA{120, 100, 40, 255}
)

// TourCard draws the guided tour's chapter beside the swarm: its title,
// its few sentences wrapped to the column, and a "next" button once the
// reader has seen what the chapter waits for. It is laid out again only
// when what it shows changes.
type TourCard struct {
	src    *text.GoTextFaceSource
	img    *ebiten.Image
	key    string      // what img shows
	size   image.Point // of the card in img
	at     image.Rectangle
	next   image.Rectangle // the button, on the screen; empty while hidden
	nextIn image.Rectangle // the button, in img
	Lines  []string        // the card's text as last laid out, for the tests
}

// NewTourCard makes the card with the given font.
func NewTourCard(src *text.GoTextFaceSource) *TourCard { return &TourCard{src: src} }

// NextAt is where the "next" button is on the screen: empty while the
// chapter still waits.
func (c *TourCard) NextAt() image.Rectangle { return c.next }

// Rect is where the card was last drawn.
func (c *TourCard) Rect() image.Rectangle { return c.at }

// Draw draws t's chapter at (x, y) on screen, w pixels wide.
func (c *TourCard) Draw(screen *ebiten.Image, t *tour.Tour, x, y, w, scale float64) {
	ch := t.Chapter()
	seen, of := t.Progress()
	key := strconv.Itoa(t.At) + "/" + strconv.Itoa(seen) + "/" + strconv.FormatBool(t.Ready()) + "/" +
		strconv.FormatFloat(w, 'f', 0, 64) + "/" + strconv.FormatFloat(scale, 'f', 2, 64)
	if c.img == nil || key != c.key {
		c.layout(t, ch, seen, of, w, scale)
		c.key = key
	}
	var op ebiten.DrawImageOptions
	op.GeoM.Translate(x, y)
	screen.DrawImage(c.img.SubImage(image.Rectangle{Max: c.size}).(*ebiten.Image), &op)
	off := image.Pt(int(x), int(y))
	c.at = image.Rectangle{Max: c.size}.Add(off)
	if !c.next.Empty() {
		c.next = c.nextIn.Add(off)
	}
}

// layout draws the card into c.img.
func (c *TourCard) layout(t *tour.Tour, ch tour.Chapter, seen, of int, w, scale float64) {
	face := &text.GoTextFace{Source: c.src, Size: 13 * scale}
	title := &text.GoTextFace{Source: c.src, Size: 15 * scale}
	lineH := face.Size * 1.35
	pad := 10 * scale
	lines := []string{"Tour " + strconv.Itoa(t.At+1) + " of " + strconv.Itoa(len(t.Chapters))}
	lines = append(lines, wrap(ch.Text, face, w-2*pad)...)
	var foot string
	switch {
	case t.Last():
		foot = "the end: A closes the tour"
	case t.Ready():
		foot = ""
	default:
		foot = "watching: " + strconv.Itoa(seen) + " of " + strconv.Itoa(of) + " seen"
	}
	heads := wrap(ch.Title, title, w-2*pad)
	headH := float64(len(heads)) * title.Size * 1.3
	c.Lines = append(append(heads, lines...), foot)
	h := pad + headH + title.Size*0.3 + float64(len(lines))*lineH + pad + lineH*1.6 + pad
	c.size = image.Pt(int(w), int(h))
	if c.img == nil || c.img.Bounds().Dx() < c.size.X || c.img.Bounds().Dy() < c.size.Y {
		if c.img != nil {
			c.img.Deallocate()
		}
		c.img = ebiten.NewImage(max(c.size.X, 1), max(c.size.Y, 1))
	} else {
		c.img.Clear()
	}
	vector.FillRect(c.img, 0, 0, float32(w), float32(h), tourColor, false)
	var op text.DrawOptions
	op.GeoM.Translate(pad, pad)
	op.ColorScale.ScaleWithColor(amberColor)
	op.LineSpacing = title.Size * 1.3
	text.Draw(c.img, strings.Join(heads, "\n"), title, &op)
	op.GeoM.Reset()
	op.GeoM.Translate(pad, pad+headH+title.Size*0.3)
	op.LineSpacing = lineH
	op.ColorScale.Reset()
	op.ColorScale.ScaleWithColor(textColor)
	text.Draw(c.img, strings.Join(lines, "\n"), face, &op)
	by := pad + headH + title.Size*0.3 + float64(len(lines))*lineH + pad
	c.next, c.nextIn = image.Rectangle{}, image.Rectangle{}
	if t.Ready() {
		label := "next ▸  Enter"
		bw := text.Advance(label, face) + 2*pad
		c.nextIn = image.Rect(int(pad), int(by), int(pad+bw), int(by+lineH*1.5))
		c.next = c.nextIn
		vector.FillRect(c.img, float32(pad), float32(by), float32(bw), float32(lineH*1.5), nextColor, false)
		op.GeoM.Reset()
		op.GeoM.Translate(2*pad, by+lineH*0.2)
		op.ColorScale.Reset()
		op.ColorScale.ScaleWithColor(textColor)
		text.Draw(c.img, label, face, &op)
		c.Lines[len(c.Lines)-1] = label
	} else {
		op.GeoM.Reset()
		op.GeoM.Translate(pad, by+lineH*0.2)
		op.ColorScale.Reset()
		op.ColorScale.ScaleWithColor(labelColor)
		text.Draw(c.img, foot, face, &op)
	}
}

// wrap breaks s into lines no wider than w in face.
func wrap(s string, face *text.GoTextFace, w float64) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		try := strings.TrimSpace(line + " " + word)
		if line != "" && text.Advance(try, face) > w {
			lines = append(lines, line)
			try = word
		}
		line = try
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
