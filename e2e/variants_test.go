package e2e

import (
	"strings"
	"testing"
)

// variantRuns are a run of each variant, small enough for Node.
var variantRuns = [][]string{
	{"-response", "fire", "-threshold", "2"},
	{"-response", "reset", "-threshold", "3"},
	{"-response", "proportional", "-nudge", "300ms"},
	{"-period-spread", "800ms"},
	{"-noise", "80ms"},
	{"-neighbours", "vonneumann", "-edges", "free"},
	{"-edges", "free", "-noise", "20ms", "-response", "proportional"},
	{"-neighbours", "radius:3", "-nudge", "40ms"},
	{"-topology", "smallworld:0.1"},
	{"-topology", "random:6"},
	{"-topology", "all", "-response", "proportional", "-nudge", "1ms"},
	{"-response", "proportional", "-threshold", "2", "-period-spread", "500ms", "-noise", "30ms", "-neighbours", "radius:2", "-edges", "free"},
}

// TestVariantsTraceAnyWorkersAndWasm: every variant flashes the same for
// any -workers, natively and as the browser's build under Node, and the
// summary records its settings.
func TestVariantsTraceAnyWorkersAndWasm(t *testing.T) {
	runNode := nodeRunner(t)
	for _, v := range variantRuns {
		args := append([]string{"-grid", "48x40", "-seed", "5", "-duration", "40s", "-json"}, v...)
		var want map[string]any
		for _, workers := range []string{"1", "3"} {
			stdout, stderr, code := runHeadless(t, append(args, "-workers", workers)...)
			if code != 0 {
				t.Fatalf("%v -workers %s: exit %d: %s", v, workers, code, stderr)
			}
			got := summary(t, stdout)
			if got["flashes"].(float64) == 0 {
				t.Fatalf("%v: no flashes", v)
			}
			if want == nil {
				want = got
			} else if got["trace_hash"] != want["trace_hash"] {
				t.Errorf("%v: -workers %s: trace_hash %v, -workers 1 %v", v, workers, got["trace_hash"], want["trace_hash"])
			}
		}
		for k := 0; k+1 < len(v); k += 2 {
			key := strings.ReplaceAll(strings.TrimPrefix(v[k], "-"), "-", "_")
			switch key {
			case "period_spread", "noise":
				key += "_seconds"
			case "nudge":
				continue
			}
			if _, ok := want[key]; !ok {
				t.Errorf("%v: the summary has no %s", v, key)
			}
		}
		stdout, stderr, code := runNode(args...)
		if code != 0 {
			t.Fatalf("wasm %v: exit %d: %s", v, code, stderr)
		}
		if got := summary(t, stdout); got["trace_hash"] != want["trace_hash"] || got["flashes"] != want["flashes"] {
			t.Errorf("%v: under Node trace_hash %v (%v flashes), native %v (%v)", v, got["trace_hash"], got["flashes"], want["trace_hash"], want["flashes"])
		}
	}
}

// TestVariantsBadInputExits2: a bad variant or combination is one line
// naming the flag, status 2, natively and under Node alike.
func TestVariantsBadInputExits2(t *testing.T) {
	runNode := nodeRunner(t)
	for _, args := range [][]string{
		{"-topology", "smallworld:2"}, {"-response", "delay"}, {"-period-spread", "5s"},
		{"-grid", "8", "-neighbours", "radius:4"}, {"-threshold", "9"},
		{"-topology", "all", "-edges", "free"},
	} {
		_, stderr, code := runHeadless(t, args...)
		if code != 2 || !oneLine(stderr) || !strings.Contains(stderr, args[len(args)-2]+":") && !strings.Contains(stderr, args[0]+":") {
			t.Errorf("%v: status %d, stderr %q; want 2 and one line naming the flag", args, code, stderr)
		}
		_, got, nodeCode := runNode(args...)
		if nodeCode != code || wasmLimit(got) != wasmLimit(stderr) {
			t.Errorf("%v: under Node status %d, %q; natively %d, %q", args, nodeCode, got, code, stderr)
		}
	}
}
