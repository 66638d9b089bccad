// Package params describes each of the model's parameters once: its flag
// and URL parameter, what it does and allows, its column in a sweep's rows
// and its key in the -json summary, its unit and a plot axis' label,
// whether a sweep can vary it and whether a live run can change it. The
// flags (config), the sweep's columns and row parser (sweep), the plots'
// axes (plot), the summary's fields (report), the page's params and the
// journal's header (live) all read [Table].
//
// A new parameter of the model is one entry here plus its meaning in the
// model: a field of [components.Model] and the systems that read it.
package params

import (
	"errors"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems"
)

// Point is what names one run: the model, the preset that set its rules,
// and how long it runs. A config embeds one; a sweep's row holds one.
type Point struct {
	Model     components.Model
	Preset    string        // "default" or "original"; Model holds the rules it set
	Duration  time.Duration // simulated time to run; 0 runs until closed (window, browser)
	UntilSync string        // headless: -until-sync's criterion ([ParseUntil]); "" or "false": none
}

// Kind is how a parameter's value is written and read.
type Kind int

const (
	Grid    Kind = iota // WxH: the columns width and height
	Seconds             // a duration, written in seconds in rows and summaries
	Float               // a number
	Int                 // a whole number
	Uint                // an unsigned whole number
	Bool                // true or false
	Choice              // one of Words
	Pattern             // a word with a parameter, checked by Valid
	Switch              // a rule off or on, named by Words[0] and Words[1]
	Preset              // several rules at once: default or original
)

// Param is one parameter.
type Param struct {
	Name   string // the flag, the URL parameter and the plots' -x/-y ("grid": -x width, -x height)
	Kind   Kind
	Usage  string // what it does, for -help
	Allows string // the values it allows: the second half of every error about it
	// Column is the parameter's key in a sweep's rows and in the -json
	// summary; "" for none. A grid is two columns, width and height.
	Column string
	Label  string // a plot axis' label, where it is a number
	Sweep  bool   // a column of a sweep's rows, and an axis a sweep takes lists of
	Live   bool   // a live run changes it while it runs (the panel, the page, a journal)
	// Setting says the flag is a run's setting that config declares
	// among its other flags (who runs it, for how long), not the model's.
	Setting bool
	Default string // the column's text for the zero value, where that means a default
	// HelpDefault is the default -help shows, in words, where the
	// value's own is not the one to show.
	HelpDefault string
	// SweepUsage and SweepDefault are what the parameter does in a
	// sweep, where that differs from Usage.
	SweepUsage, SweepDefault string
	Words                    []string // Choice: the words; Switch: off, then on
	Valid                    func(string) bool
	// Field points into p at the parameter's value: *int, *time.Duration,
	// *float64, *uint64, *bool or *string; a grid's is its width's (and
	// its height's is [Point.Model]'s Height).
	Field func(p *Point) any
}

// MaxSide is the longest grid side: the window's GPU images can be no
// wider (ebiten's limit is 16384 texels).
const MaxSide = 16384

// MaxFireflies is the most fireflies a world may hold in this build:
// [systems.MaxFireflies] natively, and in WebAssembly (the page, and the
// headless build under Node) what fits in wasm32's 4 GiB with the build's
// garbage: 2896×2896 fits under Node, 4096×4096 runs out.
var MaxFireflies = map[bool]int{false: systems.MaxFireflies, true: WasmMaxFireflies}[runtime.GOARCH == "wasm"]

// WasmMaxFireflies is [MaxFireflies] in WebAssembly.
const WasmMaxFireflies = 1 << 23

// Table is every parameter, in the order -help lists them. Its sweep
// columns are in the order of a sweep's CSV header; a file's rows are
// read by its own header's names, so an old file, whose header lacks the
// columns added since, reads those at their defaults.
var Table = []Param{
	{Name: "preset", Kind: Preset, Usage: "sets several settings at once: default, this project's rules; original, the original experiment's four rules below; " +
		"classroom, for a demonstration: a nudge of 400ms and a spread of periods of 400ms, so that the swarm falls into step within about 15 s, " +
		"falls apart within 30 s with the coupling off (K) and finds itself again within 20 s when it is back on. First in the list, so that later flags override it",
		HelpDefault: "this project's rules", Allows: "default, original or classroom",
		Column: "preset", Live: true, Words: []string{"default", "original", "classroom"},
		Field: func(p *Point) any { return &p.Preset }},
	{Name: "grid", Kind: Grid, Usage: "grid size, WxH or N for NxN",
		Allows: "WxH or N, each side from 3 to " + strconv.Itoa(MaxSide) + ", at most " + strconv.Itoa(MaxFireflies) + " fireflies in all",
		Column: "width", Label: "grid", Sweep: true, Live: true,
		Field: func(p *Point) any { return &p.Model.Width }},
	{Name: "period", Kind: Seconds, Usage: "the free-running cycle: with -clock exact its mean, whatever the jitter; with -clock ticks a whole number of ticks, and half the jitter shorter on average", Allows: "a duration > 0 and at most 1h, such as 5s",
		Column: "period_seconds", Label: "period (s)", Sweep: true, Live: true,
		Field: func(p *Point) any { return &p.Model.Period }},
	{Name: "nudge", Kind: Seconds, Usage: "phase advance per flashing neighbour", Allows: "a duration >= 0, such as 200ms",
		Column: "nudge_seconds", Label: "nudge (s)", Sweep: true, Live: true,
		Field: func(p *Point) any { return &p.Model.Nudge }},
	{Name: "refractory", Kind: Seconds, Usage: "deafness after a flash", HelpDefault: "20% of the period", Allows: "a duration >= 0 and < the period, such as 1s",
		Column: "refractory_seconds", Label: "refractory time (s)", Sweep: true, Live: true,
		Field: func(p *Point) any { return &p.Model.Refractory }},
	{Name: "jitter", Kind: Seconds, Usage: "the phase after a flash is uniform in [0, jitter) (-clock ticks); with -clock exact that is added to the overshoot past the period, and the phase runs slower by half the jitter a period, so that the mean cycle stays the period", Allows: "a duration >= 0 and < the period, such as 100ms",
		Column: "jitter_seconds", Label: "jitter (s)", Sweep: true, Live: true,
		Field: func(p *Point) any { return &p.Model.Jitter }},
	{Name: "glow", Kind: Float, Usage: "fraction of the period a flash stays visible", Allows: "a fraction of the period in (0, 1]",
		Column: "glow", Label: "glow (fraction of the period)", Sweep: true, Live: true,
		Field: func(p *Point) any { return &p.Model.Glow }},
	{Name: "seed", Kind: Uint, Usage: "random seed", HelpDefault: "a fresh one, printed at start",
		SweepUsage: "the runs' random seeds", SweepDefault: "1, or 1 to N with -seeds N", Allows: "an unsigned integer",
		Column: "seed", Sweep: true, Live: true,
		Field: func(p *Point) any { return &p.Model.Seed }},
	{Name: "duration", Kind: Seconds, Setting: true, Column: "duration_seconds", Label: "duration (s)", Sweep: true,
		Field: func(p *Point) any { return &p.Duration }},
	// A row's until_sync is the criterion as [Until.String] writes it, and
	// nothing else: the text that -until-sync=1 would take is no row's.
	{Name: "until-sync", Kind: Pattern, Setting: true, Column: "until_sync", Sweep: true, Default: "false",
		Allows: "false, true, r:X or locked:F with X and F in (0, 1], or full",
		Words:  []string{"true", "r:X", "full", "locked:F"}, Valid: func(s string) bool { u, ok := ParseUntil(s); return ok && u.String() == s },
		Field: func(p *Point) any { return &p.UntilSync }},
	{Name: "deaf-flashes", Kind: Switch, Usage: "what a deaf firefly does with the flashes it hears: drop them, or queue them and take each as a full nudge when it hears again (the original)", Allows: "drop or queue",
		Column: "deaf_flashes", Live: true, Words: []string{"drop", "queue"},
		Field: func(p *Point) any { return &p.Model.QueueDeafFlashes }},
	{Name: "refractory-clock", Kind: Switch, Usage: "deaf for the refractory time after a flash (time), or while the phase is below it (phase, the original)", Allows: "time or phase",
		Column: "refractory_clock", Live: true, Words: []string{"time", "phase"},
		Field: func(p *Point) any { return &p.Model.PhaseClock }},
	{Name: "start-deaf", Kind: Bool, Usage: "fireflies whose first phase is below the refractory time start deaf (the original)", Allows: "true or false",
		Column: "start_deaf", Live: true,
		Field: func(p *Point) any { return &p.Model.StartDeaf }},
	{Name: "r-from", Kind: Switch, Usage: "the order parameter R from the phases, or from the time since each firefly's last flash (the original's monitor); with flashes both are shown and logged", Allows: "phases or flashes",
		Column: "r_from", Live: true, Words: []string{"phases", "flashes"},
		Field: func(p *Point) any { return &p.Model.RFromFlashes }},
	{Name: "response", Kind: Choice, Usage: "what hearing flashes does: advance the phase by the nudge per flash; fire at once; reset the phase to 0 without a flash; or advance in proportion to the phase (nudge × flashes × 2·phase/period)", Allows: "advance, fire, reset or proportional",
		Column: "response", Sweep: true, Live: true, Default: "advance", Words: systems.Responses,
		Field: func(p *Point) any { return &p.Model.Response }},
	{Name: "threshold", Kind: Int, Usage: "a firefly responds only in a tick in which it has heard at least this many flashes", Allows: "an integer from 1 to the number of neighbours (at most " + strconv.Itoa(systems.MaxDegree) + "), such as 2",
		Column: "threshold", Label: "threshold (flashes)", Sweep: true, Live: true, Default: "1",
		Field: func(p *Point) any { return &p.Model.Threshold }},
	{Name: "period-spread", Kind: Seconds, Usage: "each firefly's own period is uniform in period ± spread, drawn from the seed", Allows: "a duration >= 0 and < the period, such as 200ms",
		Column: "period_spread_seconds", Label: "spread of periods (s)", Sweep: true, Live: true,
		Field: func(p *Point) any { return &p.Model.PeriodSpread }},
	{Name: "noise", Kind: Seconds, Usage: "phase diffusion: the standard deviation of the phase's random walk after one simulated second", Allows: "a duration >= 0 and at most the period, such as 50ms",
		Column: "noise_seconds", Label: "noise (s)", Sweep: true, Live: true,
		Field: func(p *Point) any { return &p.Model.Noise }},
	{Name: "neighbours", Kind: Pattern, Usage: "who hears whom on the grid: the 8 around (moore), the 4 beside (vonneumann), or every cell within distance R", Allows: "moore, vonneumann or radius:R with R from 1 to " + strconv.Itoa(systems.MaxRadius) + " and 2R+1 at most the grid's shorter side",
		Column: "neighbours", Sweep: true, Live: true, Default: "moore", Words: []string{"moore", "vonneumann", "radius:R"}, Valid: validNeighbours,
		Field: func(p *Point) any { return &p.Model.Neighbours }},
	{Name: "edges", Kind: Choice, Usage: "the grid's edges: wrap round (torus) or end (free)", Allows: "torus or free",
		Column: "edges", Sweep: true, Live: true, Default: "torus", Words: []string{"torus", "free"},
		Field: func(p *Point) any { return &p.Model.Edges }},
	{Name: "topology", Kind: Pattern, Usage: "the neighbours: the grid (lattice), the grid with each edge rewired with probability P (smallworld:P), a random K-regular graph (random:K) or everyone (all)", Allows: "lattice, smallworld:P with P in [0, 1], random:K with K from 1 to " + strconv.Itoa(systems.MaxDegree) + ", at most half the fireflies and fireflies × K even, or all; a graph of at most " + strconv.Itoa(systems.MaxGraphStubs) + " fireflies × neighbours",
		Column: "topology", Sweep: true, Live: true, Default: "lattice", Words: []string{"lattice", "smallworld:P", "random:K", "all"}, Valid: validTopology,
		Field: func(p *Point) any { return &p.Model.Topology }},
	{Name: "clock", Kind: Choice, Usage: "how time is kept within a tick: ticks, the phase reset to the jitter's draw at each flash, so a cycle is a whole number of ticks " +
		"and the jitter shortens it by half its length on average; or exact, each flash at its crossing within the tick, the overshoot past the period carried " +
		"into the next cycle, and the jitter's mean taken from the phase's speed, so that the mean free-running cycle is the period (a variant: docs/model.md, \"The exact clock\"). " +
		"Live, a new clock restarts the world", Allows: "ticks or exact",
		Column: "clock", Sweep: true, Live: true, Default: "ticks", Words: systems.Clocks,
		Field: func(p *Point) any { return &p.Model.Clock }},
	{Name: "coupling-scale", Kind: Choice, Usage: "divides the nudge: none; degree, by the number of neighbours of a firefly away from the edges " +
		"(K for random:K, the lattice's for smallworld:P, fireflies − 1 for all); n, by the number of fireflies", Allows: "none, degree or n",
		Column: "coupling_scale", Sweep: true, Live: true, Default: "none", Words: systems.CouplingScales,
		Field: func(p *Point) any { return &p.Model.CouplingScale }},
	// The burst model of Photinus carolinus (docs/model.md, "Real
	// fireflies"). Not sweep columns: -model is no sweep axis, and the
	// pulse model, which a sweep runs, does not read them.
	{Name: "model", Kind: Choice, Usage: "the firefly: pulse, the pulse-coupled oscillator above; or carolinus, the burst model of the Great Smoky Mountains' synchronous fireflies, checked against their field recordings: " +
		"bursts of a few flashes, a quiet time drawn from a single firefly's recorded intervals, flashes seen adding -beta to a firefly's charge (then -glow defaults to 0.04, a flash of 0.2 s at the default period)",
		Allows: "pulse or carolinus", Column: "model", Live: true, Default: "pulse", Words: []string{"pulse", "carolinus"},
		Field: func(p *Point) any { return &p.Model.Kind }},
	{Name: "beta", Kind: Float, Usage: "carolinus: the charge a ready firefly gains from each flash it sees; a full charge, 1, starts a burst", Allows: "a number from 0 to 10, such as 0.2",
		Column: "beta", Label: "beta (charge per flash)", Live: true,
		Field: func(p *Point) any { return &p.Model.Beta }},
	{Name: "burst-refractory", Kind: Seconds, Usage: "carolinus: after a burst's last flash, how long a firefly can neither burst nor gain from flashes", Allows: "a duration from 0 to 1h, such as 5s",
		Column: "burst_refractory_seconds", Label: "refractory time after a burst (s)", Live: true,
		Field: func(p *Point) any { return &p.Model.BurstRefractory }},
	{Name: "group", Kind: Pattern, Usage: "carolinus: who sees whom: tents of n fireflies, consecutive in the grid's rows, all-to-all in each (the paper's tent); or grid, the neighbourhood of -neighbours and -topology",
		Allows: "a number of fireflies from 1 that divides the grid's, or grid", Column: "group", Live: true, Default: "20", Words: []string{"n", "grid"}, Valid: validGroup,
		Field: func(p *Point) any { return &p.Model.Group }},
	{Name: "quiet-from", Kind: Pattern, Usage: "carolinus: the single firefly's interburst intervals to draw quiet times from: a file of one interval in seconds a line, or seconds,weight (# comments, a header line); not in the page",
		HelpDefault: "the quantiles of a recorded firefly's, embedded", Allows: "a file of intervals in seconds, one a line",
		Column: "quiet_from", Words: []string{"file"}, Valid: func(s string) bool { return s != "" },
		Field: func(p *Point) any { return &p.Model.QuietFrom }},
}

// ApplyPreset sets what the preset name stands for in m: the original
// experiment's four rules on for "original", off for the others, and for
// "classroom" the coupling and the spread of periods of a demonstration
// in which coupling off makes the swarm fall apart and coupling on brings
// it back (measured: docs/model.md, "A demonstration for a class").
func ApplyPreset(m *components.Model, name string) error {
	if !slices.Contains(Lookup("preset").Words, name) {
		return errors.New("want " + strings.Join(Lookup("preset").Words, ", "))
	}
	on := name == "original"
	m.QueueDeafFlashes, m.PhaseClock, m.StartDeaf, m.RFromFlashes = on, on, on, on
	if name == "classroom" {
		m.Nudge, m.PeriodSpread = ClassroomNudge, ClassroomSpread
	}
	return nil
}

// The classroom preset's coupling and spread of periods.
const (
	ClassroomNudge  = 400 * time.Millisecond
	ClassroomSpread = 400 * time.Millisecond
)

// Find returns the parameter named name.
func Find(name string) (Param, bool) {
	for _, p := range Table {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// Lookup returns the parameter named name, one the code knows is there.
func Lookup(name string) Param {
	p, ok := Find(name)
	if !ok {
		panic("params: no parameter " + name)
	}
	return p
}

// Live are the names of the parameters a live run changes while it
// runs, in the table's order (a preset before the rules it sets, so that
// later flags override it).
var Live = names(func(p Param) bool { return p.Live })

// Swept are the names of the parameters a sweep takes lists of, in the
// table's order.
var Swept = names(func(p Param) bool { return p.Sweep })

func names(keep func(Param) bool) []string {
	var s []string
	for _, p := range Table {
		if keep(p) {
			s = append(s, p.Name)
		}
	}
	return s
}

// Columns are the column names of the parameters in a sweep's rows, in
// order: a grid's width and height, then one a parameter.
func Columns() []string {
	var c []string
	for _, p := range Table {
		if p.Sweep {
			c = append(c, p.columns()...)
		}
	}
	return c
}

// columns are the parameter's columns.
func (p Param) columns() []string {
	if p.Kind == Grid {
		return []string{"width", "height"}
	}
	return []string{p.Column}
}

// Axes are the names a plot can put on an axis: the numeric columns of a
// sweep's rows (a grid's as width and height), in the table's order.
func Axes() []string {
	var a []string
	for _, p := range Table {
		switch {
		case !p.Sweep || p.Label == "":
		case p.Kind == Grid:
			a = append(a, "width", "height")
		default:
			a = append(a, p.Name)
		}
	}
	return a
}

// Axis is the value of the plot axis name (one of [Axes]) at pt, and its
// label.
func Axis(name string, pt Point) (float64, string, bool) {
	switch name {
	case "width":
		return float64(pt.Model.Width), "grid width", true
	case "height":
		return float64(pt.Model.Height), "grid height", true
	}
	p, ok := Find(name)
	if !ok || p.Label == "" || p.Kind == Grid {
		return 0, "", false
	}
	x, _ := strconv.ParseFloat(p.Text(pt)[0], 64)
	return x, p.Label, true
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
