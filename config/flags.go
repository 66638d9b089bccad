package config

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems"
)

// flagSpec is one flag: its name, the builds and the commands that honour
// it, what it does,
// what values it allows (the second half of every error about it) and the
// field its value goes to.
type flagSpec struct {
	name   string
	builds Build
	cmds   Command // the commands that take it
	usage  string
	allows string
	value  func(c *Config) value
}

// value is a flag's parser, bound to a field of a Config: flag.Value's
// methods, with messages of the project's own.
type value interface {
	Set(string) error
	String() string
}

// boolFlag is a value that needs no argument: -json is -json=true.
type boolFlag interface{ isBool() }

// flags is the one table of flags, in the order -help lists them.
var flags = []flagSpec{
	{"grid", allBuilds, Run | SweepList, "grid size, WxH or N for NxN",
		"WxH or N, each side from 3 to " + strconv.Itoa(MaxSide) + ", at most " + strconv.Itoa(maxFireflies) + " fireflies in all",
		func(c *Config) value { return gridValue{&c.Model.Width, &c.Model.Height} }},
	{"period", allBuilds, Run | SweepList, "free-running cycle length", "a duration > 0 and at most 1h, such as 5s",
		func(c *Config) value { return durationValue{&c.Model.Period} }},
	{"nudge", allBuilds, Run | SweepList, "phase advance per flashing neighbour", "a duration >= 0, such as 200ms",
		func(c *Config) value { return durationValue{&c.Model.Nudge} }},
	{"refractory", allBuilds, Run | SweepList, "deafness after a flash (default 20% of the period)", "a duration >= 0 and < the period, such as 1s",
		func(c *Config) value { return durationValue{&c.Model.Refractory} }},
	{"jitter", allBuilds, Run | SweepList, "phase after a flash is uniform in [0, jitter)", "a duration >= 0 and < the period, such as 100ms",
		func(c *Config) value { return durationValue{&c.Model.Jitter} }},
	{"glow", allBuilds, Run | SweepList, "fraction of the period a flash stays visible", "a fraction of the period in (0, 1]",
		func(c *Config) value { return floatValue{&c.Model.Glow} }},
	{"seed", allBuilds, Run | SweepList, "random seed (default: a fresh one, printed at start)", "an unsigned integer",
		func(c *Config) value { return uintValue{&c.Model.Seed} }},
	{"preset", allBuilds, Run, "original: all four of the original experiment's rules below (later flags override it)", "original or default",
		func(c *Config) value { return presetValue{&c.Model, &c.Preset} }},
	{"deaf-flashes", allBuilds, Run, "what a deaf firefly does with the flashes it hears: drop them, or queue them and take each as a full nudge when it hears again (the original)", "drop or queue",
		func(c *Config) value { return switchValue{&c.Model.QueueDeafFlashes, "drop", "queue"} }},
	{"refractory-clock", allBuilds, Run, "deaf for the refractory time after a flash (time), or while the phase is below it (phase, the original)", "time or phase",
		func(c *Config) value { return switchValue{&c.Model.PhaseClock, "time", "phase"} }},
	{"start-deaf", allBuilds, Run, "fireflies whose first phase is below the refractory time start deaf (the original)", "true or false",
		func(c *Config) value { return boolValue{&c.Model.StartDeaf} }},
	{"r-from", allBuilds, Run, "the order parameter R from the phases, or from the time since each firefly's last flash (the original's monitor); with flashes both are shown and logged", "phases or flashes",
		func(c *Config) value { return switchValue{&c.Model.RFromFlashes, "phases", "flashes"} }},
	{"response", allBuilds, Run | SweepList, "what hearing flashes does: advance the phase by the nudge per flash; fire at once; reset the phase to 0 without a flash; or advance in proportion to the phase (nudge × flashes × 2·phase/period)", "advance, fire, reset or proportional",
		func(c *Config) value { return choiceValue{&c.Model.Response, systems.Responses} }},
	{"threshold", allBuilds, Run | SweepList, "a firefly responds only in a tick in which it has heard at least this many flashes", "an integer from 1 to the number of neighbours (at most " + strconv.Itoa(systems.MaxDegree) + "), such as 2",
		func(c *Config) value { return intValue{&c.Model.Threshold} }},
	{"period-spread", allBuilds, Run | SweepList, "each firefly's own period is uniform in period ± spread, drawn from the seed", "a duration >= 0 and < the period, such as 200ms",
		func(c *Config) value { return durationValue{&c.Model.PeriodSpread} }},
	{"noise", allBuilds, Run | SweepList, "phase diffusion: the standard deviation of the phase's random walk after one simulated second", "a duration >= 0 and at most the period, such as 50ms",
		func(c *Config) value { return durationValue{&c.Model.Noise} }},
	{"neighbours", allBuilds, Run | SweepList, "who hears whom on the grid: the 8 around (moore), the 4 beside (vonneumann), or every cell within distance R", "moore, vonneumann or radius:R with R from 1 to " + strconv.Itoa(systems.MaxRadius) + " and 2R+1 at most the grid's shorter side",
		func(c *Config) value { return patternValue{&c.Model.Neighbours, validNeighbours} }},
	{"edges", allBuilds, Run | SweepList, "the grid's edges: wrap round (torus) or end (free)", "torus or free",
		func(c *Config) value { return choiceValue{&c.Model.Edges, []string{"torus", "free"}} }},
	{"topology", allBuilds, Run | SweepList, "the neighbours: the grid (lattice), the grid with each edge rewired with probability P (smallworld:P), a random K-regular graph (random:K) or everyone (all)", "lattice, smallworld:P with P in [0, 1], random:K with K from 1 to " + strconv.Itoa(systems.MaxDegree) + ", at most half the fireflies and fireflies × K even, or all; a graph of at most " + strconv.Itoa(systems.MaxGraphStubs) + " fireflies × neighbours",
		func(c *Config) value { return patternValue{&c.Model.Topology, validTopology} }},
	{"duration", allBuilds, Run | SweepList, "simulated time to run (0: until closed or interrupted)", "a duration >= 0 and at most 8760h (a year), such as 30s or 10m",
		func(c *Config) value { return durationValue{&c.Duration} }},
	{"workers", native, Run | Sweep, "goroutines the systems are split across", "an integer from 1 to 256",
		func(c *Config) value { return intValue{&c.Workers} }},
	{"mode", allBuilds, Run, "sim, or render: synthetic flashes that stress the draw path only", "sim or render",
		func(c *Config) value { return choiceValue{&c.Mode, []string{"sim", "render"}} }},
	{"sources", allBuilds, Run, "render mode: synthetic flash sources", "an integer from 1 to 10000000",
		func(c *Config) value { return intValue{&c.Sources} }},
	{"rate", allBuilds, Run, "render mode: flashes per source per second", "flashes per source per second, > 0, with sources × rate at most 1e8",
		func(c *Config) value { return floatValue{&c.Rate} }},
	{"draw", drawn, Run, "shader (glow bytes, palette on the GPU) or rgba (palette on the CPU)", "shader or rgba",
		func(c *Config) value { return choiceValue{&c.Draw, []string{"shader", "rgba"}} }},
	{"screenshot", native, Run, "write the last frame to this PNG file at exit (headless: the grid, at most 4096 pixels a side)", "a path to a .png file",
		func(c *Config) value { return stringValue{&c.Screenshot} }},
	{"record", native, Run, "record the glow as an animated GIF to this file", "a path to a .gif file",
		func(c *Config) value { return stringValue{&c.Record} }},
	{"record-every", native, Run, "simulated time between two frames of -record", "a duration of at least one tick (1/60 s) and at most 1h, such as 500ms",
		func(c *Config) value { return durationValue{&c.RecordEvery} }},
	{"record-size", native, Run, "the largest frame of -record, WxH; larger grids are averaged down", "WxH or N, each from 16 to 4096",
		func(c *Config) value { return gridValue{&c.RecordW, &c.RecordH} }},
	{"until-sync", Headless, Run | Sweep, "end the run once the swarm is synchronised (R >= 0.9 for a full period), or at -duration", "true or false",
		func(c *Config) value { return boolValue{&c.UntilSync} }},
	{"series", native, Run, "write t, R, flashes, waves, pulse and the largest avalanche to this CSV file at fixed simulated times", "a path to a .csv file",
		func(c *Config) value { return stringValue{&c.Series} }},
	{"series-every", native, Run, "simulated time between two -series lines, in whole ticks of 1/60 s", "a duration of at least one tick (1/60 s) and at most 8760h, such as 500ms",
		func(c *Config) value { return durationValue{&c.SeriesEvery} }},
	{"avalanches", native, Run, "write the distribution of avalanche sizes (size,count) to this CSV file at exit", "a path to a .csv file",
		func(c *Config) value { return stringValue{&c.Avalanches} }},
	{"realtime", Headless, Run, "pace ticks at 60 TPS instead of as fast as possible", "true or false",
		func(c *Config) value { return boolValue{&c.Realtime} }},
	{"json", allBuilds, Run, "print a JSON summary as the last line of stdout", "true or false",
		func(c *Config) value { return boolValue{&c.JSON} }},
	{"journal", native, Run, "write the run's flags and every live change (settings, speed, pause, steps, reset, reseed, brush strokes), each stamped with its tick, to this JSON-lines file; -replay runs it again", "a writable file path, such as run.jsonl",
		func(c *Config) value { return stringValue{&c.Journal} }},
	{"replay", native, Run, "run a -journal file: its flags, its changes at their ticks, to the tick it ended at (or for -duration); -workers and the outputs are this command's", "a path to a journal written by -journal",
		func(c *Config) value { return stringValue{&c.Replay} }},
	{"metrics", native, Run, "write one JSON line of metrics per interval to this file", "a path to a .jsonl file",
		func(c *Config) value { return stringValue{&c.Metrics} }},
	{"metrics-interval", native, Run, "wall time covered by each metrics line", "a duration > 0, such as 1s",
		func(c *Config) value { return durationValue{&c.MetricsInterval} }},
	{"cpuprofile", native, Run, "write a CPU profile (go tool pprof) to this file", "a writable file path",
		func(c *Config) value { return stringValue{&c.CPUProfile} }},
	{"memprofile", native, Run, "write a heap profile at exit to this file", "a writable file path",
		func(c *Config) value { return stringValue{&c.MemProfile} }},
	{"trace", native, Run, "write a runtime/trace to this file (go tool trace)", "a writable file path",
		func(c *Config) value { return stringValue{&c.Trace} }},

	// The subcommands' own flags.
	{"seeds", Headless, Sweep, "seeds 1 to N for every combination, when -seed is not given", "an integer from 1 to " + strconv.Itoa(MaxRuns),
		func(c *Config) value { return intValue{&c.Sweep.Seeds} }},
	{"jobs", Headless, Sweep, "runs at once (default: the number of CPUs)", "an integer from 1 to 256",
		func(c *Config) value { return intValue{&c.Sweep.Jobs} }},
	{"shard", Headless, Sweep, "do only shard K of N: the runs whose index modulo N is K (default: from Slurm's SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT, or JOB_COMPLETION_INDEX with -shards)", "K/N with 0 <= K < N, such as 3/10",
		func(c *Config) value { return shardValue{&c.Sweep.Shard} }},
	{"shards", Headless, Sweep, "the number of shards, for a Kubernetes indexed job's JOB_COMPLETION_INDEX", "an integer from 1 to " + strconv.Itoa(MaxRuns),
		func(c *Config) value { return intValue{&c.Sweep.Shards} }},
	{"out", Headless, Sweep | Merge | Plot, "the file to write: a sweep's rows (started again with the same file, a sweep skips the rows already there) or merged rows (default: stdout); a plot's image", "a file path (a plot's ending in .png or .svg)",
		func(c *Config) value { return stringValue{&c.Out} }},
	{"format", Headless, Sweep | Merge, "the rows' format: csv, or jsonl (one JSON object a line)", "csv or jsonl",
		func(c *Config) value { return choiceValue{&c.Format, []string{"csv", "jsonl"}} }},
	{"x", Headless, Plot, "heatmap: the sweep's parameter across", "a parameter column: " + strings.Join(PlotParameters, ", "),
		func(c *Config) value { return choiceValue{&c.Plot.X, PlotParameters} }},
	{"y", Headless, Plot, "heatmap: the sweep's parameter up", "a parameter column: " + strings.Join(PlotParameters, ", "),
		func(c *Config) value { return choiceValue{&c.Plot.Y, PlotParameters} }},
	{"z", Headless, Plot, "heatmap: the result shown, its median over the runs of each cell", "a result column: " + strings.Join(PlotResults, ", "),
		func(c *Config) value { return choiceValue{&c.Plot.Z, PlotResults} }},
	{"size", Headless, Plot, "the image's size in pixels", "WxH, each side from 100 to 8000, such as 800x600",
		func(c *Config) value { return gridValue{&c.Plot.Width, &c.Plot.Height} }},
	{"title", Headless, Plot, "the plot's title (default: what it shows)", "any text on one line",
		func(c *Config) value { return stringValue{&c.Plot.Title} }},
}

// lookup returns the flag named name, one the code knows is in the table.
func lookup(name string) flagSpec {
	f, ok := find(name)
	if !ok {
		panic("config: no flag " + name)
	}
	return f
}

// parseArgs sets c's fields from args, which follow the flag package's
// syntax (-name value, -name=value, --name, -bool, -bool=false, and --
// or the first non-flag ending the flags), and returns the flags set and
// whether help was asked for. Every message is one line and names the
// flag as the user wrote it, control characters escaped.
//
// The command cmd decides which flags are taken. Merge and plot take
// files among their flags, into c.Files; in a sweep, a [SweepList] flag
// takes a list of values, which go to c.Axes.
func parseArgs(args []string, b Build, cmd Command, c *Config) (set map[string]bool, help bool, err error) {
	set = map[string]bool{}
	helpHint := "run with -help"
	switch {
	case b == Browser:
		helpHint = "see ?help"
	case cmd != Run:
		helpHint = "run fireflies " + subcommandOf(cmd).name + " -help"
	}
	for len(args) > 0 {
		arg := args[0]
		args = args[1:]
		if arg == "--" {
			break
		}
		if len(arg) < 2 || arg[0] != '-' {
			if cmd&(Merge|Plot) != 0 {
				c.Files = append(c.Files, arg)
				continue
			}
			return set, false, errorf("unexpected argument %s; flags look like -grid 50x50", show(arg))
		}
		name := strings.TrimPrefix(arg[1:], "-")
		name, val, hasVal := strings.Cut(name, "=")
		if name == "" || name[0] == '-' || name[0] == '=' {
			return set, false, errorf("bad flag syntax %s: want -name or -name=value, such as -grid=50x50", show(arg))
		}
		if name == "help" || name == "h" {
			on := true
			if hasVal {
				if on, err = strconv.ParseBool(val); err != nil {
					return set, false, errorf("-%s: got %s, want true or false", name, show(val))
				}
			}
			help = help || on
			continue
		}
		f, ok := find(name)
		if !ok {
			return set, false, errorf("unknown flag -%s; %s to list the flags", show(name), helpHint)
		}
		if f.builds&b == 0 {
			return set, false, errorf("-%s: not in the %s build (it works in the %s build%s)", name, b, f.builds, plural(f.builds))
		}
		if f.cmds&cmd == 0 && !(cmd == Sweep && f.cmds&SweepList != 0) {
			return set, false, errorf("-%s: not for %s (it is for %s)", name, cmd, f.cmds)
		}
		v := f.value(c)
		if _, isBool := v.(boolFlag); isBool && !hasVal {
			val, hasVal = "true", true
		}
		if !hasVal {
			if len(args) == 0 {
				return set, false, errorf("-%s needs a value: %s", name, f.allows)
			}
			val, args = args[0], args[1:]
		}
		if cmd == Sweep && f.cmds&SweepList != 0 {
			if err := c.addAxis(f, val); err != nil {
				return set, false, err
			}
		} else if err := v.Set(val); err != nil {
			return set, false, errorf("-%s: got %s, want %s", name, show(val), f.allows)
		}
		set[name] = true
	}
	if cmd&(Merge|Plot) != 0 {
		c.Files = append(c.Files, args...)
		args = nil
	}
	if len(args) > 0 && !help {
		return set, false, errorf("unexpected argument %s; flags look like -grid 50x50", show(args[0]))
	}
	return set, help, nil
}

func find(name string) (flagSpec, bool) {
	for _, f := range flags {
		if f.name == name {
			return f, true
		}
	}
	return flagSpec{}, false
}

func plural(b Build) string {
	if b&(b-1) != 0 {
		return "s"
	}
	return ""
}

// show returns s as it can be printed on one line: as it is if every rune
// is a printable non-space, quoted with escapes otherwise (and when empty).
func show(s string) string {
	if s == "" {
		return `""`
	}
	for _, r := range s {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return strconv.QuoteToGraphic(s)
		}
	}
	return s
}

// Usage is the list of build b's flags that -help prints (for the browser,
// its URL parameters), with its subcommands.
func Usage(b Build) string { return usage(b, Run) }

func usage(b Build, cmd Command) string {
	var s strings.Builder
	switch {
	case b == Browser:
		s.WriteString("The page takes its flags as URL parameters, such as ?grid=256x256&seed=7\n\n")
	case cmd == Run:
		s.WriteString("Usage: fireflies [flags]\n")
		for _, sc := range subcommands {
			if sc.builds&b != 0 {
				fmt.Fprintf(&s, "       fireflies %s %s\n", sc.name, sc.args)
			}
		}
		s.WriteString("\nFlags of the " + b.String() + " build:\n")
	default:
		sc := subcommandOf(cmd)
		fmt.Fprintf(&s, "Usage: fireflies %s %s\n\n%s\n\nFlags:\n", sc.name, sc.args, sc.about)
	}
	def := defaults(b, cmd)
	for _, f := range flags {
		if f.builds&b == 0 || (f.cmds&cmd == 0 && !(cmd == Sweep && f.cmds&SweepList != 0)) {
			continue
		}
		v := f.value(&def)
		if b == Browser {
			fmt.Fprintf(&s, "  %s=", f.name)
		} else {
			fmt.Fprintf(&s, "  -%s", f.name)
			if _, isBool := v.(boolFlag); !isBool {
				s.WriteString(" ")
			}
		}
		list := cmd == Sweep && f.cmds&SweepList != 0
		if _, isBool := v.(boolFlag); !isBool {
			s.WriteString(placeholder(v))
			if list {
				s.WriteString(",…")
			}
		} else if b == Browser {
			s.WriteString("true")
		}
		fmt.Fprintf(&s, "\n    \t%s", f.usage)
		if d := v.String(); d != "" && d != "0" && d != "0s" && d != "false" && f.name != "seed" && f.name != "workers" && f.name != "refractory" && f.name != "jobs" {
			fmt.Fprintf(&s, " (default %s)", d)
		}
		if list {
			switch {
			case f.name == "seed":
				s.WriteString("; a list of values a,b,c, each a value or a range from..to (default: -seeds)")
			case ranged(v):
				s.WriteString("; a list of values a,b,c, each a value or a range from:to:count of count evenly spaced values")
			default:
				s.WriteString("; a list of values a,b,c")
			}
		}
		s.WriteString("\n")
	}
	return s.String()
}

// ranged reports whether a sweep takes ranges from:to:count of the
// flag's values: durations and fractions.
func ranged(v value) bool {
	switch v.(type) {
	case durationValue, floatValue:
		return true
	}
	return false
}

func placeholder(v value) string {
	switch v.(type) {
	case gridValue:
		return "WxH"
	case durationValue:
		return "duration"
	case intValue, uintValue:
		return "n"
	case floatValue:
		return "x"
	case choiceValue:
		return strings.Join(v.(choiceValue).choices, "|")
	case shardValue:
		return "K/N"
	case patternValue:
		return "rule"
	}
	return "path"
}

// gridValue parses "WxH" or "N" (N×N).
type gridValue struct{ w, h *int }

func (g gridValue) String() string { return fmt.Sprintf("%dx%d", *g.w, *g.h) }

func (g gridValue) Set(s string) error {
	ws, hs, ok := strings.Cut(strings.ToLower(s), "x")
	if !ok {
		hs = ws
	}
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if err1 != nil || err2 != nil {
		return errors.New("want WxH or N")
	}
	*g.w, *g.h = w, h
	return nil
}

type durationValue struct{ p *time.Duration }

func (d durationValue) String() string { return d.p.String() }

func (d durationValue) Set(s string) error {
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d.p = v
	return nil
}

type intValue struct{ p *int }

func (i intValue) String() string { return strconv.Itoa(*i.p) }

func (i intValue) Set(s string) error {
	v, err := strconv.Atoi(s)
	if err != nil {
		return err
	}
	*i.p = v
	return nil
}

type uintValue struct{ p *uint64 }

func (u uintValue) String() string { return strconv.FormatUint(*u.p, 10) }

func (u uintValue) Set(s string) error {
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return err
	}
	*u.p = v
	return nil
}

type floatValue struct{ p *float64 }

func (f floatValue) String() string { return strconv.FormatFloat(*f.p, 'g', -1, 64) }

func (f floatValue) Set(s string) error {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return errors.New("want a finite number")
	}
	*f.p = v
	return nil
}

type boolValue struct{ p *bool }

func (boolValue) isBool() {}

func (b boolValue) String() string { return strconv.FormatBool(*b.p) }

func (b boolValue) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	*b.p = v
	return nil
}

type stringValue struct{ p *string }

func (s stringValue) String() string { return *s.p }

func (s stringValue) Set(v string) error {
	if v == "" {
		return errors.New("want a path")
	}
	*s.p = v
	return nil
}

// choiceValue is one of a few words.
type choiceValue struct {
	p       *string
	choices []string
}

func (c choiceValue) String() string { return *c.p }

func (c choiceValue) Set(s string) error {
	for _, ch := range c.choices {
		if s == ch {
			*c.p = s
			return nil
		}
	}
	return errors.New("want one of " + strings.Join(c.choices, ", "))
}

// shardValue parses "K/N": shard K of N, counted from 0.
type shardValue struct{ p *Shard }

func (v shardValue) String() string {
	if v.p.N == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", v.p.K, v.p.N)
}

func (v shardValue) Set(s string) error {
	ks, ns, ok := strings.Cut(s, "/")
	k, err1 := strconv.Atoi(ks)
	n, err2 := strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil || k < 0 || n < 1 || k >= n || n > MaxRuns {
		return errors.New("want K/N")
	}
	*v.p = Shard{K: k, N: n}
	return nil
}

// switchValue is a rule that is off or on, named by two words.
type switchValue struct {
	p       *bool
	off, on string
}

func (s switchValue) String() string {
	if *s.p {
		return s.on
	}
	return s.off
}

func (s switchValue) Set(v string) error {
	switch v {
	case s.off:
		*s.p = false
	case s.on:
		*s.p = true
	default:
		return errors.New("want " + s.off + " or " + s.on)
	}
	return nil
}

// presetValue sets several rules at once: "original" the original
// experiment's four, "default" this project's.
type presetValue struct {
	m    *components.Model
	name *string
}

func (p presetValue) String() string { return *p.name }

func (p presetValue) Set(v string) error {
	on := v == "original"
	if !on && v != "default" {
		return errors.New("want original or default")
	}
	p.m.QueueDeafFlashes, p.m.PhaseClock, p.m.StartDeaf, p.m.RFromFlashes = on, on, on, on
	*p.name = v
	return nil
}

// LiveFlags are the flags a live run can change while it runs, in the
// table's order: the model's. The period, nudge, refractory, jitter and
// glow, and the variants' rules (response to neighbourhood and graph),
// change the running world, keeping its phases; the grid, the seed and
// the original's rules start a new one.
var LiveFlags = []string{"grid", "period", "nudge", "refractory", "jitter", "glow", "seed",
	"preset", "deaf-flashes", "refractory-clock", "start-deaf", "r-from",
	"response", "threshold", "period-spread", "noise", "neighbours", "edges", "topology"}

// Set changes one of the [LiveFlags] to value, in the flag's syntax, and
// validates the result as a command line would be: on an [*Error] c is
// unchanged.
func (c *Config) Set(name, value string) error {
	if !slices.Contains(LiveFlags, name) {
		return errorf("%s: not a setting that changes while running; want one of %s", show(name), strings.Join(LiveFlags, ", "))
	}
	n := *c
	if err := lookup(name).value(&n).Set(value); err != nil {
		return errorf("-%s: got %s, want %s", name, show(value), lookup(name).allows)
	}
	check := n
	check.Replay = "" // a replay's changes come from its journal, as flags do not
	if err := check.validate(map[string]bool{name: true}); err != nil {
		return err
	}
	*c = n
	return nil
}

// Value is flag name's value in c, in the flag's syntax.
func (c Config) Value(name string) string {
	return lookup(name).value(&c).String()
}

// patternValue is a word with a parameter, such as radius:3, checked by
// its own function.
type patternValue struct {
	p     *string
	valid func(string) bool
}

func (v patternValue) String() string { return *v.p }

func (v patternValue) Set(s string) error {
	if !v.valid(s) {
		return errors.New("not allowed")
	}
	*v.p = s
	return nil
}

func validNeighbours(s string) bool {
	if s == "moore" || s == "vonneumann" {
		return true
	}
	r, err := strconv.Atoi(strings.TrimPrefix(s, "radius:"))
	return strings.HasPrefix(s, "radius:") && err == nil && r >= 1 && r <= systems.MaxRadius
}

func validTopology(s string) bool {
	switch {
	case s == "lattice" || s == "all":
		return true
	case strings.HasPrefix(s, "smallworld:"):
		p, err := strconv.ParseFloat(strings.TrimPrefix(s, "smallworld:"), 64)
		return err == nil && p >= 0 && p <= 1
	case strings.HasPrefix(s, "random:"):
		k, err := strconv.Atoi(strings.TrimPrefix(s, "random:"))
		return err == nil && k >= 1 && k <= systems.MaxDegree
	}
	return false
}
