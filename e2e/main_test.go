package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// root is the program's module: the parent of this one.
const root = ".."

// patience is how long a test waits for something it expects to happen
// soon. It is generous because the tests must pass on a loaded 2-core
// machine; a test that would pass waits only as long as it takes.
const patience = 60 * time.Second

// runLimit ends a program that a test runs to completion and that has
// not ended by then, so that a hang fails its own test rather than the
// whole run at -timeout.
const runLimit = 5 * time.Minute

// binDir holds every program built for this run; TestMain removes it.
var binDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "fireflies-e2e-")
	if err == nil {
		binDir, err = filepath.Abs(dir)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// artefact is something built from the program's module at most once per
// test run, when the first test that needs it asks.
type artefact struct {
	name  string // file or folder name in binDir
	build func(path string) error

	once sync.Once
	path string
	err  error
}

// get builds a, if no test has asked before, and returns its path; a
// failed build fails every test that needs it.
func (a *artefact) get(t *testing.T) string {
	t.Helper()
	a.once.Do(func() {
		a.path = filepath.Join(binDir, a.name)
		a.err = a.build(a.path)
	})
	if a.err != nil {
		t.Fatalf("build %s: %v", a.name, a.err)
	}
	return a.path
}

var (
	// headlessBin is the headless build, with cgo off as users build it.
	headlessBin = &artefact{name: "fireflies-headless", build: func(path string) error {
		return goBuild(path, []string{"CGO_ENABLED=0"}, "-tags", "headless", ".")
	}}
	// windowBin is the window build. It needs cgo whatever the test
	// process was run with.
	windowBin = &artefact{name: "fireflies", build: func(path string) error {
		return goBuild(path, []string{"CGO_ENABLED=1"}, ".")
	}}
	// wasmBin is the headless build for js/wasm, which Node runs.
	wasmBin = &artefact{name: "fireflies-headless.wasm", build: func(path string) error {
		return goBuild(path, []string{"GOOS=js", "GOARCH=wasm"}, "-tags", "headless", ".")
	}}
	// webDir is the page's folder, as make web-build writes it.
	webDir = &artefact{name: "web", build: func(path string) error {
		err := runBuild(exec.Command("make", "-C", root, "--no-print-directory", "web-build", "WEB_DIR="+path))
		if err != nil {
			return err
		}
		for _, f := range []string{"index.html", "wasm_exec.js", "fireflies.wasm"} {
			if _, err := os.Stat(filepath.Join(path, f)); err != nil {
				return fmt.Errorf("make web-build: %v", err)
			}
		}
		return nil
	}}
	// webserveBin is cmd/webserve.
	webserveBin = &artefact{name: "webserve", build: func(path string) error {
		return goBuild(path, nil, "./cmd/webserve")
	}}
)

// goBuild builds the package args name, in the program's module, to path,
// with env added to the test's environment.
func goBuild(path string, env []string, args ...string) error {
	cmd := exec.Command("go", append([]string{"build", "-o", path}, args...)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), env...)
	return runBuild(cmd)
}

func runBuild(cmd *exec.Cmd) error {
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
	}
	return nil
}

// environment returns the test's environment without the variables
// named, so that a child inherits none of them.
func environment(without ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		found := false
		for _, w := range without {
			found = found || name == w
		}
		if !found {
			env = append(env, kv)
		}
	}
	return env
}

// noDisplay is an environment in which no X or Wayland display is named.
func noDisplay() []string { return environment("DISPLAY", "WAYLAND_DISPLAY") }

// needDisplay skips without an X display, except in CI, where a missing
// display must fail the run rather than pass it unseen.
func needDisplay(t *testing.T) {
	t.Helper()
	if os.Getenv("DISPLAY") == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("DISPLAY is not set: CI must run the window tests (under xvfb-run)")
		}
		t.Skip("DISPLAY is not set: run under xvfb-run -a -s \"-screen 0 1280x1024x24 -noreset\" to run the window tests")
	}
}

// run runs a program to its end and returns its stdout, its stderr and
// its exit status.
func run(t *testing.T, bin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runEnv(t, nil, bin, args...)
}

// runEnv is run with the environment env, or the test's when env is nil.
func runEnv(t *testing.T, env []string, bin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runLimit)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%s %v: still running after %v\nstdout:\n%s\nstderr:\n%s", filepath.Base(bin), args, runLimit, &out, &errb)
	}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// oneLine reports whether s, stripped of its final newline, is one line
// of text and no stack trace.
func oneLine(s string) bool {
	s = strings.TrimSuffix(s, "\n")
	return s != "" && !strings.Contains(s, "\n") && !strings.Contains(s, "goroutine")
}

// summary parses the JSON object on the last line of stdout.
func summary(t *testing.T, stdout string) map[string]any {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	last := lines[len(lines)-1]
	var s map[string]any
	if err := json.Unmarshal([]byte(last), &s); err != nil {
		t.Fatalf("last line %q is not JSON: %v", last, err)
	}
	return s
}

// waitFor polls cond until it holds, failing the test if it does not
// within patience. what says what was awaited, for the failure.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, patience)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// completeLines counts the newline-ended lines in the file at path; a
// missing file has none.
func completeLines(path string) int {
	data, _ := os.ReadFile(path)
	return bytes.Count(data, []byte("\n"))
}

// child is a program running in the background, so that a test can wait
// for what it prints or writes and then signal it.
type child struct {
	name           string
	cmd            *exec.Cmd
	stdout, stderr syncBuffer
	exited         chan struct{} // closed when the program has ended
	err            error         // from Wait, once exited is closed
}

// start starts bin with env (the test's when nil); the program is killed
// at the end of the test if it is still running.
func start(t *testing.T, env []string, bin string, args ...string) *child {
	t.Helper()
	c := &child{name: filepath.Base(bin), cmd: exec.Command(bin, args...), exited: make(chan struct{})}
	c.cmd.Env = env
	c.cmd.Stdout, c.cmd.Stderr = &c.stdout, &c.stderr
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		c.err = c.cmd.Wait()
		close(c.exited)
	}()
	t.Cleanup(func() {
		c.cmd.Process.Kill()
		<-c.exited
	})
	return c
}

// running reports whether the program is still running.
func (c *child) running() bool {
	select {
	case <-c.exited:
		return false
	default:
		return true
	}
}

// waitUntil polls cond, as [waitFor] does, and fails at once if the
// program ends before cond holds.
func (c *child) waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	waitFor(t, what, func() bool {
		if cond() {
			return true
		}
		if !c.running() {
			t.Fatalf("%s: %s ended first (%v)\nstdout:\n%s\nstderr:\n%s", what, c.name, c.err, c.stdout.String(), c.stderr.String())
		}
		return false
	})
}

// stop sends sig and waits, within patience, for the program to end; it
// fails the test unless the program ends with status 0.
func (c *child) stop(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := c.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("%v: %v", sig, err)
	}
	select {
	case <-c.exited:
	case <-time.After(patience):
		t.Fatalf("%s still running %v after %v", c.name, patience, sig)
	}
	if c.err != nil {
		t.Fatalf("%s after %v: %v\nstderr:\n%s", c.name, sig, c.err, c.stderr.String())
	}
}

// wait waits, within limit, for the program to end and returns its exit
// status. A program still running after limit, or ended by a signal
// rather than exiting, fails the test.
func (c *child) wait(t *testing.T, limit time.Duration) int {
	t.Helper()
	select {
	case <-c.exited:
	case <-time.After(limit):
		t.Fatalf("%s still running after %v\nstdout:\n%s\nstderr:\n%s", c.name, limit, c.stdout.String(), c.stderr.String())
	}
	return exitStatus(t, c.name, c.cmd.ProcessState, c.stderr.String())
}

// exitStatus is the status the program exited with; one that a signal
// killed fails the test, since every ending should be the program's own.
func exitStatus(t *testing.T, name string, ps *os.ProcessState, stderr string) int {
	t.Helper()
	if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		t.Fatalf("%s was killed by %v instead of exiting\nstderr:\n%s", name, ws.Signal(), stderr)
	}
	return ps.ExitCode()
}

// withEnv is the test's environment with the variables kv ("NAME=value")
// added.
func withEnv(kv ...string) []string { return append(os.Environ(), kv...) }

// jsonLines checks that data, the contents of a JSON-lines output (what
// names it), holds whole lines only — it ends with '\n', no half line
// after the last — each a JSON object, and returns them parsed.
func jsonLines(t *testing.T, what string, data []byte) []map[string]any {
	t.Helper()
	if len(data) == 0 {
		return nil
	}
	if data[len(data)-1] != '\n' {
		t.Fatalf("%s does not end with a complete line: ...%q", what, data[max(0, len(data)-80):])
	}
	var lines []map[string]any
	for i, l := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("%s: line %d is not a JSON object: %v\n%s", what, i+1, err, l)
		}
		lines = append(lines, m)
	}
	return lines
}

// metricsFile reads the metrics log at path and checks it as [jsonLines]
// does.
func metricsFile(t *testing.T, path string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return jsonLines(t, path, data)
}

// syncBuffer is a bytes.Buffer that a test can read while a program's
// output is copied into it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
