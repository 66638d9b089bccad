package picture

import "image"

// Enlarge returns the whole number of pixels a side that each cell of a
// w×h grid takes in a frame of at most maxW×maxH: more than 1 where the
// grid is smaller than the frame, so that -record-size enlarges as well
// as shrinks, each cell a crisp block.
func Enlarge(w, h, maxW, maxH int) int {
	return max(1, min(maxW/max(w, 1), maxH/max(h, 1)))
}

// enlarged is img with each pixel an s×s block.
func enlarged(img *image.Paletted, s int) *image.Paletted {
	b := img.Bounds()
	out := image.NewPaletted(image.Rect(0, 0, b.Dx()*s, b.Dy()*s), img.Palette)
	for y := range b.Dy() {
		row := out.Pix[y*s*out.Stride : y*s*out.Stride+b.Dx()*s]
		for x := range b.Dx() {
			p := img.Pix[y*img.Stride+x]
			for i := range s {
				row[x*s+i] = p
			}
		}
		for i := 1; i < s; i++ {
			copy(out.Pix[(y*s+i)*out.Stride:], row)
		}
	}
	return out
}
