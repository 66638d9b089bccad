package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestWindowThroughput is make window-perf: the window under Xvfb (Mesa's
// software OpenGL unless a GPU's driver is set up) on a screen of each of
// FIREFLIES_WINDOW_SCREENS for each of FIREFLIES_WINDOW_GRIDS, 20
// simulated seconds each, one table row from each run's -json summary:
// TPS and FPS over the run and the medians of a frame's parts. It
// measures; it asserts nothing about speed.
func TestWindowThroughput(t *testing.T) {
	grids := strings.FieldsFunc(os.Getenv("FIREFLIES_WINDOW_GRIDS"), func(r rune) bool { return r == ',' || r == ' ' })
	if len(grids) == 0 {
		t.Skip("set FIREFLIES_WINDOW_GRIDS, such as 1024,2048")
	}
	screens := strings.FieldsFunc(os.Getenv("FIREFLIES_WINDOW_SCREENS"), func(r rune) bool { return r == ',' || r == ' ' })
	if len(screens) == 0 {
		screens = []string{"1280x800"}
	}
	if _, err := exec.LookPath("xvfb-run"); err != nil {
		t.Skip("no xvfb-run")
	}
	bin := windowBin.get(t)
	fmt.Println("| screen | grid | TPS | FPS | draw ms | grid | overlay | panel | frame | present |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|")
	for _, screen := range screens {
		for _, n := range grids {
			cmd := exec.Command("xvfb-run", "-a", "-s", "-screen 0 "+screen+"x24 -noreset",
				bin, "-grid", n, "-seed", "1", "-duration", "20s", "-json")
			cmd.Env = environment("DISPLAY")
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("%s, grid %s: %v\n%s", screen, n, err, out)
			}
			s := summary(t, string(out))
			f := func(k string) float64 { v, _ := s[k].(float64); return v }
			fmt.Printf("| %s | %s² | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |\n", screen, n,
				f("ticks_per_second"), f("fps"), f("draw_ms_p50"), f("draw_grid_ms_p50"), f("draw_overlay_ms_p50"),
				f("draw_panel_ms_p50"), f("frame_ms_p50"), f("present_ms_p50"))
		}
	}
}
