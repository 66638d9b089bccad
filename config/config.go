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
	"github.com/firefly-observatory/fireflies/params"
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

// builds are the builds, in the order they are listed, each with its
// name, the command that makes it and what it is.
var builds = []struct {
	b                 Build
	name, make, about string
}{
	{Window, "window", "go build .", "a window, at 60 ticks a second"},
	{Headless, "headless", "go build -tags headless .", "no window, as fast as it goes; natively, or for js/wasm under Node"},
	{Browser, "browser", "GOOS=js GOARCH=wasm go build .", "the page, at 60 ticks a second, which takes its flags as URL parameters"},
}

func (b Build) String() string {
	var names []string
	for _, k := range builds {
		if b&k.b != 0 {
			names = append(names, k.name)
		}
	}
	return andList(names, "no")
}

// Config is everything a run needs, parsed from flags and validated.
type Config struct {
	Build Build // the build that parsed it
	// Point is the model, the preset that set its rules, the duration and
	// -until-sync: what names a run, and a sweep's row.
	params.Point
	Workers int
	// DurationSet says -duration was given: a replay then runs for it
	// rather than to its journal's end.
	DurationSet bool

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

	Draw string // window, browser: "shader" (palette on the GPU) or "rgba"
	Tour int    // window, browser: the guided tour's chapter to open at (from 1); 0: none
	// Resolution is the page's canvas pixels per display pixel; 0: auto,
	// full on a GPU, fewer on a software renderer (build_browser_js.go).
	Resolution float64
	Screenshot string // PNG of the last frame, written at exit

	Record           string        // animated GIF of the glow
	RecordEvery      time.Duration // simulated time between frames
	RecordW, RecordH int           // largest frame
	RecordFPS        float64       // frames a second the GIF plays at; 0: real time
	RecordView       string        // window, browser: "grid" (the whole grid) or "camera" (what the window shows)
	Realtime         bool          // pace ticks at 60 TPS: -realtime, and always in the window and the page
	JSON             bool          // print a JSON summary as the last line of stdout
	Measures         bool          // measure the groups, the locked fraction and the time to full synchrony

	Journal string // JSON-lines journal of the live run: its flags and every change
	Replay  string // headless: a journal to run, its flags and changes at their ticks

	// Subcommands' settings.
	Out    string   // sweep, merge: the rows' file ("": stdout); plot: the image
	Format string   // sweep, merge: "csv" or "jsonl"
	Files  []string // merge, plot: the files to read
	Sweep  SweepOptions
	Plot   PlotOptions

	// Help is set when the arguments asked for the flags' list rather than
	// a run; Parse has printed it.
	Help bool
}

// Command is what a command line asks for: a run, or a subcommand that
// takes its flags from the same table.
type Command uint8

const (
	// Run is a single run: fireflies [flags].
	Run Command = 1 << iota
	// Sweep is fireflies sweep: many runs, one row each.
	Sweep
	// Merge is fireflies merge: a sweep's shard files joined.
	Merge
	// Plot is fireflies plot: R against time, or a sweep's heat map.
	Plot
	// Summarize is fireflies summarize: a sweep's cells, their medians
	// and quartiles.
	Summarize
	// SweepList marks a model flag that, in a sweep, takes a list or a
	// range of values, one per run; it is no command of its own.
	SweepList
)

func (c Command) String() string {
	var names []string
	if c&Run != 0 {
		names = append(names, "a run")
	}
	for _, sc := range subcommands {
		if c&sc.cmd != 0 || (sc.cmd == Sweep && c&SweepList != 0) {
			names = append(names, sc.name)
		}
	}
	return andList(names, "nothing")
}

// subcommands are the program's subcommands with the builds that have
// them: the window build's preflight answers them before ebiten starts.
var subcommands = []struct {
	name   string
	cmd    Command // 0: takes no flags from the table
	builds Build
	args   string
	about  string
}{
	{"analyze", 0, native, "FILE.jsonl", "Correlate the columns of a -metrics log."},
	{"sweep", Sweep, Headless, "[flags]",
		"Run every combination of the model flags' values, for each seed, one row each (CSV or JSON lines),\nspread over the CPUs; run again with the same -out file, it skips the rows already there."},
	{"merge", Merge, Headless, "[-out FILE] [-format csv|jsonl] FILE...",
		"Join a sweep's shard files into one, sorted by parameters and seed; files of different sweeps are refused."},
	{"plot", Plot, Headless, "series|heatmap|curve -out FILE.png|.svg [flags] FILE...",
		"series: R against time from one or more -series files.\nheatmap: a sweep's result (-z), its median over the runs of each cell, over two parameters (-x, -y).\n" +
			"curve: a sweep's result (-z) against its one parameter (-x): the median and quartiles over the seeds, and the fraction of runs that synchronised."},
	{"summarize", Summarize, Headless, "[-out FILE] FILE...",
		"One CSV line per cell of a sweep (every parameter but the seed): its runs, how many synchronised, and each result's median and quartiles over the seeds, the measures' (groups, locked, time_to_full_sync, with the fraction fully synchronised) over the runs that measured them."},
}

func subcommandOf(cmd Command) (sc struct {
	name   string
	cmd    Command
	builds Build
	args   string
	about  string
}) {
	for _, sc := range subcommands {
		if sc.cmd == cmd {
			return sc
		}
	}
	panic("config: no subcommand for command " + strconv.Itoa(int(cmd)))
}

// Subcommand reports whether name is one of the program's subcommands,
// and, if build b does not have it, an [*Error] saying which builds do.
func Subcommand(name string, b Build) (bool, error) {
	for _, sc := range subcommands {
		if sc.name == name {
			if sc.builds&b == 0 {
				return true, errorf("%s: not in the %s build (it is in the %s build%s: go build -tags headless .)", name, b, sc.builds, plural(sc.builds))
			}
			return true, nil
		}
	}
	return false, nil
}

// SweepOptions are how a sweep runs, apart from the model flags' values.
type SweepOptions struct {
	Axes  []Axis // the model flags given in the sweep, in the table's order
	Seeds int    // -seeds N: seeds 1 to N; 0 if not given
	Jobs  int    // runs at once
	Shard Shard  // -shard K/N; N is 0 if not given
	// Shards is the number of shards for JOB_COMPLETION_INDEX; 0 if not
	// given.
	Shards int
}

// Axis is a model flag's values in a sweep, each as a run would be given
// it, in the flag's canonical form (such as 200ms).
type Axis struct {
	Flag   string
	Values []string
}

// Shard is shard K of N: the runs whose index modulo N is K.
type Shard struct{ K, N int }

// MaxRuns bounds a sweep: every combination of its values is checked
// before the first run.
const MaxRuns = 1_000_000

// Options are the simulation's options for this configuration.
func (c Config) Options() systems.Options {
	// Avalanches are measured for the outputs that report them. The
	// groups, the locked fraction and the time to full synchrony cost a
	// pass over each tick's flashes and 12 bytes a firefly, so only the
	// runs that ask for them measure them: -measures, and the window and
	// the page, whose overlay shows them.
	o := systems.Options{Workers: c.Workers, AvalancheSizes: c.Avalanches != "",
		Avalanches: c.JSON || c.Series != "" || c.Avalanches != "", Paced: c.Realtime,
		Measures: c.Measures || c.Build&drawn != 0 || c.Until().Measures()}
	if c.Mode == "render" {
		o.Load = &systems.Load{Sources: c.Sources, Rate: c.Rate}
	}
	return o
}

// Until is the run's -until-sync criterion.
func (c Config) Until() params.Until {
	u, _ := params.ParseUntil(c.UntilSync) // checked when parsed
	return u
}

// maxFireflies is the most fireflies a world may hold in this build
// ([params.MaxFireflies]).
var maxFireflies = params.MaxFireflies

// MaxSide is the longest grid side ([params.MaxSide]).
const MaxSide = params.MaxSide

// maxDuration keeps tick numbers well inside int32.
const maxDuration = 8760 * time.Hour

// tick is the simulated time of one tick.
const tick = time.Second / systems.TPS

// Error is bad input: one line naming the flag and what it allows. The
// program exits with status 2 on it.
type Error struct{ msg string }

func (e *Error) Error() string { return e.msg }

func errorf(format string, args ...any) error { return &Error{fmt.Sprintf(format, args...)} }

// Errorf is bad input that a subcommand finds outside the flags — in the
// files it reads or its environment — as an [*Error]: one line, status 2.
func Errorf(format string, args ...any) error { return errorf(format, args...) }

// defaults returns the configuration before any flag, for build b and
// command cmd.
func defaults(b Build, cmd Command) Config {
	c := Config{
		Build:           b,
		Point:           params.Point{Model: defaultModel(), Preset: "default"},
		Workers:         runtime.NumCPU(),
		Mode:            "sim",
		Sources:         5000,
		Rate:            2,
		MetricsInterval: time.Second,
		RecordEvery:     500 * time.Millisecond,
		RecordW:         512,
		RecordH:         512,
		RecordView:      "grid",
		SeriesEvery:     500 * time.Millisecond,
		Draw:            "shader",
	}
	if b == Headless {
		c.Duration = 30 * time.Second
	} else {
		c.Realtime = true // the window and the page tick at ebiten's 60 TPS
	}
	switch cmd {
	case Sweep:
		c.Workers = 1 // the sweep's runs spread over the CPUs instead
		c.Sweep.Jobs = runtime.NumCPU()
		c.Format = "csv"
	case Merge:
		c.Format = "csv"
	case Plot:
		c.Plot = PlotOptions{X: "nudge", Y: "refractory", Z: "time_to_sync", Width: 800, Height: 600}
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
	return ParseCommand(Run, args, b, out)
}

// ParseCommand parses and validates the arguments of command cmd — those
// after the subcommand's name — for build b, as [Parse] does for a run.
func ParseCommand(cmd Command, args []string, b Build, out interface{ Write([]byte) (int, error) }) (Config, error) {
	c := defaults(b, cmd)
	if cmd == Plot {
		if len(args) == 0 || (args[0] != "series" && args[0] != "heatmap" && args[0] != "curve" && !isHelp(args[0])) {
			got := "nothing"
			if len(args) > 0 {
				got = show(args[0])
			}
			return c, errorf("plot: got %s, want series, heatmap or curve first, such as %s plot series -out r.png series.csv", got, Program)
		}
		if !isHelp(args[0]) {
			c.Plot.Kind, args = args[0], args[1:]
		}
	}
	set, help, err := parseArgs(args, b, cmd, &c)
	if err != nil {
		return c, err
	}
	if help {
		fmt.Fprint(out, usage(b, cmd))
		c.Help = true
		return c, nil
	}
	switch cmd {
	case Sweep:
		return c, c.validateSweep(set)
	case Merge:
		if len(c.Files) == 0 {
			return c, errorf("merge: no files; name the shard files to join, such as %s merge -out all.csv shard-*.csv", Program)
		}
		return c, nil
	case Plot:
		return c, c.validatePlot()
	case Summarize:
		if len(c.Files) == 0 {
			return c, errorf("summarize: no files; name a sweep's rows (its shards are merged first), such as %s summarize -out cells.csv rows.csv", Program)
		}
		return c, nil
	}
	if !set["refractory"] {
		c.Model.Refractory = c.Model.Period / 5
	}
	c.DurationSet = set["duration"]
	if !set["seed"] {
		c.Model.Seed = freshSeed()
	}
	c.capWorkers(set)
	if err := c.loadCarolinus(set); err != nil {
		return c, err
	}
	return c, c.validate(set)
}

func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--help", "--h":
		return true
	}
	return false
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
	case c.Resolution != 0 && (c.Resolution < 0.25 || c.Resolution > 1):
		return bad("resolution", c.Resolution)
	case c.RecordFPS != 0 && (c.RecordFPS < 1 || c.RecordFPS > 50):
		return bad("record-fps", c.RecordFPS)
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
	case m.Threshold < 1 || m.Threshold > systems.MaxDegree:
		return bad("threshold", m.Threshold)
	case m.PeriodSpread < 0:
		return bad("period-spread", m.PeriodSpread)
	case m.PeriodSpread >= m.Period:
		return below("period-spread", m.PeriodSpread)
	case m.Noise < 0:
		return bad("noise", m.Noise)
	case m.Noise > m.Period:
		return below("noise", m.Noise)
	case c.Mode == "render":
		for _, name := range []string{"until-sync", "series", "avalanches"} {
			if set[name] {
				return errorf("-%s: not in render mode, whose flashes are synthetic; it works with -mode sim", name)
			}
		}
	}
	if err := c.validateShape(set); err != nil {
		return err
	}
	if err := c.validateCarolinus(set); err != nil {
		return err
	}
	for _, name := range LiveFlags {
		if c.Replay != "" && set[name] {
			return errorf("-%s: not with -replay, which runs the journal's flags", name)
		}
	}
	return c.distinctOutputs()
}

// defaultModel is the default model with its variants' settings named.
func defaultModel() components.Model {
	m := components.DefaultModel()
	m.Response, m.Threshold, m.Neighbours, m.Edges, m.Topology = "advance", 1, "moore", "torus", "lattice"
	m.Clock, m.CouplingScale = "ticks", "none"
	return m
}

// validateShape checks the neighbourhood, edges, topology and threshold
// against each other and the grid, blaming the flag set last in the
// relation: the radius for a small grid, the neighbourhood off the
// lattice, the threshold beyond the neighbours there are.
func (c Config) validateShape(set map[string]bool) error {
	m := c.Model
	shape, err := systems.ParseShape(m)
	if err != nil {
		name, why, _ := strings.Cut(err.Error(), ": ")
		if name == "neighbours" && set["topology"] && strings.HasPrefix(why, "only") {
			return errorf("-topology: got %s, which has no grid neighbourhood; -neighbours and -edges work with -topology lattice or smallworld:P", m.Topology)
		}
		if name == "neighbours" && !set["neighbours"] && set["edges"] {
			name = "edges"
		}
		got := map[string]string{"neighbours": m.Neighbours, "edges": m.Edges, "topology": m.Topology}[name]
		return errorf("-%s: got %s (%s), want %s", name, got, why, lookup(name).allows)
	}
	if m.Variant() && (m.QueueDeafFlashes || m.PhaseClock) {
		// The original's deafness rules are written for the default
		// model's engine alone.
		name, got := "deaf-flashes", "queue"
		if !m.QueueDeafFlashes {
			name, got = "refractory-clock", "phase"
		}
		if !set[name] && set["preset"] {
			name, got = "preset", "original"
		}
		return errorf("-%s: got %s, one of the original's rules, which go with the default model only: not with -response, -threshold, -period-spread, -noise, -neighbours, -edges, -topology or -clock exact", name, got)
	}
	most := len(shape.Offsets)
	switch {
	case shape.All:
		most = m.Fireflies() - 1
	case shape.Degree > 0:
		most = shape.Degree
	}
	if m.Threshold > most {
		return errorf("-threshold: got %d, want at most the %d neighbours each firefly has", m.Threshold, most)
	}
	return nil
}

// distinctOutputs refuses two flags that name one file, and an output
// that is the -replay journal: one output would silently overwrite the
// other, and an output opened on the journal would empty it before it is
// read. Files are compared as files, not as the paths' text (see
// [sameFile]): through symbolic links, "./" and hard links. /dev/null may
// take any number of outputs.
func (c Config) distinctOutputs() error {
	var seen []fileID
	for _, o := range []struct{ flag, path string }{
		{"replay", c.Replay},
		{"metrics", c.Metrics}, {"cpuprofile", c.CPUProfile}, {"memprofile", c.MemProfile},
		{"trace", c.Trace}, {"screenshot", c.Screenshot}, {"record", c.Record},
		{"series", c.Series}, {"avalanches", c.Avalanches}, {"journal", c.Journal},
	} {
		if o.path == "" || o.path == os.DevNull {
			continue
		}
		id := identify(o.flag, o.path)
		for _, other := range seen {
			if !sameFile(id, other) {
				continue
			}
			as := ""
			if other.path != o.path {
				as = " (" + show(other.path) + ")"
			}
			if other.flag == "replay" {
				return errorf("-%s: got %s, the journal -replay reads%s: it would be emptied before it is read; give the output a file of its own", o.flag, show(o.path), as)
			}
			return errorf("-%s: got %s, the file -%s writes too%s; give each output its own file", o.flag, show(o.path), other.flag, as)
		}
		seen = append(seen, id)
	}
	return nil
}

// fileID is what tells a flag's file from another's: the file itself
// where it exists, else the path it will be created at.
type fileID struct {
	flag    string
	path    string      // as the flag gives it
	target  string      // the path, absolute, with its symbolic links followed as far as they lead
	info    os.FileInfo // the existing file's; nil if there is none (yet)
	regular bool        // it is a regular file, or will be one
}

// identify finds the file path names. A file that exists is known by its
// identity ([os.SameFile]), which a hard link shares; one that does not is
// known by where it will be created: the path made absolute, with the
// symbolic links on the way resolved (a dangling link leads to the file
// it will create).
func identify(flag, path string) fileID {
	id := fileID{flag: flag, path: path, regular: true}
	if fi, err := os.Stat(path); err == nil {
		id.info, id.regular = fi, fi.Mode().IsRegular()
	}
	if id.regular {
		id.target = resolve(path)
	} else {
		// Not followed: /dev/stdin and /dev/stdout may lead to one
		// terminal, and are told apart by their names.
		id.target = absolute(path)
	}
	return id
}

// absolute is path made absolute and clean, where it can be (the page has
// no working folder).
func absolute(path string) string {
	p := filepath.Clean(path)
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	return p
}

// sameFile reports whether a and b are one file. Two existing files are
// compared by identity when both are regular files: a device or a pipe
// (/dev/stdout, a FIFO, the terminal) is one only by the same path, since
// two flags can name one terminal to good effect and reading a journal
// from a pipe empties nothing.
func sameFile(a, b fileID) bool {
	if a.target == b.target {
		return true
	}
	return a.info != nil && b.info != nil && a.regular && b.regular && os.SameFile(a.info, b.info)
}

// resolve is path made absolute and clean, its symbolic links followed:
// the folder's with [filepath.EvalSymlinks], then the last element's, if
// it is one, even if what it points to does not exist yet. Where a step
// cannot be taken (no such folder; the page, which has no files) it
// stops with what it has.
func resolve(path string) string {
	p := absolute(path)
	for range 40 { // as many links as the system follows
		dir, base := filepath.Split(p)
		if d, err := filepath.EvalSymlinks(dir); err == nil {
			p = filepath.Join(d, base)
			dir = d
		}
		fi, err := os.Lstat(p)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			return p
		}
		to, err := os.Readlink(p)
		if err != nil {
			return p
		}
		if !filepath.IsAbs(to) {
			to = filepath.Join(dir, to)
		}
		p = filepath.Clean(to)
	}
	return p
}

// freshSeed picks a seed when none is given; it is printed so the run can
// be repeated.
func freshSeed() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:]) >> 12 // short enough to type
}

// andList writes names as a list in words, "a, b and c", or none for an
// empty one.
func andList(names []string, none string) string {
	switch len(names) {
	case 0:
		return none
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
