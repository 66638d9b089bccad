package config_test

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/config"
)

func TestParseRejectsBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string // what the one-line error must contain
	}{
		{[]string{"-grid", "0"}, "-grid: got 0x0, want WxH or N"},
		{[]string{"-grid", "-5x10"}, "-grid"},
		{[]string{"-grid", "abc"}, "-grid: got abc, want WxH or N"},
		{[]string{"-grid", "100000x100000"}, "-grid"},
		{[]string{"-period", "0s"}, "-period: got 0s, want a duration > 0"},
		{[]string{"-period", "fast"}, "-period: got fast, want a duration"},
		{[]string{"-nudge", "-1ms"}, "-nudge"},
		{[]string{"-jitter", "-1ms"}, "-jitter"},
		{[]string{"-jitter", "5s"}, "-jitter: got 5s"},
		{[]string{"-refractory", "-1s"}, "-refractory"},
		{[]string{"-refractory", "6s"}, "-refractory: got 6s"},
		{[]string{"-glow", "0"}, "-glow"},
		{[]string{"-glow", "1.5"}, "-glow"},
		{[]string{"-glow", "NaN"}, "-glow: got NaN"},
		{[]string{"-workers", "0"}, "-workers"},
		{[]string{"-duration", "-3s"}, "-duration"},
		{[]string{"-seed", "-1"}, "-seed"},
		{[]string{"-no-such-flag"}, "unknown flag -no-such-flag; run with -help"},
		{[]string{"-period"}, "-period needs a value: a duration"},
		{[]string{"stray"}, "unexpected argument stray"},
		{[]string{"-mode", "fast"}, "-mode: got fast, want sim or render"},
		{[]string{"-draw", "vector"}, "-draw"},
		{[]string{"-sources", "0"}, "-sources"},
		{[]string{"-rate", "0"}, "-rate"},
		{[]string{"-metrics-interval", "0s"}, "-metrics-interval"},
		{[]string{"-json=maybe"}, "-json: got maybe, want true or false"},
		{[]string{"-duration", "100000h"}, "-duration"},
		{[]string{"-period", "100000h"}, "-period"},
		{[]string{"-grid", "3x20000"}, "-grid"},
		{[]string{"-workers", "1000000"}, "-workers"},
		{[]string{"-sources", "2000000000"}, "-sources"},
		{[]string{"-sources", "1000000", "-rate", "1000"}, "-rate"},
		// A relation broken by the flag the user set blames that flag.
		{[]string{"-period", "90ms"}, "-period: got 90ms, want more than -jitter"},
		{[]string{"-period", "90ms", "-jitter", "95ms"}, "-jitter: got 95ms"},
		// Syntax errors name what was written, on one line.
		{[]string{"---grid=3"}, "bad flag syntax ---grid=3"},
		{[]string{"-a\nb"}, `unknown flag -"a\nb"`},
		{[]string{"-\x1b[31mred"}, `unknown flag -"\x1b[31mred"`},
		{[]string{"-help=maybe"}, "-help: got maybe"},
		{[]string{"-record", "a.png"}, "-record: got \"a.png\", want a path to a .gif file"},
		{[]string{"-record-every", "1ms"}, "-record-every: got 1ms"},
		{[]string{"-record-size", "8x8"}, "-record-size: got 8x8"},
		{[]string{"-record", "a.gif", "-metrics", "a.gif"}, "-record: got a.gif, the file -metrics writes too"},
		{[]string{"-grid", "50x4", "-workers", "5"}, "-workers: got 5, want at most the grid's 4 rows"},
		{[]string{"-metrics", "out", "-trace", "./out"}, "-trace: got ./out, the file -metrics writes too"},
		{[]string{"-cpuprofile", "p", "-memprofile", "p"}, "-memprofile: got p, the file -cpuprofile writes too"},
		{[]string{"-series", "s.csv", "-avalanches", "s.csv"}, "-avalanches: got s.csv, the file -series writes too"},
		{[]string{"-series-every", "0s"}, "-series-every: got 0s, want a duration of at least one tick"},
		{[]string{"-series-every", "5ms"}, "-series-every: got 5ms"},
		{[]string{"-series", ""}, "-series: got \"\", want a path"},
		{[]string{"-until-sync=often"}, "-until-sync: got often, want true, false, r:X or locked:F with X and F in (0, 1], or full"},
		{[]string{"-until-sync=r:1.5"}, "-until-sync: got r:1.5, want true"},
		{[]string{"-until-sync=locked:0"}, "-until-sync: got locked:0, want true"},
		{[]string{"-until-sync=full:1"}, "-until-sync: got full:1, want true"},
		{[]string{"-mode", "render", "-until-sync"}, "-until-sync: not in render mode"},
		{[]string{"-mode", "render", "-series", "s.csv"}, "-series: not in render mode"},
		{[]string{"-mode", "render", "-avalanches", "a.csv"}, "-avalanches: not in render mode"},
	} {
		_, err := config.Parse(tc.args, config.Headless, io.Discard)
		if err == nil {
			t.Errorf("%q: got no error, want one with %q", tc.args, tc.want)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, tc.want) || strings.ContainsAny(msg, "\n\x1b") {
			t.Errorf("%q: got %q, want one line with %q", tc.args, msg, tc.want)
		}
	}
}

// TestBuildsRefuseWhatTheyCannotDo: a flag a build cannot honour is
// refused by name, never ignored.
func TestBuildsRefuseWhatTheyCannotDo(t *testing.T) {
	for _, tc := range []struct {
		build config.Build
		args  []string
		want  string
	}{
		{config.Headless, []string{"-draw", "rgba"}, "-draw: not in the headless build (it works in the window and browser builds)"},
		{config.Browser, []string{"-screenshot=a.png"}, "-screenshot: not in the browser build (it works in the window and headless builds)"},
		{config.Browser, []string{"-record=a.gif"}, "-record: not in the browser build"},
		{config.Window, []string{"-realtime"}, "-realtime: not in the window build"},
		{config.Browser, []string{"-workers=2"}, "-workers: not in the browser build"},
		{config.Browser, []string{"-metrics=m.jsonl"}, "-metrics: not in the browser build"},
		{config.Browser, []string{"-cpuprofile=c"}, "-cpuprofile: not in the browser build"},
		{config.Browser, []string{"-bogus=1"}, "unknown flag -bogus; see ?help"},
		{config.Window, []string{"-until-sync"}, "-until-sync: not in the window build (it works in the headless build)"},
		{config.Browser, []string{"-series=s.csv"}, "-series: not in the browser build"},
		{config.Browser, []string{"-avalanches=a.csv"}, "-avalanches: not in the browser build"},
		// The headless build has no camera to record the view of.
		{config.Headless, []string{"-record-view=camera"}, "-record-view: not in the headless build (it works in the window and browser builds)"},
		{config.Window, []string{"-record-view=zoomed"}, "-record-view: got zoomed, want grid or camera"},
	} {
		_, err := config.Parse(tc.args, tc.build, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v build, %q: got %v, want %q", tc.build, tc.args, err, tc.want)
		}
	}
}

func TestHelpListsTheBuildsFlags(t *testing.T) {
	for _, tc := range []struct {
		build    config.Build
		has, not []string
	}{
		{config.Headless, []string{"-grid WxH", "-realtime", "-metrics file.jsonl", "(default 30s)", "-screenshot file.png", "-record file.gif", "-record-size WxH",
			"-preset default|original", "-deaf-flashes drop|queue", "-refractory-clock time|phase", "-r-from phases|flashes",
			"-neighbours moore|vonneumann|radius:R", "-topology lattice|smallworld:P|random:K|all"}, []string{"-draw", " path\n"}},
		{config.Window, []string{"-draw shader|rgba", "-screenshot file.png", "-workers n"}, []string{"-realtime"}},
		{config.Browser, []string{"?grid=256x256", "grid=WxH", "draw=shader|rgba", "json=true", "preset=default|original"},
			[]string{"workers", "metrics", "cpuprofile", "screenshot", "realtime", "(default default)"}},
	} {
		var out strings.Builder
		c, err := config.Parse([]string{"-help"}, tc.build, &out)
		if err != nil || !c.Help {
			t.Fatalf("%v: -help gave %v, help %v", tc.build, err, c.Help)
		}
		for _, s := range tc.has {
			if !strings.Contains(out.String(), s) {
				t.Errorf("%v build's help lacks %q:\n%s", tc.build, s, out.String())
			}
		}
		for _, s := range tc.not {
			if strings.Contains(out.String(), s) {
				t.Errorf("%v build's help lists %q, which it cannot do:\n%s", tc.build, s, out.String())
			}
		}
	}
	var out strings.Builder
	if c, err := config.Parse([]string{"-help=false", "-grid", "9"}, config.Headless, &out); err != nil || c.Help || out.Len() > 0 {
		t.Errorf("-help=false: got help %v, %v, output %q; want a run", c.Help, err, out.String())
	}
}

// TestPresetOriginal: -preset original turns on the original's four rules;
// a later flag overrides it, an earlier one does not.
func TestPresetOriginal(t *testing.T) {
	for _, tc := range []struct {
		args                          []string
		queue, phase, startDeaf, rFla bool
	}{
		{[]string{"-preset", "original"}, true, true, true, true},
		{[]string{"-preset", "original", "-deaf-flashes", "drop"}, false, true, true, true},
		{[]string{"-deaf-flashes", "drop", "-preset", "original"}, true, true, true, true},
		{[]string{"-refractory-clock", "phase", "-r-from", "flashes", "-start-deaf"}, false, true, true, true},
		{[]string{"-preset", "original", "-preset", "default"}, false, false, false, false},
	} {
		c, err := config.Parse(tc.args, config.Browser, io.Discard)
		m := c.Model
		if err != nil || m.QueueDeafFlashes != tc.queue || m.PhaseClock != tc.phase || m.StartDeaf != tc.startDeaf || m.RFromFlashes != tc.rFla {
			t.Errorf("%q: got queue %v, phase clock %v, start deaf %v, R from flashes %v (%v)",
				tc.args, m.QueueDeafFlashes, m.PhaseClock, m.StartDeaf, m.RFromFlashes, err)
		}
	}
	for _, args := range [][]string{{"-preset", "python"}, {"-deaf-flashes", "keep"}, {"-refractory-clock", "wall"}, {"-r-from", "both"}, {"-start-deaf=2"}} {
		_, err := config.Parse(args, config.Headless, io.Discard)
		name, _, _ := strings.Cut(args[0], "=")
		if err == nil || !strings.Contains(err.Error(), name+":") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q: got %v, want one line naming %s", args, err, name)
		}
	}
}

func TestParseDefaults(t *testing.T) {
	cfg, err := config.Parse([]string{"-grid", "64x32", "-period", "4s", "-seed", "9"}, config.Headless, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	m := cfg.Model
	if m.Width != 64 || m.Height != 32 || m.Seed != 9 {
		t.Errorf("got grid %dx%d seed %d, want 64x32 seed 9", m.Width, m.Height, m.Seed)
	}
	if got, want := m.Refractory, 800*time.Millisecond; got != want {
		t.Errorf("got refractory %v, want %v (20%% of the period)", got, want)
	}
	if got, want := m.Nudge, 200*time.Millisecond; got != want {
		t.Errorf("got nudge %v, want %v", got, want)
	}
	if cfg.Workers < 1 {
		t.Errorf("got %d workers, want at least 1", cfg.Workers)
	}
	if got, want := cfg.Duration, 30*time.Second; got != want {
		t.Errorf("headless duration: got %v, want %v", got, want)
	}
	w, err := config.Parse([]string{"--grid=128", "-json", "-draw=rgba"}, config.Window, io.Discard)
	if err != nil || w.Model.Width != 128 || w.Model.Height != 128 || !w.JSON || w.Draw != "rgba" || w.Duration != 0 {
		t.Errorf("window --grid=128 -json -draw=rgba: got %dx%d json %v draw %s duration %v, %v",
			w.Model.Width, w.Model.Height, w.JSON, w.Draw, w.Duration, err)
	}
	if w.RecordView != "grid" {
		t.Errorf("window -record-view: got %q by default, want grid", w.RecordView)
	}
	for _, b := range []config.Build{config.Window, config.Browser} {
		if c, err := config.Parse([]string{"-record-view=camera"}, b, io.Discard); err != nil || c.RecordView != "camera" {
			t.Errorf("%v build, -record-view=camera: got %q, %v", b, c.RecordView, err)
		}
	}
	if o := w.Options(); o.Load != nil || !o.Paced {
		t.Errorf("window: got a render load %+v, paced %v; want none, paced", o.Load, o.Paced)
	}
	for _, args := range [][]string{{}, {"-realtime"}} {
		h, err := config.Parse(args, config.Headless, io.Discard)
		if o := h.Options(); err != nil || o.Paced != (len(args) > 0) {
			t.Errorf("headless %v: paced %v, %v", args, o.Paced, err)
		}
	}
	r, err := config.Parse([]string{"-mode", "render", "-sources", "10", "-rate", "3"}, config.Headless, io.Discard)
	if o := r.Options(); err != nil || o.Load == nil || o.Load.Sources != 10 || o.Load.Rate != 3 {
		t.Errorf("render mode: got %+v, %v", o.Load, err)
	}
}
