package config

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/firefly-observatory/fireflies/components"
)

// flagSpec is one flag: its name, the builds that honour it, what it does,
// what values it allows (the second half of every error about it) and the
// field its value goes to.
type flagSpec struct {
	name   string
	builds Build
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
	{"grid", allBuilds, "grid size, WxH or N for NxN",
		"WxH or N, each side from 3 to " + strconv.Itoa(MaxSide) + ", at most " + strconv.Itoa(maxFireflies) + " fireflies in all",
		func(c *Config) value { return gridValue{&c.Model.Width, &c.Model.Height} }},
	{"period", allBuilds, "free-running cycle length", "a duration > 0 and at most 1h, such as 5s",
		func(c *Config) value { return durationValue{&c.Model.Period} }},
	{"nudge", allBuilds, "phase advance per flashing neighbour", "a duration >= 0, such as 200ms",
		func(c *Config) value { return durationValue{&c.Model.Nudge} }},
	{"refractory", allBuilds, "deafness after a flash (default 20% of the period)", "a duration >= 0 and < the period, such as 1s",
		func(c *Config) value { return durationValue{&c.Model.Refractory} }},
	{"jitter", allBuilds, "phase after a flash is uniform in [0, jitter)", "a duration >= 0 and < the period, such as 100ms",
		func(c *Config) value { return durationValue{&c.Model.Jitter} }},
	{"glow", allBuilds, "fraction of the period a flash stays visible", "a fraction of the period in (0, 1]",
		func(c *Config) value { return floatValue{&c.Model.Glow} }},
	{"seed", allBuilds, "random seed (default: a fresh one, printed at start)", "an unsigned integer",
		func(c *Config) value { return uintValue{&c.Model.Seed} }},
	{"preset", allBuilds, "original: all four of the original experiment's rules below (later flags override it)", "original or default",
		func(c *Config) value { return presetValue{&c.Model, &c.Preset} }},
	{"deaf-flashes", allBuilds, "what a deaf firefly does with the flashes it hears: drop them, or queue them and take each as a full nudge when it hears again (the original)", "drop or queue",
		func(c *Config) value { return switchValue{&c.Model.QueueDeafFlashes, "drop", "queue"} }},
	{"refractory-clock", allBuilds, "deaf for the refractory time after a flash (time), or while the phase is below it (phase, the original)", "time or phase",
		func(c *Config) value { return switchValue{&c.Model.PhaseClock, "time", "phase"} }},
	{"start-deaf", allBuilds, "fireflies whose first phase is below the refractory time start deaf (the original)", "true or false",
		func(c *Config) value { return boolValue{&c.Model.StartDeaf} }},
	{"r-from", allBuilds, "the order parameter R from the phases, or from the time since each firefly's last flash (the original's monitor); with flashes both are shown and logged", "phases or flashes",
		func(c *Config) value { return switchValue{&c.Model.RFromFlashes, "phases", "flashes"} }},
	{"duration", allBuilds, "simulated time to run (0: until closed or interrupted)", "a duration >= 0 and at most 8760h (a year), such as 30s or 10m",
		func(c *Config) value { return durationValue{&c.Duration} }},
	{"workers", native, "goroutines the systems are split across", "an integer from 1 to 256",
		func(c *Config) value { return intValue{&c.Workers} }},
	{"mode", allBuilds, "sim, or render: synthetic flashes that stress the draw path only", "sim or render",
		func(c *Config) value { return choiceValue{&c.Mode, []string{"sim", "render"}} }},
	{"sources", allBuilds, "render mode: synthetic flash sources", "an integer from 1 to 10000000",
		func(c *Config) value { return intValue{&c.Sources} }},
	{"rate", allBuilds, "render mode: flashes per source per second", "flashes per source per second, > 0, with sources × rate at most 1e8",
		func(c *Config) value { return floatValue{&c.Rate} }},
	{"draw", drawn, "shader (glow bytes, palette on the GPU) or rgba (palette on the CPU)", "shader or rgba",
		func(c *Config) value { return choiceValue{&c.Draw, []string{"shader", "rgba"}} }},
	{"screenshot", native, "write the last frame to this PNG file at exit (headless: the grid, at most 4096 pixels a side)", "a path to a .png file",
		func(c *Config) value { return stringValue{&c.Screenshot} }},
	{"record", native, "record the glow as an animated GIF to this file", "a path to a .gif file",
		func(c *Config) value { return stringValue{&c.Record} }},
	{"record-every", native, "simulated time between two frames of -record", "a duration of at least one tick (1/60 s) and at most 1h, such as 500ms",
		func(c *Config) value { return durationValue{&c.RecordEvery} }},
	{"record-size", native, "the largest frame of -record, WxH; larger grids are averaged down", "WxH or N, each from 16 to 4096",
		func(c *Config) value { return gridValue{&c.RecordW, &c.RecordH} }},
	{"until-sync", Headless, "end the run once the swarm is synchronised (R >= 0.9 for a full period), or at -duration", "true or false",
		func(c *Config) value { return boolValue{&c.UntilSync} }},
	{"series", native, "write t, R, flashes, waves, pulse and the largest avalanche to this CSV file at fixed simulated times", "a path to a .csv file",
		func(c *Config) value { return stringValue{&c.Series} }},
	{"series-every", native, "simulated time between two -series lines, in whole ticks of 1/60 s", "a duration of at least one tick (1/60 s) and at most 8760h, such as 500ms",
		func(c *Config) value { return durationValue{&c.SeriesEvery} }},
	{"avalanches", native, "write the distribution of avalanche sizes (size,count) to this CSV file at exit", "a path to a .csv file",
		func(c *Config) value { return stringValue{&c.Avalanches} }},
	{"realtime", Headless, "pace ticks at 60 TPS instead of as fast as possible", "true or false",
		func(c *Config) value { return boolValue{&c.Realtime} }},
	{"json", allBuilds, "print a JSON summary as the last line of stdout", "true or false",
		func(c *Config) value { return boolValue{&c.JSON} }},
	{"metrics", native, "write one JSON line of metrics per interval to this file", "a path to a .jsonl file",
		func(c *Config) value { return stringValue{&c.Metrics} }},
	{"metrics-interval", native, "wall time covered by each metrics line", "a duration > 0, such as 1s",
		func(c *Config) value { return durationValue{&c.MetricsInterval} }},
	{"cpuprofile", native, "write a CPU profile (go tool pprof) to this file", "a writable file path",
		func(c *Config) value { return stringValue{&c.CPUProfile} }},
	{"memprofile", native, "write a heap profile at exit to this file", "a writable file path",
		func(c *Config) value { return stringValue{&c.MemProfile} }},
	{"trace", native, "write a runtime/trace to this file (go tool trace)", "a writable file path",
		func(c *Config) value { return stringValue{&c.Trace} }},
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
func parseArgs(args []string, b Build, c *Config) (set map[string]bool, help bool, err error) {
	set = map[string]bool{}
	helpHint := "run with -help"
	if b == Browser {
		helpHint = "see ?help"
	}
	for len(args) > 0 {
		arg := args[0]
		args = args[1:]
		if arg == "--" {
			break
		}
		if len(arg) < 2 || arg[0] != '-' {
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
		if err := v.Set(val); err != nil {
			return set, false, errorf("-%s: got %s, want %s", name, show(val), f.allows)
		}
		set[name] = true
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
// its URL parameters).
func Usage(b Build) string {
	var s strings.Builder
	if b == Browser {
		s.WriteString("The page takes its flags as URL parameters, such as ?grid=256x256&seed=7\n\n")
	} else {
		s.WriteString("Usage: fireflies [flags]\n       fireflies analyze FILE.jsonl\n\nFlags of the " + b.String() + " build:\n")
	}
	def := defaults(b)
	for _, f := range flags {
		if f.builds&b == 0 {
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
		if _, isBool := v.(boolFlag); !isBool {
			s.WriteString(placeholder(v))
		} else if b == Browser {
			s.WriteString("true")
		}
		fmt.Fprintf(&s, "\n    \t%s", f.usage)
		if d := v.String(); d != "" && d != "0" && d != "0s" && d != "false" && f.name != "seed" && f.name != "workers" && f.name != "refractory" {
			fmt.Fprintf(&s, " (default %s)", d)
		}
		s.WriteString("\n")
	}
	return s.String()
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
