package main

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems"
)

// Config is everything a run needs, parsed from flags and validated.
type Config struct {
	Model    components.Model
	Workers  int
	Duration time.Duration // simulated time to run; 0 runs until closed (window)

	Mode    string  // "sim", or "render": synthetic flashes to stress the draw path
	Sources int     // render mode: synthetic sources
	Rate    float64 // render mode: flashes per source per second

	Metrics         string        // JSON-lines metrics log
	MetricsInterval time.Duration // wall time per metrics line
	CPUProfile      string
	MemProfile      string
	Trace           string // runtime/trace output

	Draw       string // window: "shader" (palette on the GPU) or "rgba"
	Screenshot string // window: PNG of the last frame, written at exit
	Realtime   bool   // headless: pace ticks at 60 TPS
	JSON       bool   // print a JSON summary as the last line of stdout

	help bool
}

// gridValue parses "WxH" or "N" (N×N).
type gridValue struct{ w, h *int }

func (g gridValue) String() string {
	if g.w == nil {
		return ""
	}
	return fmt.Sprintf("%dx%d", *g.w, *g.h)
}

func (g gridValue) Set(s string) error {
	ws, hs, ok := strings.Cut(strings.ToLower(s), "x")
	if !ok {
		hs = ws
	}
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if err1 != nil || err2 != nil {
		return errors.New("want WxH or N, such as 50x50 or 1024")
	}
	*g.w, *g.h = w, h
	return nil
}

// maxSide is the longest grid side: the window's GPU images can be no
// wider (ebiten's limit is 16384 texels).
const maxSide = 16384

// maxDuration keeps tick numbers well inside int32.
const maxDuration = 8760 * time.Hour

// allowed says, for each flag, what values it takes: the second half of
// every error message about it.
var allowed = map[string]string{
	"grid":       "WxH or N, each side from 3 to " + strconv.Itoa(maxSide) + ", at most " + strconv.Itoa(systems.MaxFireflies) + " fireflies in all",
	"period":     "a duration > 0 and at most 1h, such as 5s",
	"nudge":      "a duration >= 0, such as 200ms",
	"refractory": "a duration >= 0 and < the period, such as 1s",
	"jitter":     "a duration >= 0 and < the period, such as 100ms",
	"glow":       "a fraction of the period in (0, 1]",
	"seed":       "an unsigned integer",
	"workers":    "an integer from 1 to 256",
	"duration":   "a duration >= 0 and at most 8760h (a year), such as 30s or 10m",
	"screenshot": "a path to a .png file",
	"realtime":   "true or false",
	"json":       "true or false",
	"mode":       "sim or render",
	"draw":       "shader or rgba",
	"sources":    "an integer from 1 to 10000000",
	"rate":       "flashes per source per second, > 0, with sources × rate at most 1e8",

	"metrics":          "a path to a .jsonl file",
	"metrics-interval": "a duration > 0, such as 1s",
	"cpuprofile":       "a writable file path",
	"memprofile":       "a writable file path",
	"trace":            "a writable file path",
}

// parseConfig parses and validates the flags. Errors are one line naming
// the flag and what it allows; -help prints the flags to out.
func parseConfig(args []string, out io.Writer) (Config, error) {
	m := components.DefaultModel()
	cfg := Config{Workers: runtime.NumCPU()}
	fs := flag.NewFlagSet("fireflies", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Var(gridValue{&m.Width, &m.Height}, "grid", "grid size, WxH or N for NxN")
	fs.DurationVar(&m.Period, "period", m.Period, "free-running cycle length")
	fs.DurationVar(&m.Nudge, "nudge", m.Nudge, "phase advance per flashing neighbour")
	fs.DurationVar(&m.Refractory, "refractory", 0, "deafness after a flash (default 20% of the period)")
	fs.DurationVar(&m.Jitter, "jitter", m.Jitter, "phase after a flash is uniform in [0, jitter)")
	fs.Float64Var(&m.Glow, "glow", m.Glow, "fraction of the period a flash stays visible")
	fs.Uint64Var(&m.Seed, "seed", 0, "random seed (default: a fresh one, printed at start)")
	fs.IntVar(&cfg.Workers, "workers", cfg.Workers, "goroutines the systems are split across")
	fs.DurationVar(&cfg.Duration, "duration", defaultDuration, "simulated time to run (0: until closed)")
	fs.StringVar(&cfg.Mode, "mode", "sim", "sim, or render: synthetic flashes that stress the draw path only")
	fs.IntVar(&cfg.Sources, "sources", 5000, "render mode: synthetic flash sources")
	fs.Float64Var(&cfg.Rate, "rate", 2, "render mode: flashes per source per second")
	fs.StringVar(&cfg.Metrics, "metrics", "", "write one JSON line of metrics per interval to this file")
	fs.DurationVar(&cfg.MetricsInterval, "metrics-interval", time.Second, "wall time covered by each metrics line")
	fs.StringVar(&cfg.CPUProfile, "cpuprofile", "", "write a CPU profile (go tool pprof) to this file")
	fs.StringVar(&cfg.MemProfile, "memprofile", "", "write a heap profile at exit to this file")
	fs.StringVar(&cfg.Trace, "trace", "", "write a runtime/trace to this file (go tool trace)")
	fs.BoolVar(&cfg.JSON, "json", false, "print a JSON summary as the last line of stdout")
	fs.StringVar(&cfg.Draw, "draw", "shader", "window: shader (glow bytes, palette on the GPU) or rgba (palette on the CPU)")
	addBuildFlags(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(fs, out)
			cfg.help = true
			return cfg, nil
		}
		return cfg, flagError(err)
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q; flags look like -grid 50x50", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !set["refractory"] {
		m.Refractory = m.Period / 5
	}
	if !set["seed"] {
		m.Seed = freshSeed()
	}
	cfg.Model = m
	return cfg, cfg.validate()
}

func (c Config) validate() error {
	m := c.Model
	bad := func(name string, got any) error {
		return fmt.Errorf("-%s: got %v, want %s", name, got, allowed[name])
	}
	switch {
	case m.Width < 3 || m.Height < 3 || m.Width > maxSide || m.Height > maxSide || m.Width > systems.MaxFireflies/m.Height:
		return bad("grid", fmt.Sprintf("%dx%d", m.Width, m.Height))
	case m.Period <= 0 || m.Period > time.Hour:
		return bad("period", m.Period)
	case m.Nudge < 0:
		return bad("nudge", m.Nudge)
	case m.Refractory < 0 || m.Refractory >= m.Period:
		return bad("refractory", m.Refractory)
	case m.Jitter < 0 || m.Jitter >= m.Period:
		return bad("jitter", m.Jitter)
	case !(m.Glow > 0 && m.Glow <= 1):
		return bad("glow", m.Glow)
	case c.Workers < 1 || c.Workers > 256:
		return bad("workers", c.Workers)
	case c.Duration < 0 || c.Duration > maxDuration:
		return bad("duration", c.Duration)
	case c.Screenshot != "" && !strings.HasSuffix(strings.ToLower(c.Screenshot), ".png"):
		return bad("screenshot", strconv.Quote(c.Screenshot))
	case c.Draw != "shader" && c.Draw != "rgba":
		return bad("draw", strconv.Quote(c.Draw))
	case c.Mode != "sim" && c.Mode != "render":
		return bad("mode", strconv.Quote(c.Mode))
	case c.Sources < 1 || c.Sources > 10_000_000:
		return bad("sources", c.Sources)
	case !(c.Rate > 0 && float64(c.Sources)*c.Rate <= 1e8):
		return bad("rate", c.Rate)
	case c.MetricsInterval <= 0:
		return bad("metrics-interval", c.MetricsInterval)
	}
	return nil
}

// flagError rewrites the flag package's messages into the one-line form.
func flagError(err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return fmt.Errorf("unknown flag -%s; run with -help to list the flags", name)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return fmt.Errorf("-%s needs a value: %s", name, allowed[name])
	}
	// invalid value "V" for flag -NAME: reason
	// invalid boolean value "V" for -NAME: reason
	rest, ok := strings.CutPrefix(msg, "invalid value ")
	if !ok {
		if rest, ok = strings.CutPrefix(msg, "invalid boolean value "); ok {
			rest = strings.Replace(rest, " for -", " for flag -", 1)
		}
	}
	if ok {
		if i := strings.Index(rest, " for flag -"); i >= 0 {
			value := rest[:i]
			name, _, _ := strings.Cut(rest[i+len(" for flag -"):], ":")
			return fmt.Errorf("-%s: got %s, want %s", name, value, allowed[name])
		}
	}
	return errors.New(strings.ReplaceAll(msg, "\n", " "))
}

func printUsage(fs *flag.FlagSet, out io.Writer) {
	fmt.Fprintln(out, "Usage: fireflies [flags]\n       fireflies analyze FILE.jsonl")
	fs.SetOutput(out)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// freshSeed picks a seed when none is given; it is printed so the run can
// be repeated.
func freshSeed() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:]) >> 12 // short enough to type
}
