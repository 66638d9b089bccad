package e2e

import (
	"image"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"
)

// TestRecordBigGridShowsStructure: a 2048² swarm recorded at 512x512
// shows its patches, not uniform noise. Each pixel averages a 4×4 block
// of cells; picking one cell of each block instead gave the issue's
// frames of noise. With a nudge of 500ms the swarm forms patches within
// seconds and is nearly one by 16 s. From 8 s on, every frame whose
// pixels vary (a luminance spread of 5 of 255 or more: the night between
// flashes does not) has horizontally neighbouring pixels correlated above
// 0.5 (0.61 to 0.63: the frames of 8, 11 and 14 s), where noise is
// uncorrelated (0, as an i.i.d. frame checks here). Picking one cell a
// block instead, the frames from 8 s on that vary are correlated 0.01 to
// 0.44 and the test fails.
func TestRecordBigGridShowsStructure(t *testing.T) {
	out := filepath.Join(t.TempDir(), "big.gif")
	if _, stderr, code := runHeadless(t, "-grid", "2048", "-seed", "1", "-nudge", "500ms", "-duration", "16s",
		"-record", out, "-record-every", "1s", "-record-size", "512x512"); code != 0 {
		t.Fatalf("exit status %d\n%s", code, stderr)
	}
	g := decodeGIF(t, out)
	if g.Config.Width != 512 || g.Config.Height != 512 || len(g.Image) != 16 {
		t.Fatalf("got %d frames of %dx%d, want 16 of 512x512", len(g.Image), g.Config.Width, g.Config.Height)
	}
	// The statistic fails for noise: an i.i.d. frame of the same palette.
	noise := image.NewPaletted(g.Image[0].Bounds(), g.Image[0].Palette)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range noise.Pix {
		noise.Pix[i] = uint8(rng.IntN(128)) // the glow's levels
	}
	if _, _, r := neighbourCorrelation(noise); math.Abs(r) > 0.02 {
		t.Errorf("an i.i.d. frame: neighbours correlated %.3f, want about 0", r)
	}
	checked := 0
	for i, img := range g.Image {
		mean, sd, r := neighbourCorrelation(img)
		t.Logf("frame %d (t = %d s): luminance %.0f ± %.1f, neighbours correlated %.3f", i, i, mean, sd, r)
		if i < 8 || sd < 5 {
			continue // before the patches, or a plain frame
		}
		checked++
		if r <= 0.5 {
			t.Errorf("frame %d (t = %d s): neighbouring pixels correlated %.3f (luminance %.0f ± %.1f), want above 0.5: the swarm's patches, not noise", i, i, r, mean, sd)
		}
	}
	if checked < 3 {
		t.Errorf("%d frames from 8 s on vary, want 3 or more to check", checked)
	}
}

// neighbourCorrelation is the mean and spread of img's luminance (0 to
// 255) and the correlation of each pixel's with its right neighbour's.
func neighbourCorrelation(img *image.Paletted) (mean, sd, r float64) {
	lum := make([]float64, len(img.Palette))
	for i, c := range img.Palette {
		cr, cg, cb, _ := c.RGBA()
		lum[i] = (0.299*float64(cr) + 0.587*float64(cg) + 0.114*float64(cb)) / 257
	}
	b := img.Bounds()
	var sa, sb, saa, sbb, sab, n float64
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X-1; x++ {
			p, q := lum[img.ColorIndexAt(x, y)], lum[img.ColorIndexAt(x+1, y)]
			sa, sb, saa, sbb, sab, n = sa+p, sb+q, saa+p*p, sbb+q*q, sab+p*q, n+1
		}
	}
	va, vb := saa/n-sa*sa/n/n, sbb/n-sb*sb/n/n
	mean, sd = sa/n, math.Sqrt(max(va, 0))
	if va <= 0 || vb <= 0 {
		return mean, sd, 1 // a frame of one colour: no noise in it
	}
	return mean, sd, (sab/n - sa*sb/n/n) / math.Sqrt(va*vb)
}
