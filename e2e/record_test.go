package e2e

import (
	"image/gif"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func decodeGIF(t *testing.T, path string) *gif.GIF {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := gif.DecodeAll(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return g
}

// TestRecordSizeAndSpeed: -record-size enlarges a small grid (160x100
// into 640x400, 4 pixels a cell) and -record-fps plays the frames faster
// than real time (500 ms of simulated time a frame, 14 a second: 7 ×).
func TestRecordSizeAndSpeed(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "r.gif")
	stdout, stderr, code := run(t, headlessBin.get(t), "-grid", "160x100", "-seed", "7", "-nudge", "300ms",
		"-duration", "10s", "-record", out, "-record-every", "500ms", "-record-size", "640x400", "-record-fps", "14")
	if code != 0 {
		t.Fatalf("exit status %d\n%s%s", code, stdout, stderr)
	}
	g := decodeGIF(t, out)
	if g.Config.Width != 640 || g.Config.Height != 400 {
		t.Errorf("got a %dx%d GIF, want 640x400", g.Config.Width, g.Config.Height)
	}
	if len(g.Image) != 20 {
		t.Errorf("got %d frames, want 20 (10 s, one each 500 ms)", len(g.Image))
	}
	if g.Delay[0] != 7 { // hundredths of a second: 1/14 s
		t.Errorf("a frame lasts %d hundredths, want 7 (14 a second)", g.Delay[0])
	}
}

// TestReplayRecordsAndScreenshotsItsGrid: -replay with -screenshot and
// -record draws the journal's grid (80x50), not the default 50x50.
func TestReplayRecordsAndScreenshotsItsGrid(t *testing.T) {
	dir := t.TempDir()
	journal := filepath.Join(dir, "j.jsonl")
	if _, stderr, code := run(t, headlessBin.get(t), "-grid", "80x50", "-seed", "4", "-duration", "3s", "-journal", journal); code != 0 {
		t.Fatalf("the journal's run: exit status %d\n%s", code, stderr)
	}
	shot, movie := filepath.Join(dir, "r.png"), filepath.Join(dir, "r.gif")
	if _, stderr, code := run(t, headlessBin.get(t), "-replay", journal, "-screenshot", shot, "-record", movie, "-record-size", "160x100"); code != 0 {
		t.Fatalf("-replay -screenshot -record: exit status %d\n%s", code, stderr)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 80 || b.Dy() != 50 {
		t.Errorf("-replay -screenshot: %dx%d, want the journal's 80x50", b.Dx(), b.Dy())
	}
	if g := decodeGIF(t, movie); g.Config.Width != 160 || g.Config.Height != 100 || len(g.Image) < 2 {
		t.Errorf("-replay -record: %d frames of %dx%d, want 160x100 (80x50 at 2 a cell)", len(g.Image), g.Config.Width, g.Config.Height)
	}
}
