package main

import (
	"io"
	"strings"
	"testing"
	"time"
)

func TestParseConfigRejectsBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		flag string // the flag the one-line error must name
	}{
		{[]string{"-grid", "0"}, "-grid"},
		{[]string{"-grid", "-5x10"}, "-grid"},
		{[]string{"-grid", "abc"}, "-grid"},
		{[]string{"-grid", "100000x100000"}, "-grid"},
		{[]string{"-period", "0s"}, "-period"},
		{[]string{"-period", "fast"}, "-period"},
		{[]string{"-nudge", "-1ms"}, "-nudge"},
		{[]string{"-jitter", "-1ms"}, "-jitter"},
		{[]string{"-jitter", "5s"}, "-jitter"},
		{[]string{"-refractory", "-1s"}, "-refractory"},
		{[]string{"-refractory", "6s"}, "-refractory"},
		{[]string{"-glow", "0"}, "-glow"},
		{[]string{"-glow", "1.5"}, "-glow"},
		{[]string{"-glow", "NaN"}, "-glow"},
		{[]string{"-workers", "0"}, "-workers"},
		{[]string{"-duration", "-3s"}, "-duration"},
		{[]string{"-seed", "-1"}, "-seed"},
		{[]string{"-no-such-flag"}, "-no-such-flag"},
		{[]string{"-period"}, "-period"},
		{[]string{"stray"}, "stray"},
		{[]string{"-mode", "fast"}, "-mode"},
		{[]string{"-draw", "vector"}, "-draw"},
		{[]string{"-sources", "0"}, "-sources"},
		{[]string{"-rate", "0"}, "-rate"},
		{[]string{"-metrics-interval", "0s"}, "-metrics-interval"},
		{[]string{"-json=maybe"}, "-json"},
		{[]string{"-duration", "100000h"}, "-duration"},
		{[]string{"-period", "100000h"}, "-period"},
		{[]string{"-grid", "3x20000"}, "-grid"},
		{[]string{"-workers", "1000000"}, "-workers"},
		{[]string{"-sources", "2000000000"}, "-sources"},
		{[]string{"-sources", "1000000", "-rate", "1000"}, "-rate"},
	} {
		_, err := parseConfig(tc.args, io.Discard)
		if err == nil {
			t.Errorf("%v: got no error, want one naming %s", tc.args, tc.flag)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, tc.flag) || strings.Contains(msg, "\n") {
			t.Errorf("%v: got %q, want one line naming %s", tc.args, msg, tc.flag)
		}
	}
}

func TestParseConfigSaysWhatIsAllowed(t *testing.T) {
	for _, args := range [][]string{{"-json=maybe"}, {"-period", "fast"}, {"-glow", "2"}, {"-period"}} {
		_, err := parseConfig(args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), allowed[strings.TrimLeft(strings.Split(args[0], "=")[0], "-")]) {
			t.Errorf("%v: got %v, want the flag's allowed values", args, err)
		}
	}
}

func TestParseConfigDefaults(t *testing.T) {
	cfg, err := parseConfig([]string{"-grid", "64x32", "-period", "4s", "-seed", "9"}, io.Discard)
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
	n, err := parseConfig([]string{"-grid", "128"}, io.Discard)
	if err != nil || n.Model.Width != 128 || n.Model.Height != 128 {
		t.Errorf("-grid 128: got %dx%d, %v; want 128x128", n.Model.Width, n.Model.Height, err)
	}
}
