package config_test

import (
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/firefly-observatory/fireflies/config"
)

// FuzzSweepValues feeds arbitrary value lists to the flags a sweep takes
// lists of: the parse never panics; an error is one plain line naming the
// flag; a list it accepts is at most [config.MaxRuns] values, each once,
// in their canonical form (the list of them parses to itself), and a
// range a..b of seeds is its b-a+1 seeds.
func FuzzSweepValues(f *testing.F) {
	for _, seed := range []struct{ flag, list string }{
		{"seed", "1..3,7"}, {"seed", "18446744073709551615..18446744073709551615"}, {"seed", "3..1"},
		{"seed", "0..18446744073709551615"}, {"seed", "1..2,3..1000002"}, {"seed", "1,1"}, {"seed", "..,"},
		{"nudge", "100ms:400ms:4"}, {"nudge", "0:1s:1000001"}, {"nudge", "1s, 1000ms"}, {"nudge", "-1s:1s:3"},
		{"glow", "0.1:1:10"}, {"glow", "1e-300:2e-300:5"}, {"glow", "NaN"}, {"period", "1s:1h:3"},
		{"grid", "3,4x5,5x4"}, {"neighbours", "moore,radius:2"}, {"topology", "lattice,smallworld:0.1"},
		{"duration", "9223372036854775807ns:1ns:3"}, {"threshold", "1,2,\x00"},
	} {
		f.Add(seed.flag, seed.list)
	}
	var lists []string // the flags that take lists in a sweep
	for _, fl := range config.TableFlags() {
		if fl.Cmds&config.SweepList != 0 {
			lists = append(lists, fl.Name)
		}
	}
	f.Fuzz(func(t *testing.T, flag, list string) {
		if !slices.Contains(lists, flag) {
			flag = lists[len(flag)%len(lists)]
		}
		values, err := sweepValues(flag, list)
		if err != nil {
			if msg := err.Error(); !oneLine(msg) || !strings.HasPrefix(msg, "-"+flag+":") {
				t.Fatalf("-%s %q: error %q is not one plain line naming the flag", flag, list, msg)
			}
			return
		}
		if len(values) == 0 || len(values) > config.MaxRuns {
			t.Fatalf("-%s %q: %d values", flag, list, len(values))
		}
		seen := map[string]bool{}
		for _, v := range values {
			if seen[v] {
				t.Fatalf("-%s %q: %s twice", flag, list, v)
			}
			seen[v] = true
		}
		again, err := sweepValues(flag, strings.Join(values, ","))
		if err != nil || !slices.Equal(again, values) {
			t.Fatalf("-%s %q: its values %q parse to %q (%v), not to themselves", flag, list, values, again, err)
		}
		if a, b, ok := strings.Cut(list, ".."); ok && flag == "seed" && !strings.Contains(list, ",") {
			from, _ := strconv.ParseUint(strings.TrimSpace(a), 10, 64)
			to, _ := strconv.ParseUint(strings.TrimSpace(b), 10, 64)
			if uint64(len(values)) != to-from+1 || values[0] != strconv.FormatUint(from, 10) || values[len(values)-1] != strconv.FormatUint(to, 10) {
				t.Fatalf("-seed %q: %d seeds from %s to %s", list, len(values), values[0], values[len(values)-1])
			}
		}
	})
}

// sweepValues is the values a sweep given -flag list runs.
func sweepValues(flag, list string) ([]string, error) {
	c, err := config.ParseCommand(config.Sweep, []string{"-" + flag, list}, config.Headless, io.Discard)
	if err != nil {
		return nil, err
	}
	for _, a := range c.Sweep.Axes {
		if a.Flag == flag {
			return a.Values, nil
		}
	}
	return nil, nil
}
