package config_test

import (
	"io"
	"strings"
	"testing"

	"github.com/firefly-observatory/fireflies/config"
)

// TestCarolinusFlags: the burst model's flags, and its bad input refused
// in one line that names the flag, or the file and its line.
func TestCarolinusFlags(t *testing.T) {
	cfg, err := config.Parse([]string{"-seed=1", "-model=carolinus", "-grid=10x10", "-group=5", "-beta=0.4", "-quiet-from=../assets/carolinus/quiet.csv"}, config.Headless, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if m := cfg.Model; !m.Carolinus() || m.Beta != 0.4 || m.Group != "5" || m.Glow != config.CarolinusGlow || !strings.Contains(m.Quiet, "1403.40") {
		t.Errorf("got model %s, beta %v, group %s, glow %v, %d bytes of quiet times", m.Kind, m.Beta, m.Group, m.Glow, len(m.Quiet))
	}
	if cfg, _ := config.Parse([]string{"-seed=1", "-model=carolinus", "-glow=0.5"}, config.Headless, io.Discard); cfg.Model.Glow != 0.5 {
		t.Errorf("-glow 0.5 with carolinus: got %v", cfg.Model.Glow)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-beta=-0.1"}, "-beta: got -0.1, want a number from 0 to 10"},
		{[]string{"-group=0"}, "-group: got 0, want a number of fireflies from 1"},
		{[]string{"-group=7"}, "-group: got 7, want a number of fireflies that divides the grid's 2500 (50x50) into tents"},
		{[]string{"-burst-refractory=-1s"}, "-burst-refractory: got -1s"},
		{[]string{"-quiet-from=testdata/quiet-empty.csv"}, "-quiet-from: testdata/quiet-empty.csv: no intervals"},
		{[]string{"-quiet-from=testdata/quiet-bad.csv"}, `-quiet-from: testdata/quiet-bad.csv: line 3: got "fast", want an interval in seconds`},
		{[]string{"-quiet-from=testdata/no-such-file"}, "-quiet-from: testdata/no-such-file: "},
		{[]string{"-preset=original"}, "-preset: one of the original's rules, which go with -model pulse only"},
	} {
		_, err := config.Parse(append([]string{"-seed=1", "-model=carolinus"}, c.args...), config.Headless, io.Discard)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: got %v, want one line starting %q", c.args, err, c.want)
		}
	}
}
