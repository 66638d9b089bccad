package live

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/systems"
)

// Format and Version name the journal's format in its header line; a
// reader refuses another version by name.
const (
	Format  = "fireflies-journal"
	Version = 1
)

// Actions are what Control takes; Brushes what Paint takes; Speeds what
// SetSpeed takes (0 is max).
var (
	Actions = []string{"pause", "resume", "step", "reset", "reseed"}
	Brushes = []string{"flash", "scramble", "pacemaker", "silence", "erase"}
	Speeds  = []int{1, 2, 4, 8, 16, 0}
)

// MaxRadius bounds a brush's radius, in cells.
const MaxRadius = 256

// line is one line of a journal, as JSON: the header, an event or the
// end. Pointers tell a field that is absent from one that is zero, so
// that the reader can say what a line lacks or has too many of.
type line struct {
	Format    *string  `json:"format,omitempty"`
	Version   *int     `json:"version,omitempty"`
	Flags     []string `json:"flags,omitempty"`
	End       *bool    `json:"end,omitempty"`
	Tick      *int64   `json:"tick,omitempty"`
	Set       *string  `json:"set,omitempty"`
	Value     *string  `json:"value,omitempty"`
	Control   *string  `json:"control,omitempty"`
	Seed      *string  `json:"seed,omitempty"`
	Speed     *int     `json:"speed,omitempty"`
	Paint     *string  `json:"paint,omitempty"`
	X         *int     `json:"x,omitempty"`
	Y         *int     `json:"y,omitempty"`
	Radius    *int     `json:"radius,omitempty"`
	TraceHash *string  `json:"trace_hash,omitempty"`
	Tour      *int     `json:"tour,omitempty"`
}

// Event is one live change, stamped with the world's tick when it
// applied: the events of a tick apply in order before it runs.
type Event struct {
	Tick int32
	Kind string // "set", "control", "speed", "paint" or "tour"

	Name, Value string // set: a flag of config.LiveFlags, in its syntax
	Action      string // control: one of Actions
	Seed        uint64 // control reseed: the new seed
	Speed       int    // speed: one of Speeds
	Brush       string // paint: one of Brushes
	X, Y, R     int    // paint: the cell and the radius
	Chapter     int    // tour: the guided tour's chapter shown, from 1; 0 closes it

	Line int // the journal's line it was read from; 0 for a live one
}

// restarts reports whether the event, applied to cfg, starts a new
// world, whose ticks count from 0 again.
func (e *Event) restarts(before, after config.Config) bool {
	switch e.Kind {
	case "control":
		return e.Action == "reset" || e.Action == "reseed"
	case "set":
		return systems.Structural(before.Model, after.Model)
	}
	return false
}

// check validates e against the configuration it applies to and returns
// the configuration after it. Every message is one line.
func check(cfg config.Config, e *Event) (config.Config, error) {
	switch e.Kind {
	case "set":
		if err := cfg.Set(e.Name, e.Value); err != nil {
			return cfg, err
		}
	case "control":
		if !slices.Contains(Actions, e.Action) {
			return cfg, fmt.Errorf("control: got %s, want one of pause, resume, step, reset, reseed", strconv.Quote(e.Action))
		}
		if e.Action == "reseed" {
			cfg.Model.Seed = e.Seed
		}
	case "speed":
		if !slices.Contains(Speeds, e.Speed) {
			return cfg, fmt.Errorf("speed: got %d, want 1, 2, 4, 8, 16, or 0 for max", e.Speed)
		}
	case "paint":
		m := cfg.Model
		switch {
		case !slices.Contains(Brushes, e.Brush):
			return cfg, fmt.Errorf("paint: brush %s, want one of flash, scramble, pacemaker, silence, erase", strconv.Quote(e.Brush))
		case cfg.Mode == "render":
			return cfg, fmt.Errorf("paint: not in render mode, whose flashes are synthetic")
		case e.X < 0 || e.X >= m.Width || e.Y < 0 || e.Y >= m.Height:
			return cfg, fmt.Errorf("paint: cell %d,%d is outside the %dx%d grid", e.X, e.Y, m.Width, m.Height)
		case e.R < 0 || e.R > MaxRadius:
			return cfg, fmt.Errorf("paint: radius %d, want 0 to %d cells", e.R, MaxRadius)
		case (e.Brush == "pacemaker" || e.Brush == "silence") && m.PhaseClock:
			return cfg, fmt.Errorf("paint: %s: %v", e.Brush, systems.ErrPhaseClock)
		}
	case "tour":
		if e.Chapter < 0 || e.Chapter > MaxChapter {
			return cfg, fmt.Errorf("tour: chapter %d, want 1 to %d, or 0 to close the tour", e.Chapter, MaxChapter)
		}
	default:
		return cfg, fmt.Errorf("unknown event %s", strconv.Quote(e.Kind))
	}
	return cfg, nil
}

// MaxChapter bounds the guided tour's chapters a journal may name.
const MaxChapter = 99

// encode is the event as a journal line.
func (e *Event) encode() line {
	tick := int64(e.Tick)
	l := line{Tick: &tick}
	switch e.Kind {
	case "set":
		l.Set, l.Value = &e.Name, &e.Value
	case "control":
		l.Control = &e.Action
		if e.Action == "reseed" {
			s := strconv.FormatUint(e.Seed, 10)
			l.Seed = &s
		}
	case "speed":
		l.Speed = &e.Speed
	case "paint":
		l.Paint, l.X, l.Y, l.Radius = &e.Brush, &e.X, &e.Y, &e.R
	case "tour":
		l.Tour = &e.Chapter
	}
	return l
}
