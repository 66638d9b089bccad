// Package config turns a command line (or the page's URL query) into one
// validated [Config]. Every flag is declared once, in [flags], with the
// builds that honour it; a build refuses, by name, a flag it cannot honour.
// It is a package of its own, not part of package main, because the window
// build must answer -help before ebiten's initialisation, which needs a
// display: package preflight does that with [Usage].
package config

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems"
)

// Build is one of the program's builds, or a set of them.
type Build uint8

const (
	// Window is the desktop build: go build .
	Window Build = 1 << iota
	// Headless is the build without a window: go build -tags headless .,
	// natively or for js/wasm under Node.
	Headless
	// Browser is the page: GOOS=js GOARCH=wasm go build ., flags from the
	// URL query.
	Browser

	allBuilds = Window | Headless | Browser
	native    = Window | Headless
	drawn     = Window | Browser
)

func (b Build) String() string {
	var names []string
	for _, k := range []struct {
		b    Build
		name string
	}{{Window, "window"}, {Headless, "headless"}, {Browser, "browser"}} {
		if b&k.b != 0 {
			names = append(names, k.name)
		}
	}
	switch len(names) {
	case 0:
		return "no"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// Config is everything a run needs, parsed from flags and validated.
type Config struct {
	Build    Build // the build that parsed it
	Model    components.Model
	Preset   string // "default" or "original"; Model holds the rules it set
	Workers  int
	Duration time.Duration // simulated time to run; 0 runs until closed (window, browser)

	Mode    string  // "sim", or "render": synthetic flashes to stress the draw path
	Sources int     // render mode: synthetic sources
	Rate    float64 // render mode: flashes per source per second

	Metrics         string        // JSON-lines metrics log
	MetricsInterval time.Duration // wall time per metrics line
	CPUProfile      string
	MemProfile      string
	Trace           string        // runtime/trace output
	Series          string        // CSV of the run at fixed simulated times
	SeriesEvery     time.Duration // simulated time between two series lines
	Avalanches      string        // CSV of the avalanche sizes' distribution

	Draw       string // window, browser: "shader" (palette on the GPU) or "rgba"
	Screenshot string // PNG of the last frame, written at exit

	Record           string        // animated GIF of the glow
	RecordEvery      time.Duration // simulated time between frames
	RecordW, RecordH int           // largest frame
	Realtime         bool          // headless: pace ticks at 60 TPS
	UntilSync        bool          // headless: end the run once the swarm is synchronised
	JSON             bool          // print a JSON summary as the last line of stdout

	// Help is set when the arguments asked for the flags' list rather than
	// a run; Parse has printed it.
	Help bool
}

// Options are the simulation's options for this configuration.
func (c Config) Options() systems.Options {
	o := systems.Options{Workers: c.Workers, AvalancheSizes: c.Avalanches != ""}
	if c.Mode == "render" {
		o.Load = &systems.Load{Sources: c.Sources, Rate: c.Rate}
	}
	return o
}

// maxFireflies is the most fireflies a world may hold in this build:
// [systems.MaxFireflies] natively, and in WebAssembly (the page, and the
// headless build under Node) what fits in wasm32's 4 GiB with the build's
// garbage — 2896×2896 peaked at 2.9 GB under Node, 4096×4096 ran out.
var maxFireflies = map[bool]int{false: systems.MaxFireflies, true: 1 << 23}[runtime.GOARCH == "wasm"]

// MaxSide is the longest grid side: the window's GPU images can be no
// wider (ebiten's limit is 16384 texels).
const MaxSide = 16384

// maxDuration keeps tick numbers well inside int32.
const maxDuration = 8760 * time.Hour

// tick is the simulated time of one tick.
const tick = time.Second / systems.TPS

// Error is bad input: one line naming the flag and what it allows. The
// program exits with status 2 on it.
type Error struct{ msg string }

func (e *Error) Error() string { return e.msg }

func errorf(format string, args ...any) error { return &Error{fmt.Sprintf(format, args...)} }

// defaults returns the configuration before any flag, for build b.
func defaults(b Build) Config {
	c := Config{
		Build:           b,
		Model:           components.DefaultModel(),
		Preset:          "default",
		Workers:         runtime.NumCPU(),
		Mode:            "sim",
		Sources:         5000,
		Rate:            2,
		MetricsInterval: time.Second,
		RecordEvery:     500 * time.Millisecond,
		RecordW:         512,
		RecordH:         512,
		SeriesEvery:     500 * time.Millisecond,
		Draw:            "shader",
	}
	if b == Headless {
		c.Duration = 30 * time.Second
	}
	return c
}

// capWorkers keeps the default worker count within the grid's rows; a
// count the user gave is checked instead (validate).
func (c *Config) capWorkers(set map[string]bool) {
	if !set["workers"] {
		c.Workers = max(1, min(c.Workers, c.Model.Height))
	}
}

// Parse parses and validates args for build b. Errors are one [*Error]
// line naming the flag and what it allows; -help prints the build's flags
// to out and returns a Config with Help set.
func Parse(args []string, b Build, out interface{ Write([]byte) (int, error) }) (Config, error) {
	c := defaults(b)
	set, help, err := parseArgs(args, b, &c)
	if err != nil {
		return c, err
	}
	if help {
		fmt.Fprint(out, Usage(b))
		c.Help = true
		return c, nil
	}
	if !set["refractory"] {
		c.Model.Refractory = c.Model.Period / 5
	}
	if !set["seed"] {
		c.Model.Seed = freshSeed()
	}
	c.capWorkers(set)
	return c, c.validate(set)
}

// validate checks the flags against each other. An error blames a flag
// the user set: with -period 90ms and the default jitter of 100 ms, it is
// the period that is too short, not the jitter too long.
func (c Config) validate(set map[string]bool) error {
	m := c.Model
	bad := func(name string, got any) error {
		return errorf("-%s: got %v, want %s", name, got, lookup(name).allows)
	}
	// below reports a relation "name < period" broken, blaming the period
	// when only it was given.
	below := func(name string, v time.Duration) error {
		if set["period"] && !set[name] {
			return errorf("-period: got %v, want more than -%s (%v by default); set -%s lower or the period higher", m.Period, name, v, name)
		}
		return bad(name, v)
	}
	switch {
	case m.Width < 3 || m.Height < 3 || m.Width > MaxSide || m.Height > MaxSide || m.Width > maxFireflies/m.Height:
		return bad("grid", fmt.Sprintf("%dx%d", m.Width, m.Height))
	case m.Period <= 0 || m.Period > time.Hour:
		return bad("period", m.Period)
	case m.Nudge < 0:
		return bad("nudge", m.Nudge)
	case m.Refractory < 0:
		return bad("refractory", m.Refractory)
	case m.Refractory >= m.Period:
		return below("refractory", m.Refractory)
	case m.Jitter < 0:
		return bad("jitter", m.Jitter)
	case m.Jitter >= m.Period:
		return below("jitter", m.Jitter)
	case !(m.Glow > 0 && m.Glow <= 1):
		return bad("glow", m.Glow)
	case c.Workers < 1 || c.Workers > 256:
		return bad("workers", c.Workers)
	case c.Duration < 0 || c.Duration > maxDuration:
		return bad("duration", c.Duration)
	case c.Screenshot != "" && !strings.HasSuffix(strings.ToLower(c.Screenshot), ".png"):
		return bad("screenshot", strconv.Quote(c.Screenshot))
	case c.Record != "" && !strings.HasSuffix(strings.ToLower(c.Record), ".gif"):
		return bad("record", strconv.Quote(c.Record))
	case c.RecordEvery < time.Second/systems.TPS || c.RecordEvery > time.Hour:
		return bad("record-every", c.RecordEvery)
	case c.RecordW < 16 || c.RecordH < 16 || c.RecordW > 4096 || c.RecordH > 4096:
		return bad("record-size", fmt.Sprintf("%dx%d", c.RecordW, c.RecordH))
	case c.Sources < 1 || c.Sources > 10_000_000:
		return bad("sources", c.Sources)
	case !(c.Rate > 0 && float64(c.Sources)*c.Rate <= 1e8):
		return bad("rate", c.Rate) // the default rate keeps any -sources within bounds
	case c.MetricsInterval <= 0:
		return bad("metrics-interval", c.MetricsInterval)
	case c.SeriesEvery < tick-tick/2 || c.SeriesEvery > maxDuration:
		return bad("series-every", c.SeriesEvery)
	case set["workers"] && c.Workers > m.Height:
		return errorf("-workers: got %d, want at most the grid's %d rows (work is split by bands of rows)", c.Workers, m.Height)
	case c.Mode == "render":
		for _, name := range []string{"until-sync", "series", "avalanches"} {
			if set[name] {
				return errorf("-%s: not in render mode, whose flashes are synthetic; it works with -mode sim", name)
			}
		}
	}
	return c.distinctOutputs()
}

// distinctOutputs refuses two flags that would write the same file: one
// would silently overwrite the other. /dev/null may take any number.
func (c Config) distinctOutputs() error {
	seen := map[string]string{}
	for _, o := range []struct{ flag, path string }{
		{"metrics", c.Metrics}, {"cpuprofile", c.CPUProfile}, {"memprofile", c.MemProfile},
		{"trace", c.Trace}, {"screenshot", c.Screenshot}, {"record", c.Record},
		{"series", c.Series}, {"avalanches", c.Avalanches},
	} {
		if o.path == "" || o.path == os.DevNull {
			continue
		}
		key := filepath.Clean(o.path)
		if abs, err := filepath.Abs(key); err == nil {
			key = abs
		}
		if other, ok := seen[key]; ok {
			return errorf("-%s: got %s, the file -%s writes too; give each output its own file", o.flag, show(o.path), other)
		}
		seen[key] = o.flag
	}
	return nil
}

// freshSeed picks a seed when none is given; it is printed so the run can
// be repeated.
func freshSeed() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:]) >> 12 // short enough to type
}
