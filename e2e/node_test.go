package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// nodeRunner returns a function that runs the headless build for js/wasm
// under Node, as Go's wasm_exec_node.js does, with stdout, stderr and the
// exit status. It skips without Node, except in CI, where a missing Node
// must fail the run rather than pass it unseen.
func nodeRunner(t *testing.T) func(args ...string) (stdout, stderr string, code int) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		node, err = exec.LookPath("nodejs")
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("node: %v; CI must run the WebAssembly tests (apt-get install nodejs)", err)
		}
		t.Skipf("node: %v; install nodejs to run the WebAssembly tests", err)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	execJS := filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec_node.js")
	wasm := wasmBin.get(t)
	return func(args ...string) (string, string, int) {
		t.Helper()
		return run(t, node, append([]string{execJS, wasm}, args...)...)
	}
}

// TestWasmTraceMatchesNative: the browser's build of the model, run under
// Node, flashes exactly as the native build does.
func TestWasmTraceMatchesNative(t *testing.T) {
	runNode := nodeRunner(t)
	for _, args := range [][]string{
		{"-grid", "120x90", "-seed", "3", "-duration", "20s", "-json"},
		// Bursts: a one-second period, nudges a whole period long.
		{"-grid", "96", "-seed", "1", "-period", "1s", "-nudge", "1s", "-refractory", "200ms", "-jitter", "5ms", "-duration", "10s", "-json"},
		// The original experiment's rules.
		{"-grid", "60x40", "-seed", "2", "-preset", "original", "-duration", "60s", "-json"},
	} {
		stdout, stderr, code := runHeadless(t, args...)
		if code != 0 {
			t.Fatalf("native %v: exit %d: %s", args, code, stderr)
		}
		want := summary(t, stdout)
		stdout, stderr, code = runNode(args...)
		if code != 0 {
			t.Fatalf("wasm %v: exit %d: %s", args, code, stderr)
		}
		got := summary(t, stdout)
		for _, key := range []string{"trace_hash", "ticks", "flashes", "fireflies", "r"} {
			if got[key] != want[key] {
				t.Errorf("%v: %s: got %v under Node, want %v as native", args, key, got[key], want[key])
			}
		}
	}
}

// TestTraceSameForAnyWorkersAndWasm: a grid large enough for the cascade
// to split some of its waves across the workers (waves of 256 flashes or
// more) flashes exactly the same for any number of workers, down to bands
// of six rows, natively and under Node.
func TestTraceSameForAnyWorkersAndWasm(t *testing.T) {
	runNode := nodeRunner(t)
	args := []string{"-grid", "512x384", "-seed", "5", "-duration", "10s", "-json"}
	want := ""
	for _, workers := range []string{"1", "2", "3", "7", "16", "64"} {
		got := traceHash(t, append(args, "-workers", workers)...)
		if want == "" {
			want = got
		} else if got != want {
			t.Errorf("-workers %s: trace %s, want %s as with one worker", workers, got, want)
		}
	}
	for _, workers := range []string{"1", "3"} {
		stdout, stderr, code := runNode(append(args, "-workers", workers)...)
		if code != 0 {
			t.Fatalf("wasm -workers %s: exit %d: %s", workers, code, stderr)
		}
		if got := summary(t, stdout)["trace_hash"]; got != want {
			t.Errorf("wasm -workers %s: trace %v, want %s as native", workers, got, want)
		}
	}
}

// TestWasmBadInputMatchesNative: under Node the flags come from the
// command line, and the build is the headless one, so a bad flag fails as
// natively: status 2, the same line.
func TestWasmBadInputMatchesNative(t *testing.T) {
	runNode := nodeRunner(t)
	for _, args := range [][]string{{"-grid", "0"}, {"-bogus"}, {"-draw", "rgba"}} {
		_, want, wantCode := runHeadless(t, args...)
		_, got, code := runNode(args...)
		if code != wantCode || wasmLimit(got) != wasmLimit(want) {
			t.Errorf("%v: got status %d, %q; want %d, %q", args, code, got, wantCode, want)
		}
	}
}

// fireflyLimit is the one difference between the native and WebAssembly
// builds' messages: the most fireflies a world may hold (wasm32's 4 GiB).
var fireflyLimit = regexp.MustCompile(`at most \d+ fireflies`)

// wasmLimit writes a message's firefly limit as the WebAssembly builds'.
func wasmLimit(msg string) string {
	return fireflyLimit.ReplaceAllString(msg, "at most 8388608 fireflies")
}
