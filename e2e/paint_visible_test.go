package e2e

import (
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/firefly-observatory/fireflies/frame"
	"github.com/firefly-observatory/fireflies/picture"
	"github.com/firefly-observatory/fireflies/systems"
)

// paintedJournal writes a journal of a run on a grid (WxH) from seed 8
// with events, ended at tick end with the trace hash the run reaches
// there: the events go into a journal with a wrong end, and the headless
// build's replay of it, which says it reached another hash, writes the
// true end into its own journal (-journal), as in
// TestJournalReplaysAcrossWorkers.
func paintedJournal(t *testing.T, grid string, end int, events ...string) string {
	t.Helper()
	header := strings.Replace(journalHeader, `"-grid=64x48"`, `"-grid=`+grid+`"`, 1)
	var b strings.Builder
	b.WriteString(header + "\n")
	for _, e := range events {
		b.WriteString(e + "\n")
	}
	fmt.Fprintf(&b, `{"end":true,"tick":%d,"trace_hash":"0000000000000000"}`+"\n", end)
	wrong := writeJournal(t, "wrong.jsonl", b.String())
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	_, stderr, code := runHeadless(t, "-replay", wrong, "-journal", path)
	if reached := regexp.MustCompile(`reached trace_hash [0-9a-f]{16} at tick `).MatchString(stderr); code != 1 || !reached {
		t.Fatalf("replaying a journal with a wrong end: exit %d, stderr %q; want 1 and the hash reached", code, stderr)
	}
	return path
}

// paint is a journal line painting a disc at tick 30.
func paint(brush string, x, y, r int) string {
	return fmt.Sprintf(`{"tick":30,"paint":%q,"x":%d,"y":%d,"radius":%d}`, brush, x, y, r)
}

// disc is a painted disc of the tests' 80×50 journal.
type disc struct {
	brush   string
	x, y, r int
}

// paintedDiscs are, on an 80×50 grid, a disc of pacemakers, a silenced
// hole and a disc of pacemakers round the grid's right edge to its left;
// cornerDisc is a hole round its corner, where the window's panel button
// lies over the grid.
var (
	paintedDiscs = []disc{{"pacemaker", 40, 30, 6}, {"silence", 64, 18, 6}, {"pacemaker", 78, 40, 4}}
	cornerDisc   = disc{"silence", 1, 49, 3}
)

// paintedJournals writes the 80×50 journal with paintedDiscs and
// cornerDisc, and the same run with nothing painted, both ending at tick
// 180.
func paintedJournals(t *testing.T) (painted, unpainted string) {
	t.Helper()
	var events []string
	for _, d := range append(paintedDiscs, cornerDisc) {
		events = append(events, paint(d.brush, d.x, d.y, d.r))
	}
	return paintedJournal(t, "80x50", 180, events...), paintedJournal(t, "80x50", 180)
}

// cells are the cells of d on an 80×50 grid, as (x, y).
func (d disc) cells() [][2]int {
	var out [][2]int
	for _, i := range systems.Disc(nil, 80, 50, d.x, d.y, d.r) {
		out = append(out, [2]int{int(i) % 80, int(i) / 80})
	}
	return out
}

// rgbAt is img's colour at (x, y).
func rgbAt(img image.Image, x, y int) [3]uint8 {
	r, g, b, _ := img.At(x, y).RGBA()
	return [3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)}
}

// distance is the distance between two colours in RGB (at most 441).
func distance(a, b [3]uint8) float64 {
	var s float64
	for k := range a {
		d := float64(a[k]) - float64(b[k])
		s += d * d
	}
	return math.Sqrt(s)
}

// fromRamp is the distance from c to the nearest colour of a ramp, a
// glow's colour for g in [0, 1].
func fromRamp(c [3]uint8, ramp func(g float64) [3]uint8) float64 {
	d := math.Inf(1)
	for k := 0; k <= 1016; k++ {
		d = min(d, distance(c, ramp(float64(k)/1016)))
	}
	return d
}

// isPacemaker: c is on a pacemaker's ramp and far from every unpainted
// firefly's colour.
func isPacemaker(c [3]uint8) bool {
	return fromRamp(c, frame.PacemakerPalette) <= 6 && fromRamp(c, frame.Palette) >= 30
}

// TestPaintShowsInHeadlessScreenshots: the headless build's screenshot of
// a replayed journal (its 80×50 grid, one pixel a cell) shows a disc of
// pacemakers in a pacemaker's colours and a silenced hole hatched, in
// every cell painted, round the edges of the torus too; every cell not
// painted keeps an unpainted firefly's colours. Averaged by blocks of 4×4
// cells, as a view zoomed out to a quarter averages them, each block of a
// painted disc still differs from the same block unpainted.
func TestPaintShowsInHeadlessScreenshots(t *testing.T) {
	withPaint, without := paintedJournals(t)
	dir := t.TempDir()
	shots := map[string]image.Image{}
	for name, journal := range map[string]string{"painted": withPaint, "unpainted": without} {
		shot := filepath.Join(dir, name+".png")
		if _, stderr, code := runHeadless(t, "-replay", journal, "-screenshot", shot); code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, stderr)
		}
		shots[name] = readPNG(t, shot)
		if b := shots[name].Bounds(); b.Dx() != 80 || b.Dy() != 50 {
			t.Fatalf("%s: the screenshot is %v, want the journal's 80x50 grid", name, b)
		}
	}
	painted, unpainted := shots["painted"], shots["unpainted"]
	kind := map[[2]int]string{}
	for _, d := range append(paintedDiscs, cornerDisc) {
		for _, c := range d.cells() {
			kind[c] = d.brush
		}
	}
	stripes := map[[3]uint8]int{}
	for y := range 50 {
		for x := range 80 {
			c := rgbAt(painted, x, y)
			switch kind[[2]int{x, y}] {
			case "pacemaker":
				if !isPacemaker(c) {
					t.Errorf("pacemaker (%d,%d) is %v: not a pacemaker's colour (%.0f from their ramp, %.0f from the others')",
						x, y, c, fromRamp(c, frame.PacemakerPalette), fromRamp(c, frame.Palette))
				}
			case "silence":
				if want := frame.HatchColour(x, y); c != want {
					t.Errorf("silenced (%d,%d) is %v, want the hatch's %v", x, y, c, want)
				}
				stripes[c]++
			default:
				if d := fromRamp(c, frame.Palette); d > 2 {
					t.Errorf("unpainted (%d,%d) is %v, %.0f from the palette", x, y, c, d)
				}
			}
			if p, u := c, rgbAt(unpainted, x, y); kind[[2]int{x, y}] != "" && p == u {
				t.Errorf("painted (%d,%d) is %v, as it is unpainted", x, y, p)
			}
		}
	}
	if len(stripes) != 2 {
		t.Errorf("the hole's colours: %v, want its two stripes", stripes)
	}

	// A quarter's zoom: 4×4 blocks averaged (picture.RGBA, as a large grid's
	// screenshot is made), the blocks wholly inside a disc compared.
	const k = 4
	avg := func(img image.Image) *image.RGBA {
		rgba := image.NewRGBA(img.Bounds())
		for y := range 50 {
			for x := range 80 {
				rgba.Set(x, y, img.At(x, y))
			}
		}
		return picture.RGBA(rgba.Pix, 80, 50, k)
	}
	pa, ua := avg(painted), avg(unpainted)
	blocks := 0
	for by := range 50 / k {
		for bx := range 80 / k {
			brush := kind[[2]int{bx * k, by * k}]
			whole := brush != ""
			for y := by * k; y < by*k+k; y++ {
				for x := bx * k; x < bx*k+k; x++ {
					whole = whole && kind[[2]int{x, y}] == brush
				}
			}
			if !whole {
				continue
			}
			blocks++
			p, u := rgbAt(pa, bx, by), rgbAt(ua, bx, by)
			if d := distance(p, u); d < 40 {
				t.Errorf("zoomed out, %s block (%d,%d) is %v, %.0f from %v unpainted; want 40 or more", brush, bx, by, p, d, u)
			}
		}
	}
	if blocks < 4 {
		t.Errorf("%d blocks wholly painted, want the discs' 4 or more", blocks)
	}
}

// windowFrame is a line of FIREFLIES_DEBUG_OVERLAY.
type windowFrame struct {
	Frame  int     `json:"frame"`
	Tick   int     `json:"tick"`
	Zoom   float64 `json:"zoom"`
	Text   string  `json:"text"`
	Layout struct {
		Grid [4]int // x0, y0, x1, y1 on the screen
	} `json:"layout"`
}

// lastFrame is the last complete line of the debug log at path.
func lastFrame(path string) windowFrame { return lastLine[windowFrame](path) }

// cellCentre is where the centre of cell (x, y) of a gw×gh grid is on the
// screen, in a frame whose grid lies at rect.
func cellCentre(rect [4]int, gw, gh int, x, y float64) (int, int) {
	return int(float64(rect[0]) + (x+0.5)*float64(rect[2]-rect[0])/float64(gw)),
		int(float64(rect[1]) + (y+0.5)*float64(rect[3]-rect[1])/float64(gh))
}

// TestPaintShowsInTheWindow: the window's screenshot of the painted
// 80×50 journal, in both draw paths (the palette shader, and the CPU's
// RGBA), shows each painted cell as paint (a pacemaker in a pacemaker's
// colours, a silenced cell hatched) and as the headless screenshot does,
// within the shader's 254 levels.
func TestPaintShowsInTheWindow(t *testing.T) {
	needDisplay(t)
	withPaint, _ := paintedJournals(t)
	dir := t.TempDir()
	cells := filepath.Join(dir, "cells.png")
	if _, stderr, code := runHeadless(t, "-replay", withPaint, "-screenshot", cells); code != 0 {
		t.Fatalf("headless: exit %d: %s", code, stderr)
	}
	want := readPNG(t, cells)
	for _, draw := range []string{"shader", "rgba"} {
		shot, debug := filepath.Join(dir, draw+".png"), filepath.Join(dir, draw+".jsonl")
		stdout, stderr, code := runEnv(t, withEnv("FIREFLIES_DEBUG_OVERLAY="+debug), windowBin.get(t),
			"-replay", withPaint, "-draw", draw, "-screenshot", shot)
		if code != 0 {
			t.Fatalf("-draw %s: exit %d\n%s%s", draw, code, stdout, stderr)
		}
		img, l := readPNG(t, shot), lastFrame(debug)
		if l.Tick != 180 || l.Layout.Grid[2] <= l.Layout.Grid[0] {
			t.Fatalf("-draw %s: the last frame is at tick %d with the grid at %v; want tick 180 and a grid", draw, l.Tick, l.Layout.Grid)
		}
		if l.Zoom < 4 {
			t.Fatalf("-draw %s: %.1f pixels a cell; the test wants the window's own zoom of 4 or more", draw, l.Zoom)
		}
		for _, d := range paintedDiscs {
			if bad := d.unpainted(img, l.Layout.Grid, 80, 50); bad > 0 {
				t.Errorf("-draw %s: %d cells of the %s disc at (%d,%d) are not drawn as paint", draw, bad, d.brush, d.x, d.y)
			}
			for _, c := range d.cells() {
				sx, sy := cellCentre(l.Layout.Grid, 80, 50, float64(c[0]), float64(c[1]))
				got, w := rgbAt(img, sx, sy), rgbAt(want, c[0], c[1])
				if distance(got, w) > 5 {
					t.Errorf("-draw %s: %s cell (%d,%d), at (%d,%d) on the screen, is %v; the headless screenshot's is %v",
						draw, d.brush, c[0], c[1], sx, sy, got, w)
				}
			}
		}
	}
}

// TestPaintShowsZoomedOut: a 2048×2048 swarm in the window, zoomed out to
// fit (under half a pixel a cell, each pixel the average of the cells it
// covers), with a disc of pacemakers and a silenced hole of radius 100:
// the discs show as areas of a pacemaker's averaged colour (bluer than
// anything unpainted can be) and of the hole's averaged violet, each
// nearly as large as the disc on the screen; the same run unpainted has
// neither.
func TestPaintShowsZoomedOut(t *testing.T) {
	needDisplay(t)
	events := []string{paint("pacemaker", 1500, 1400, 100), paint("silence", 1500, 600, 100)}
	journals := map[string]string{
		"painted":   paintedJournal(t, "2048x2048", 90, events...),
		"unpainted": paintedJournal(t, "2048x2048", 90),
	}
	dir := t.TempDir()
	var l windowFrame
	counts := map[string][2]int{} // bluish, violet pixels in the grid
	for name, journal := range journals {
		shot, debug := filepath.Join(dir, name+".png"), filepath.Join(dir, name+".jsonl")
		stdout, stderr, code := runEnv(t, withEnv("FIREFLIES_DEBUG_OVERLAY="+debug), windowBin.get(t), "-replay", journal, "-screenshot", shot)
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s%s", name, code, stdout, stderr)
		}
		img := readPNG(t, shot)
		l = lastFrame(debug)
		if l.Zoom >= 0.5 || l.Layout.Grid[2] <= l.Layout.Grid[0] {
			t.Fatalf("%s: zoom %.2f with the grid at %v; want the grid fitted below half a pixel a cell", name, l.Zoom, l.Layout.Grid)
		}
		g := l.Layout.Grid
		var n [2]int
		for y := max(0, g[1]); y < g[3]; y++ {
			for x := max(0, g[0]); x < g[2]; x++ {
				c := rgbAt(img, x, y)
				r, g, b := int(c[0]), int(c[1]), int(c[2])
				if b > r+25 && g > r+20 { // every average of unpainted glows has b <= r+10
					n[0]++
				}
				if b > g+30 && r > g+15 { // and b <= g+10
					n[1]++
				}
			}
		}
		counts[name] = n
	}
	area := math.Pi * (100 * l.Zoom) * (100 * l.Zoom) // a disc's pixels
	t.Logf("zoom %.3f: a disc is %.0f pixels; painted: %d bluish, %d violet; unpainted: %d, %d",
		l.Zoom, area, counts["painted"][0], counts["painted"][1], counts["unpainted"][0], counts["unpainted"][1])
	for i, what := range []string{"a pacemaker's averaged colour", "the hole's averaged violet"} {
		if p := float64(counts["painted"][i]); p < 0.7*area {
			t.Errorf("painted: %.0f pixels of %s, want 70%% of the disc's %.0f or more", p, what, area)
		}
		if u := float64(counts["unpainted"][i]); u > 0.05*area {
			t.Errorf("unpainted: %.0f pixels of %s, want next to none", u, what)
		}
	}
}

// TestWindowPaintBrushFollowsThePointer drives the window through the X
// server as a person would (xdotool): with the pacemaker brush, radius 5
// (X three times from 2), a click paints a disc; with the silence brush
// another click a hole; then the pointer rests by the grid's left edge.
// The last frame (-screenshot) outlines the brush there, white along
// every side of the disc's cells, including the part that wraps round to
// the right edge, and not where the pointer was before; the painted cells
// show as paint. The -record GIF, whose frames are one pixel a cell,
// shows no paint before the clicks and both discs after.
func TestWindowPaintBrushFollowsThePointer(t *testing.T) {
	needDisplay(t)
	needTool(t, "xdotool", "xdotool")
	dir := t.TempDir()
	debug, shot, anim := filepath.Join(dir, "overlay.jsonl"), filepath.Join(dir, "last.png"), filepath.Join(dir, "a.gif")
	const gw, gh = 64, 48
	c := start(t, withEnv("FIREFLIES_DEBUG_OVERLAY="+debug), windowBin.get(t), "-grid", fmt.Sprintf("%dx%d", gw, gh), "-seed", "5",
		"-screenshot", shot, "-record", anim, "-record-every", "250ms")
	settle := func() {
		t.Helper()
		n := lastFrame(debug).Frame
		c.waitUntil(t, fmt.Sprintf("frame %d", n+2), func() bool { return lastFrame(debug).Frame >= n+2 })
	}
	c.waitUntil(t, "the first frames and a GIF frame", func() bool { l := lastFrame(debug); return l.Frame >= 10 && l.Tick > 20 })
	id := windowID(t)
	xdotool(t, "windowfocus", id)
	tap := func(key string) {
		t.Helper()
		xdotool(t, "keydown", key)
		settle()
		xdotool(t, "keyup", key)
		settle()
	}
	grid := lastFrame(debug).Layout.Grid
	// over moves the pointer to the centre of cell (x, y) and waits until
	// the overlay's hover names that cell.
	over := func(x, y int) {
		t.Helper()
		sx, sy := cellCentre(grid, gw, gh, float64(x), float64(y))
		xdotool(t, "mousemove", "--window", id, fmt.Sprint(sx), fmt.Sprint(sy))
		want := fmt.Sprintf("cell %d,%d ", x, y)
		c.waitUntil(t, "the pointer over "+want, func() bool { return strings.Contains(lastFrame(debug).Text, want) })
	}
	for range 3 {
		tap("x") // radius 3, 4, 5
	}
	// click presses the left button for two frames, so that a slow frame
	// cannot miss it.
	click := func() {
		t.Helper()
		xdotool(t, "mousedown", "1")
		settle()
		xdotool(t, "mouseup", "1")
		settle()
	}
	tap("b") // scramble
	tap("b") // pacemaker
	over(20, 30)
	click()
	tap("b") // silence
	over(45, 20)
	click()
	over(1, 24) // near the left edge: the disc wraps round to columns 60..63
	painted := lastFrame(debug).Tick
	c.waitUntil(t, "GIF frames after the paint", func() bool { return lastFrame(debug).Tick > painted+30 })
	settle()
	xdotool(t, "key", "q")
	if code := c.wait(t, runLimit); code != 0 {
		t.Fatalf("exit status %d\n%s", code, c.stderr.String())
	}

	img := readPNG(t, shot)
	l := lastFrame(debug)
	if l.Layout.Grid != grid {
		t.Fatalf("the grid moved from %v to %v", grid, l.Layout.Grid)
	}
	checkOutline(t, "the window", img, grid, gw, gh, [2]int{1, 24}, [][2]int{{20, 30}, {45, 20}})
	for _, d := range []disc{{"pacemaker", 20, 30, 5}, {"silence", 45, 20, 5}} {
		if bad := d.unpainted(img, grid, gw, gh); bad > 0 {
			t.Errorf("the last frame: %d cells of the %s disc at (%d,%d) are not drawn as paint", bad, d.brush, d.x, d.y)
		}
	}

	f, err := os.Open(anim)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := gif.DecodeAll(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) < 2 {
		t.Fatalf("the GIF has %d frames, want some before and after the paint", len(g.Image))
	}
	rgb := func(fr *image.Paletted, x, y int) [3]uint8 {
		c := color.RGBAModel.Convert(fr.At(x, y)).(color.RGBA)
		return [3]uint8{c.R, c.G, c.B}
	}
	first, last := g.Image[0], g.Image[len(g.Image)-1]
	b := last.Bounds() // -record-size enlarges a small grid: whole pixels a cell
	if b.Dx()%gw != 0 || b.Dy()%gh != 0 || b.Dx()/gw != b.Dy()/gh {
		t.Fatalf("GIF frames are %v, want whole pixels a cell of the %dx%d grid", b, gw, gh)
	}
	for y := range b.Dy() {
		for x := range b.Dx() {
			if c := rgb(first, x, y); fromRamp(c, frame.Palette) > 2 {
				t.Fatalf("the GIF's first frame, before any paint, has %v at (%d,%d): not an unpainted colour", c, x, y)
			}
		}
	}
	for _, d := range []disc{{"pacemaker", 20, 30, 5}, {"silence", 45, 20, 5}} {
		if bad := d.unpainted(last, [4]int{0, 0, b.Dx(), b.Dy()}, gw, gh); bad > 0 {
			t.Errorf("the GIF's last frame: %d cells of the %s disc at (%d,%d) are not drawn as paint", bad, d.brush, d.x, d.y)
		}
	}
}

// unpainted counts the cells of d, on a gw×gh grid drawn at rect in img,
// that are not drawn as its paint: at the cell's centre, a pacemaker's
// colour, or the hatch's stripe at that cell.
func (d disc) unpainted(img image.Image, rect [4]int, gw, gh int) int {
	bad := 0
	for _, i := range systems.Disc(nil, gw, gh, d.x, d.y, d.r) {
		x, y := int(i)%gw, int(i)/gw
		sx, sy := cellCentre(rect, gw, gh, float64(x), float64(y))
		c := rgbAt(img, sx, sy)
		if d.brush == "pacemaker" && !isPacemaker(c) || d.brush == "silence" && distance(c, frame.HatchColour(x, y)) > 3 {
			bad++
		}
	}
	return bad
}

// checkOutline checks the brush's outline (radius 5) in img, whose gw×gh
// grid lies at rect: drawn white along the middle of nine in ten or more
// of the sides of the brush's disc at the pointer, on the torus, and of
// nine in ten of those across an edge; along next to none at cells the
// pointer was over before.
func checkOutline(t *testing.T, where string, img image.Image, rect [4]int, gw, gh int, at [2]int, before [][2]int) {
	t.Helper()
	white := func(c [3]uint8) bool { return c[0] >= 230 && c[1] >= 230 && c[2] >= 230 }
	// outlined counts the sides of the disc at (x, y) and those drawn, and
	// the same of the cells across an edge of the grid from (x, y).
	outlined := func(x, y int) (sides, lit, across, acrossLit int) {
		in := map[[2]int]bool{}
		for _, i := range systems.Disc(nil, gw, gh, x, y, 5) {
			in[[2]int{int(i) % gw, int(i) / gw}] = true
		}
		for cell := range in {
			for _, s := range [][4]float64{{0, -0.5, 0, -1}, {0, 0.5, 0, 1}, {-0.5, 0, -1, 0}, {0.5, 0, 1, 0}} {
				nx, ny := (cell[0]+int(s[2])+gw)%gw, (cell[1]+int(s[3])+gh)%gh
				if in[[2]int{nx, ny}] {
					continue
				}
				sx, sy := cellCentre(rect, gw, gh, float64(cell[0])+s[0], float64(cell[1])+s[1])
				drawn := white(rgbAt(img, sx, sy))
				sides++
				if drawn {
					lit++
				}
				if cell[0]-x > 5 || x-cell[0] > 5 || cell[1]-y > 5 || y-cell[1] > 5 {
					across++
					if drawn {
						acrossLit++
					}
				}
			}
		}
		return sides, lit, across, acrossLit
	}
	sides, lit, across, acrossLit := outlined(at[0], at[1])
	t.Logf("%s, at the pointer: %d of %d sides outlined, %d of %d across the edge", where, lit, sides, acrossLit, across)
	if lit < sides*9/10 || across == 0 || acrossLit < across*9/10 {
		t.Errorf("%s, at the pointer, cell %v: %d of %d sides outlined, %d of %d across the edge; want nine in ten or more of each",
			where, at, lit, sides, acrossLit, across)
	}
	for _, at := range before {
		if sides, lit, _, _ := outlined(at[0], at[1]); lit > sides/10 {
			t.Errorf("%s, where the pointer was, cell %v: %d of %d sides outlined, want none", where, at, lit, sides)
		}
	}
}
