package config_test

import (
	"io"
	"testing"

	"github.com/firefly-observatory/fireflies/config"
)

// TestMeasuresOnlyWhenAsked: the groups, the locked fraction and the time
// to full synchrony are measured (a pass over each tick's flashes, 12 bytes
// a firefly) only in the runs that ask for them: not for -json, -series
// or -realtime alone, whose tick stays as it was; for -measures, and in
// the window, whose overlay shows them.
func TestMeasuresOnlyWhenAsked(t *testing.T) {
	for _, tc := range []struct {
		b    config.Build
		args []string
		want bool
	}{
		{config.Headless, nil, false},
		{config.Headless, []string{"-json", "-realtime", "-series", "s.csv"}, false},
		{config.Headless, []string{"-measures"}, true},
		{config.Window, nil, true},
	} {
		c, err := config.Parse(tc.args, tc.b, io.Discard)
		if err != nil {
			t.Fatalf("%v: %v", tc.args, err)
		}
		if got := c.Options().Measures; got != tc.want {
			t.Errorf("%v: measures %v, want %v", tc.args, got, tc.want)
		}
	}
}
