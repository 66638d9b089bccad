package params

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/firefly-observatory/fireflies/systems"
)

// Text is the parameter's value at pt as its columns write it: one text a
// column (a grid's two). Seconds are written in full ('f', the shortest
// that reads back the same), so that a row's text names its run exactly.
func (p Param) Text(pt Point) []string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	switch v := p.Field(&pt).(type) {
	case *int:
		if p.Kind == Grid {
			return []string{strconv.Itoa(pt.Model.Width), strconv.Itoa(pt.Model.Height)}
		}
		if *v == 0 && p.Default != "" {
			return []string{p.Default}
		}
		return []string{strconv.Itoa(*v)}
	case *time.Duration:
		return []string{f(v.Seconds())}
	case *float64:
		return []string{f(*v)}
	case *uint64:
		return []string{strconv.FormatUint(*v, 10)}
	case *bool:
		if p.Kind == Switch {
			return []string{p.Words[b2i(*v)]}
		}
		return []string{strconv.FormatBool(*v)}
	case *string:
		if p.Kind == Preset {
			return []string{RulesPreset(pt)}
		}
		return []string{cmp.Or(*v, p.Default)}
	}
	panic("params: " + p.Name + ": a field of no known type")
}

// RulesPreset names the original experiment's rules in force at pt:
// "default" (none of the four), "original" (all four) or "custom".
func RulesPreset(pt Point) string {
	m := pt.Model
	switch n := b2i(m.QueueDeafFlashes) + b2i(m.PhaseClock) + b2i(m.StartDeaf) + b2i(m.RFromFlashes); n {
	case 0:
		return "default"
	case 4:
		return "original"
	}
	return "custom"
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Values are the parameter's values at pt as JSON writes them: numbers
// as numbers (seconds for durations), words as strings, one a column.
func (p Param) Values(pt Point) []any {
	t := p.Text(pt)
	switch v := p.Field(&pt).(type) {
	case *int:
		if p.Kind == Grid {
			return []any{pt.Model.Width, pt.Model.Height}
		}
		n, _ := strconv.Atoi(t[0])
		return []any{n}
	case *time.Duration:
		return []any{v.Seconds()}
	case *float64:
		return []any{*v}
	case *uint64:
		return []any{*v}
	case *bool:
		if p.Kind == Switch {
			return []any{t[0]}
		}
		return []any{*v}
	case *string:
		if p.Name == "until-sync" && (t[0] == "true" || t[0] == "false") {
			return []any{t[0] == "true"} // as before it took a criterion
		}
	}
	return []any{t[0]}
}

// Until is -until-sync's criterion, what ends a run before its -duration.
type Until struct {
	// Kind is "" (none: -duration ends the run), "sync" (R >= 0.9 held for
	// a period, the time to sync: the flag alone, or true), "r" (R >=
	// Level held for a period), "full" (full synchrony: every cycle's
	// flashes one avalanche of every firefly) or "locked" (the locked
	// fraction >= Level).
	Kind  string
	Level float64
}

// ParseUntil reads -until-sync's text: true or false (true, 1, t... as
// Go reads a bool), r:X with X in (0, 1], full, or locked:F with F in
// (0, 1].
func ParseUntil(s string) (Until, bool) {
	if b, err := strconv.ParseBool(s); err == nil {
		return Until{Kind: map[bool]string{false: "", true: "sync"}[b]}, true
	}
	if s == "" {
		return Until{}, true
	}
	if s == "full" {
		return Until{Kind: "full"}, true
	}
	kind, level, ok := strings.Cut(s, ":")
	x, err := strconv.ParseFloat(level, 64)
	if !ok || err != nil || !(x > 0 && x <= 1) || kind != "r" && kind != "locked" {
		return Until{}, false
	}
	return Until{Kind: kind, Level: x}, true
}

// String is u as -until-sync and a sweep's column write it: false, true,
// r:X, full or locked:F, the shortest that reads back the same.
func (u Until) String() string {
	switch u.Kind {
	case "":
		return "false"
	case "sync":
		return "true"
	case "full":
		return "full"
	}
	return u.Kind + ":" + strconv.FormatFloat(u.Level, 'f', -1, 64)
}

// Measures reports whether u needs [systems.Options.Measures]: full and
// locked:F.
func (u Until) Measures() bool { return u.Kind == "full" || u.Kind == "locked" }

// Watch follows a run for its -until-sync criterion.
type Watch struct {
	Until
	above int32 // the tick from which R has been >= Level; -1: not now
}

// NewWatch follows a run for u.
func NewWatch(u Until) *Watch { return &Watch{Until: u, above: -1} }

// Reached reports whether sim meets the criterion at its last tick. Called
// after every tick; R and the measures change at Order's cadence.
func (w *Watch) Reached(sim *systems.Sim) bool {
	obs := sim.Obs
	switch w.Kind {
	case "sync":
		return sim.Synced()
	case "full":
		return obs.FullSyncAt >= 0
	case "locked":
		return obs.Locked >= w.Level
	case "r":
		tick := sim.Swarm.Tick
		if obs.R < w.Level || tick < w.above { // below, or a new world
			w.above = -1
			return false
		}
		if w.above < 0 {
			w.above = tick
		}
		return float64(tick-w.above) >= sim.Model.Period.Seconds()*systems.TPS
	}
	return false
}

// Parse sets the parameter's value in pt from its columns' texts, as
// [Param.Text] writes them; an error names the column and the text.
func (p Param) Parse(pt *Point, texts []string) error {
	cols := p.columns()
	for i, s := range texts {
		bad := func() error { return fmt.Errorf("%s: got %q", cols[i], s) }
		var err error
		switch v := p.Field(pt).(type) {
		case *int:
			if p.Kind == Grid && i == 1 {
				v = &pt.Model.Height
			}
			*v, err = strconv.Atoi(s)
		case *time.Duration:
			var x float64
			x, err = strconv.ParseFloat(s, 64)
			if err == nil && (math.IsNaN(x) || math.Abs(x) > math.MaxInt64/1e9) { // NaN, ±Inf or too long
				return bad()
			}
			*v = time.Duration(math.Round(x * 1e9))
		case *float64:
			*v, err = strconv.ParseFloat(s, 64)
			if err == nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
				return bad() // a plot's axis has no place for it
			}
		case *uint64:
			*v, err = strconv.ParseUint(s, 10, 64)
		case *bool:
			if p.Kind == Switch {
				switch s {
				case p.Words[0]:
					*v = false
				case p.Words[1]:
					*v = true
				default:
					return bad()
				}
				continue
			}
			*v, err = strconv.ParseBool(s)
		case *string:
			*v = s
		}
		if err != nil {
			return bad()
		}
	}
	return nil
}

// Compare orders two points by the parameter's value: numbers as
// numbers, false before true, words as text.
func (p Param) Compare(a, b Point) int {
	switch va := p.Field(&a).(type) {
	case *int:
		if p.Kind == Grid {
			return cmp.Or(cmp.Compare(a.Model.Width, b.Model.Width), cmp.Compare(a.Model.Height, b.Model.Height))
		}
		ta, tb := p.Values(a)[0].(int), p.Values(b)[0].(int)
		return cmp.Compare(ta, tb)
	case *time.Duration:
		return cmp.Compare(*va, *p.Field(&b).(*time.Duration))
	case *float64:
		return cmp.Compare(*va, *p.Field(&b).(*float64))
	case *uint64:
		return cmp.Compare(*va, *p.Field(&b).(*uint64))
	case *bool:
		return cmp.Compare(b2i(*va), b2i(*p.Field(&b).(*bool)))
	}
	return cmp.Compare(p.Text(a)[0], p.Text(b)[0])
}

// RowText is pt's sweep columns ([Columns]) as text, in order.
func RowText(pt Point) []string {
	var t []string
	for _, p := range Table {
		if p.Sweep {
			t = append(t, p.Text(pt)...)
		}
	}
	return t
}

// ParseColumns reads pt's sweep columns ([Columns]) by name: text is a
// column's text, and false where the row has none — a file written before
// the column was — which reads as the parameter's default, the value
// such a file's runs had.
func ParseColumns(pt *Point, text func(col string) (string, bool)) error {
	for _, p := range Table {
		if !p.Sweep {
			continue
		}
		texts := p.Text(Point{}) // the defaults, for a column the row lacks
		for i, col := range p.columns() {
			if t, ok := text(col); ok {
				texts[i] = t
			}
		}
		if err := p.Parse(pt, texts); err != nil {
			return err
		}
	}
	return nil
}

// AppendJSON appends the columns of the parameters that keep (nil: the
// sweep's) as JSON object members, `"key":value,` each, in order.
func AppendJSON(b []byte, pt Point, keep func(Param) bool) []byte {
	for _, p := range Table {
		if p.Column == "" || keep == nil && !p.Sweep || keep != nil && !keep(p) {
			continue
		}
		for i, col := range p.columns() {
			v, _ := json.Marshal(p.Values(pt)[i])
			b = strconv.AppendQuote(b, col)
			b = append(b, ':')
			b = append(b, v...)
			b = append(b, ',')
		}
	}
	return b
}

// ParseJSON reads pt's sweep columns from a JSON object's members, as
// [AppendJSON] writes them; members it does not know are left in fields
// for the caller, and a column left out reads as [ParseColumns] reads it.
func ParseJSON(pt *Point, fields map[string]json.RawMessage) error {
	return ParseColumns(pt, func(col string) (string, bool) {
		raw, ok := fields[col]
		if !ok {
			return "", false
		}
		delete(fields, col)
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s, true
		}
		return string(raw), true
	})
}

// ComparePoints orders points by their sweep parameters in the table's
// order, the seed last.
func ComparePoints(a, b Point) int {
	for _, p := range Table {
		if p.Sweep && p.Name != "seed" {
			if c := p.Compare(a, b); c != 0 {
				return c
			}
		}
	}
	return Lookup("seed").Compare(a, b)
}
