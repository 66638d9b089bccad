package config

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/firefly-observatory/fireflies/params"
)

// flagSpec is one flag: its name, the builds and the commands that honour
// it, what it does, its default where its value's is not the one to show,
// what values it allows (the second half of every error about it) and the
// field its value goes to. Its placeholder in -help comes from its value.
type flagSpec struct {
	name   string
	builds Build
	cmds   Command // the commands that take it
	usage  string  // what it does in the first of cmds, never its default
	def    string  // its default in words ("": its value's, if not zero)
	allows string
	value  func(c *Config) value
	// as is what it does in the commands that use it otherwise than
	// usage says: each command's own usage and default, and placeholder
	// if its value's does not fit.
	as map[Command]flagHelp
}

// flagHelp is what -help and the flag reference say of a flag in one
// command.
type flagHelp struct {
	arg   string // the placeholder; "" for a bool
	usage string // what it does
	def   string // its default, in words or as a value ("": none worth saying)
}

// flags is the one table of flags, in the order -help lists them.
var flags = append(modelFlags(), []flagSpec{
	{name: "duration", builds: allBuilds, cmds: Run | SweepList, usage: "simulated time to run; 0 runs until closed or interrupted",
		allows: "a duration >= 0 and at most 8760h (a year), such as 30s or 10m",
		value:  func(c *Config) value { return durationValue{&c.Duration} },
		as:     map[Command]flagHelp{Sweep: {usage: "simulated time each run lasts, more than 0: every run must end"}}},
	{name: "workers", builds: native, cmds: Run | Sweep, usage: "goroutines the systems are split across", def: "the number of CPUs, at most one per row of the grid",
		allows: "an integer from 1 to 256",
		value:  func(c *Config) value { return intValue{&c.Workers} },
		as:     map[Command]flagHelp{Sweep: {usage: "goroutines each run's systems are split across"}}},
	{name: "mode", builds: allBuilds, cmds: Run, usage: "sim, or render: synthetic flashes that stress the draw path only",
		allows: "sim or render",
		value:  func(c *Config) value { return choiceValue{&c.Mode, []string{"sim", "render"}} }},
	{name: "sources", builds: allBuilds, cmds: Run, usage: "render mode: synthetic flash sources",
		allows: "an integer from 1 to 10000000",
		value:  func(c *Config) value { return intValue{&c.Sources} }},
	{name: "rate", builds: allBuilds, cmds: Run, usage: "render mode: flashes per source per second",
		allows: "flashes per source per second, > 0, with sources × rate at most 1e8",
		value:  func(c *Config) value { return floatValue{&c.Rate} }},
	{name: "tour", builds: drawn, cmds: Run, usage: "open the guided tour (A in the window) at its first chapter, or with -tour=N at chapter N; its text is assets/tour.txt",
		allows: "true, false, or a chapter from 1 to 99",
		value:  func(c *Config) value { return tourValue{&c.Tour} }},
	{name: "resolution", builds: Browser, cmds: Run, usage: "the canvas' pixels a display pixel: auto draws at the display's resolution on a GPU, and on a software renderer (SwiftShader, llvmpipe), " +
		"whose every frame is the CPU's, at the fraction that makes the canvas about half a megapixel (0.7 at 1280×800), from 0.5; a number draws at that fraction",
		allows: "auto, or a number from 0.25 to 1",
		value:  func(c *Config) value { return resolutionValue{&c.Resolution} }},
	{name: "draw", builds: drawn, cmds: Run, usage: "shader (glow bytes, palette on the GPU) or rgba (palette on the CPU)",
		allows: "shader or rgba",
		value:  func(c *Config) value { return choiceValue{&c.Draw, []string{"shader", "rgba"}} }},
	{name: "screenshot", builds: native, cmds: Run, usage: "write the last frame to this PNG file at exit (headless: the grid, at most 4096 pixels a side)",
		allows: "a path to a .png file",
		value:  func(c *Config) value { return stringValue{&c.Screenshot, "file.png"} }},
	{name: "record", builds: native, cmds: Run, usage: "record the glow as an animated GIF to this file",
		allows: "a path to a .gif file",
		value:  func(c *Config) value { return stringValue{&c.Record, "file.gif"} }},
	{name: "record-every", builds: allBuilds, cmds: Run, usage: "simulated time between two frames of -record (or of a recording started in the window or the page)",
		allows: "a duration of at least one tick (1/60 s) and at most 1h, such as 500ms",
		value:  func(c *Config) value { return durationValue{&c.RecordEvery} }},
	{name: "record-fps", builds: allBuilds, cmds: Run, usage: "frames a second -record's GIF plays at, so that a long run plays short (a frame every -record-every of 500ms at 14 plays 70 simulated seconds in 10)", def: "real time: one frame each -record-every",
		allows: "a number of frames a second from 1 to 50",
		value:  func(c *Config) value { return floatValue{&c.RecordFPS} }},
	{name: "record-size", builds: allBuilds, cmds: Run, usage: "the frame of -record, WxH at most: a smaller grid is enlarged by whole pixels a cell, a larger one averaged down",
		allows: "WxH or N, each from 16 to 4096",
		value:  func(c *Config) value { return gridValue{&c.RecordW, &c.RecordH} }},
	{name: "record-view", builds: drawn, cmds: Run, usage: "what -record (and a recording started in the window or the page) shows: grid, the whole grid; " +
		"camera, what the window shows of it, zoomed and panned as it is at each frame, the screen's shape fitted to -record-size",
		allows: "grid or camera",
		value:  func(c *Config) value { return choiceValue{&c.RecordView, []string{"grid", "camera"}} }},
	{name: "until-sync", builds: Headless, cmds: Run | Sweep, usage: "end the run once the swarm is synchronised, or at -duration: alone (or true), once R >= 0.9 for a full period; " +
		"r:X, once R >= X for a full period; full, at full synchrony (every cycle's flashes one avalanche of every firefly, twice running); locked:F, once a fraction F of the fireflies is frequency-locked",
		allows: "true, false, r:X or locked:F with X and F in (0, 1], or full",
		value:  func(c *Config) value { return untilValue{&c.UntilSync} },
		as:     map[Command]flagHelp{Sweep: {usage: "end each run once its swarm is synchronised by -until-sync's criterion (alone: R >= 0.9 for a full period; r:X, full, locked:F), or at -duration"}}},
	{name: "series", builds: native, cmds: Run, usage: "write t, R, flashes, waves, pulse, the largest avalanche and the sync state (synced, sync_episodes) to this CSV file at fixed simulated times",
		allows: "a path to a .csv file",
		value:  func(c *Config) value { return stringValue{&c.Series, "file.csv"} }},
	{name: "series-every", builds: native, cmds: Run, usage: "simulated time between two -series lines, in whole ticks of 1/60 s",
		allows: "a duration of at least one tick (1/60 s) and at most 8760h, such as 500ms",
		value:  func(c *Config) value { return durationValue{&c.SeriesEvery} }},
	{name: "avalanches", builds: native, cmds: Run, usage: "write the distribution of avalanche sizes (size,count) to this CSV file at exit",
		allows: "a path to a .csv file",
		value:  func(c *Config) value { return stringValue{&c.Avalanches, "file.csv"} }},
	{name: "realtime", builds: Headless, cmds: Run, usage: "pace ticks at 60 TPS instead of as fast as possible",
		allows: "true or false",
		value:  func(c *Config) value { return boolValue{&c.Realtime} }},
	{name: "json", builds: allBuilds, cmds: Run, usage: "print a JSON summary as the last line of stdout",
		allows: "true or false",
		value:  func(c *Config) value { return boolValue{&c.JSON} }},
	{name: "measures", builds: native, cmds: Run | Sweep, usage: "measure the firing groups, the fraction of fireflies frequency-locked and the time to full synchrony, " +
		"for the -json summary's measures and -series' groups, locked and full_sync columns (a pass over each tick's flashes, 12 bytes a firefly); " +
		"-until-sync=full or locked:F measure them too, and the window always does, for its overlay",
		allows: "true or false",
		value:  func(c *Config) value { return boolValue{&c.Measures} },
		as: map[Command]flagHelp{Sweep: {usage: "measure, in every run, the firing groups, the fraction of fireflies frequency-locked and the time to full synchrony, " +
			"for the rows' groups, locked and time_to_full_sync_seconds columns, empty without it (a pass over each tick's flashes, 12 bytes a firefly); -until-sync=full or locked:F measure them too"}}},
	{name: "journal", builds: native, cmds: Run, usage: "write the run's flags and every live change (settings, speed, pause, steps, reset, reseed, brush strokes), each stamped with its tick, to this JSON-lines file; -replay runs it again",
		allows: "a writable file path, such as run.jsonl",
		value:  func(c *Config) value { return stringValue{&c.Journal, "file.jsonl"} }},
	{name: "replay", builds: native, cmds: Run, usage: "run a -journal file: its flags, its changes at their ticks, to the tick it ended at (or for -duration); -workers and the outputs are this command's",
		allows: "a path to a journal written by -journal",
		value:  func(c *Config) value { return stringValue{&c.Replay, "file.jsonl"} }},
	{name: "metrics", builds: native, cmds: Run, usage: "write one JSON line of metrics per interval to this file",
		allows: "a path to a .jsonl file",
		value:  func(c *Config) value { return stringValue{&c.Metrics, "file.jsonl"} }},
	{name: "metrics-interval", builds: native, cmds: Run, usage: "wall time covered by each metrics line",
		allows: "a duration > 0, such as 1s",
		value:  func(c *Config) value { return durationValue{&c.MetricsInterval} }},
	{name: "cpuprofile", builds: native, cmds: Run, usage: "write a CPU profile (go tool pprof) to this file",
		allows: "a writable file path",
		value:  func(c *Config) value { return stringValue{&c.CPUProfile, "file"} }},
	{name: "memprofile", builds: native, cmds: Run, usage: "write a heap profile at exit to this file",
		allows: "a writable file path",
		value:  func(c *Config) value { return stringValue{&c.MemProfile, "file"} }},
	{name: "trace", builds: native, cmds: Run, usage: "write a runtime/trace to this file (go tool trace)",
		allows: "a writable file path",
		value:  func(c *Config) value { return stringValue{&c.Trace, "file"} }},

	// The subcommands' own flags.
	{name: "seeds", builds: Headless, cmds: Sweep, usage: "seeds 1 to N for every combination, when -seed is not given",
		allows: "an integer from 1 to " + strconv.Itoa(MaxRuns),
		value:  func(c *Config) value { return intValue{&c.Sweep.Seeds} }},
	{name: "jobs", builds: Headless, cmds: Sweep, usage: "runs at once", def: "the number of CPUs",
		allows: "an integer from 1 to 256",
		value:  func(c *Config) value { return intValue{&c.Sweep.Jobs} }},
	{name: "shard", builds: Headless, cmds: Sweep, usage: "do only shard K of N: the runs whose index modulo N is K",
		def:    "from Slurm's SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT, or JOB_COMPLETION_INDEX with -shards",
		allows: "K/N with 0 <= K < N, such as 3/10",
		value:  func(c *Config) value { return shardValue{&c.Sweep.Shard} }},
	{name: "shards", builds: Headless, cmds: Sweep, usage: "the number of shards, for a Kubernetes indexed job's JOB_COMPLETION_INDEX",
		allows: "an integer from 1 to " + strconv.Itoa(MaxRuns),
		value:  func(c *Config) value { return intValue{&c.Sweep.Shards} }},
	{name: "out", builds: Headless, cmds: Sweep | Merge | Plot | Summarize, usage: "the file to write the rows to; started again with the same file, a sweep skips the rows already there", def: "stdout",
		allows: "a file path (a plot's ending in .png or .svg)",
		value:  func(c *Config) value { return stringValue{&c.Out, "file"} },
		as: map[Command]flagHelp{
			Merge:     {usage: "the file to write the merged rows to", def: "stdout"},
			Summarize: {usage: "the file to write the cells' lines to", def: "stdout"},
			Plot:      {arg: "file.png|file.svg", usage: "the image to write, PNG or SVG by its ending"},
		}},
	{name: "format", builds: Headless, cmds: Sweep | Merge, usage: "the rows' format: csv, or jsonl (one JSON object a line)",
		allows: "csv or jsonl",
		value:  func(c *Config) value { return choiceValue{&c.Format, []string{"csv", "jsonl"}} },
		as:     map[Command]flagHelp{Merge: {usage: "the merged rows' format, whichever the files are in: csv, or jsonl (one JSON object a line)"}}},
	{name: "x", builds: Headless, cmds: Plot, usage: "heatmap: the sweep's parameter across; curve: the parameter the result is drawn against",
		allows: "a parameter column: " + strings.Join(PlotParameters, ", "),
		value:  func(c *Config) value { return choiceValue{&c.Plot.X, PlotParameters} }},
	{name: "y", builds: Headless, cmds: Plot, usage: "heatmap: the sweep's parameter up",
		allows: "a parameter column: " + strings.Join(PlotParameters, ", "),
		value:  func(c *Config) value { return choiceValue{&c.Plot.Y, PlotParameters} }},
	{name: "z", builds: Headless, cmds: Plot, usage: "heatmap: the result shown, its median over the runs of each cell; curve: the result drawn; groups, locked and time_to_full_sync from a sweep run with -measures",
		allows: "a result column: " + strings.Join(plotResultNames(), ", "),
		value:  func(c *Config) value { return choiceValue{&c.Plot.Z, plotResultNames()} }},
	{name: "size", builds: Headless, cmds: Plot, usage: "the image's size in pixels",
		allows: "WxH, each side from 100 to 8000, such as 800x600",
		value:  func(c *Config) value { return gridValue{&c.Plot.Width, &c.Plot.Height} }},
	{name: "title", builds: Headless, cmds: Plot, usage: "the plot's title", def: "what it shows",
		allows: "any text on one line",
		value:  func(c *Config) value { return stringValue{&c.Plot.Title, "text"} }},
}...)

// takes reports whether command cmd takes f: a sweep takes the run's
// model flags, each with a list of values.
func (f flagSpec) takes(cmd Command) bool {
	return f.cmds&cmd != 0 || (cmd == Sweep && f.cmds&SweepList != 0)
}

// helpFor is what build b's -help for command cmd says of f: f.as[cmd]
// where the command uses f otherwise than f.usage says; the placeholder
// and the default its value gives where no words are given; in a sweep, a
// model flag's list of values.
func (f flagSpec) helpFor(b Build, cmd Command) flagHelp {
	c := defaults(b, cmd)
	v := f.value(&c)
	h := flagHelp{arg: v.placeholder(), usage: f.usage, def: f.def}
	if o, ok := f.as[cmd]; ok {
		h.usage, h.def = o.usage, o.def
		if o.arg != "" {
			h.arg = o.arg
		}
	}
	if h.def == "" {
		if d := v.String(); d != "0" && d != "0s" && d != "false" {
			h.def = d
		}
	}
	if cmd == Sweep && f.cmds&SweepList != 0 {
		h.arg += ",…"
		switch {
		case f.name == "seed":
			h.usage += "; a list of values a,b,c, each a value or a range from..to"
		case ranged(v):
			h.usage += "; a list of values a,b,c, each a value or a range from:to:count of count evenly spaced values"
		default:
			h.usage += "; a list of values a,b,c"
		}
	}
	return h
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

// modelFlags are the model's parameters' flags, from [params.Table]: the
// first that -help lists.
func modelFlags() []flagSpec {
	var fs []flagSpec
	for _, p := range params.Table {
		if p.Setting {
			continue // declared below, with the run's other settings
		}
		f := flagSpec{name: p.Name, builds: allBuilds, cmds: Run, usage: p.Usage, def: p.HelpDefault,
			allows: p.Allows, value: paramValue(p)}
		if p.Sweep {
			f.cmds |= SweepList
		}
		if p.SweepUsage != "" {
			f.as = map[Command]flagHelp{Sweep: {usage: p.SweepUsage, def: p.SweepDefault}}
		}
		fs = append(fs, f)
	}
	return fs
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
		helpHint = "run " + Program + " " + subcommandOf(cmd).name + " -help"
	}
	for len(args) > 0 {
		arg := args[0]
		args = args[1:]
		if arg == "--" {
			break
		}
		if len(arg) < 2 || arg[0] != '-' {
			if cmd&(Merge|Plot|Summarize) != 0 {
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
		if !f.takes(cmd) {
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
	if cmd&(Merge|Plot|Summarize) != 0 {
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

// Program is the program's name in usage lines and in hints such as "run
// fireflies sweep -help": the name it was run by, the base name of
// os.Args[0] (fireflies-headless, as make headless builds it), or
// fireflies. The page's help names URL parameters instead.
var Program = programName(os.Args)

func programName(args []string) string {
	if len(args) > 0 {
		if name := filepath.Base(args[0]); name != "." && name != string(filepath.Separator) {
			return name
		}
	}
	return "fireflies"
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
		fmt.Fprintf(&s, "Usage: %s [flags]\n", Program)
		for _, sc := range subcommands {
			if sc.builds&b != 0 {
				fmt.Fprintf(&s, "       %s %s %s\n", Program, sc.name, sc.args)
			}
		}
		s.WriteString("\nFlags of the " + b.String() + " build:\n")
	default:
		sc := subcommandOf(cmd)
		fmt.Fprintf(&s, "Usage: %s %s %s\n\n%s\n\nFlags:\n", Program, sc.name, sc.args, sc.about)
	}
	for _, f := range flags {
		if f.builds&b == 0 || !f.takes(cmd) {
			continue
		}
		h := f.helpFor(b, cmd)
		switch {
		case b == Browser && h.arg == "":
			fmt.Fprintf(&s, "  %s=true", f.name)
		case b == Browser:
			fmt.Fprintf(&s, "  %s=%s", f.name, h.arg)
		case h.arg == "":
			fmt.Fprintf(&s, "  -%s", f.name)
		default:
			fmt.Fprintf(&s, "  -%s %s", f.name, h.arg)
		}
		fmt.Fprintf(&s, "\n    \t%s%s\n", h.usage, defaultNote(h.def))
	}
	return s.String()
}

// defaultNote is the "(default …)" that ends a flag's -help line: a value
// as it is written, words after a colon.
func defaultNote(def string) string {
	switch {
	case def == "":
		return ""
	case strings.Contains(def, " "):
		return " (default: " + def + ")"
	}
	return " (default " + def + ")"
}

// LiveFlags are the flags a live run can change while it runs, in the
// table's order: the model's. The period, nudge, refractory, jitter and
// glow, and the variants' rules (response to neighbourhood and graph),
// change the running world, keeping its phases; the grid, the seed and
// the original's rules start a new one.
var LiveFlags = params.Live

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
