package config_test

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/config"
)

// TestVariantFlagsRejectBadCombinations checks the variants' flags, alone
// and together: one line naming the flag at fault and what it allows.
func TestVariantFlagsRejectBadCombinations(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-response", "delay"}, "-response: got delay, want advance, fire, reset or proportional"},
		{[]string{"-threshold", "0"}, "-threshold: got 0, want an integer from 1"},
		{[]string{"-threshold", "65"}, "-threshold: got 65"},
		{[]string{"-threshold", "5", "-neighbours", "vonneumann"}, "-threshold: got 5, want at most the 4 neighbours"},
		{[]string{"-threshold", "9"}, "-threshold: got 9, want at most the 8 neighbours"},
		{[]string{"-threshold", "7", "-topology", "random:6"}, "-threshold: got 7, want at most the 6 neighbours"},
		{[]string{"-period-spread", "5s"}, "-period-spread: got 5s, want a duration >= 0 and < the period"},
		{[]string{"-period-spread", "-1s"}, "-period-spread: got -1s"},
		{[]string{"-period", "1s", "-period-spread", "1s"}, "-period-spread: got 1s"},
		{[]string{"-noise", "-1ms"}, "-noise: got -1ms"},
		{[]string{"-noise", "6s"}, "-noise: got 6s"},
		{[]string{"-neighbours", "hex"}, "-neighbours: got hex, want moore, vonneumann or radius:R"},
		{[]string{"-neighbours", "radius:0"}, "-neighbours: got radius:0"},
		{[]string{"-neighbours", "radius:17"}, "-neighbours: got radius:17"},
		{[]string{"-grid", "10", "-neighbours", "radius:5"}, "-neighbours: got radius:5 (radius 5 needs a grid of at least 11x11)"},
		{[]string{"-edges", "sphere"}, "-edges: got sphere, want torus or free"},
		{[]string{"-topology", "smallworld:2"}, "-topology: got smallworld:2, want lattice, smallworld:P"},
		{[]string{"-topology", "smallworld:x"}, "-topology: got smallworld:x"},
		{[]string{"-topology", "random:0"}, "-topology: got random:0"},
		{[]string{"-topology", "ring"}, "-topology: got ring"},
		{[]string{"-grid", "5", "-topology", "random:3"}, "-topology: got random:3 (25 fireflies × degree 3 is odd"},
		{[]string{"-grid", "5x13", "-topology", "random:64"}, "-topology: got random:64 (degree 64 needs at least 128 fireflies)"},
		{[]string{"-grid", "2048", "-topology", "smallworld:0.1"}, "-topology: got smallworld:0.1 (4194304 fireflies × 8 neighbours is more than 8388608"},
		{[]string{"-topology", "all", "-neighbours", "radius:2"}, "-topology: got all, which has no grid neighbourhood"},
		{[]string{"-topology", "random:4", "-edges", "free"}, "-topology: got random:4, which has no grid neighbourhood"},
		{[]string{"-deaf-flashes", "queue", "-noise", "5ms"}, "-deaf-flashes: got queue, one of the original's rules, which go with the default model only"},
		{[]string{"-refractory-clock", "phase", "-response", "fire"}, "-refractory-clock: got phase, one of the original's rules"},
		{[]string{"-preset", "original", "-edges", "free"}, "-preset: got original, one of the original's rules"},
	} {
		_, err := config.Parse(tc.args, config.Headless, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: got %v, want one line containing %q", tc.args, err, tc.want)
		}
		if _, ok := err.(interface{ ExitCode() int }); err != nil && ok && err.(interface{ ExitCode() int }).ExitCode() != 2 {
			t.Errorf("%v: exit status %d, want 2", tc.args, err.(interface{ ExitCode() int }).ExitCode())
		}
	}
}

// TestVariantFlagsSetTheModel checks every variant flag reaches the model,
// from the command line and from a page's URL.
func TestVariantFlagsSetTheModel(t *testing.T) {
	args := []string{"-response", "proportional", "-threshold", "2", "-period-spread", "300ms", "-noise", "20ms",
		"-neighbours", "radius:3", "-edges", "free", "-topology", "smallworld:0.25"}
	q, err := config.QueryArgs("?response=proportional&threshold=2&period-spread=300ms&noise=20ms&neighbours=radius:3&edges=free&topology=smallworld:0.25")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		b    config.Build
		args []string
	}{{config.Headless, args}, {config.Window, args}, {config.Browser, q}} {
		c, err := config.Parse(tc.args, tc.b, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		m := c.Model
		if m.Response != "proportional" || m.Threshold != 2 || m.PeriodSpread != 300*time.Millisecond || m.Noise != 20*time.Millisecond ||
			m.Neighbours != "radius:3" || m.Edges != "free" || m.Topology != "smallworld:0.25" || !m.Variant() {
			t.Errorf("build %v: model %+v", tc.b, m)
		}
	}
	c, err := config.Parse(nil, config.Headless, io.Discard)
	if err != nil || c.Model.Variant() {
		t.Errorf("no flags: the default model is a variant (%v)", err)
	}
}
