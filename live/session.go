// Package live is a run that can be changed while it runs: settings,
// speed, pause, single steps, reset, reseed and brush strokes. Each change
// is an event stamped with the world's tick when it applies, written to a
// journal, so that the run replays exactly (-replay). It imports no
// ebiten and builds in every build; the window, the page and the headless
// replay all drive a [Session].
package live

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/systems"
)

// Session is a run that can be changed while it runs: the simulation, the
// model actually running, speed, pause, and the journal of every change.
// It is not safe for concurrent use: the frontend's loop owns it (the
// page's JavaScript calls run on that loop too).
type Session struct {
	cfg    config.Config // the configuration running now
	ahead  config.Config // cfg after the queued events: what new ones are checked against
	sim    *systems.Sim
	queue  []Event
	paused bool
	speed  int
	note   string
	params map[string]string // cfg's flags; nil when cfg changed since
	cells  []int32           // a brush stroke's cells, reused
	// The guided tour's chapter shown (0: none), and the brush strokes
	// applied so far, by brush: what the tour reads.
	tour    int
	strokes map[string]int

	out    io.Writer // the journal file; nil: none
	outErr error     // its first write error
	buf    []byte    // the journal so far
	closed bool

	// A replay's journal, its next event, whether the run stops at its
	// end, and why it stopped short.
	replay *Journal
	next   int
	toEnd  bool
	broken error
}

// New starts a session from cfg, writing its journal to journal (nil:
// none; also kept in memory, see [Session.Journal]). A journal writer
// with a Line([]byte) error method (an output.File) gets whole lines.
func New(cfg config.Config, journal io.Writer) (*Session, error) {
	return NewCancellable(cfg, journal, nil)
}

// NewCancellable is [New] whose first world's build stops, with
// [systems.ErrCancelled], when cancel closes.
func NewCancellable(cfg config.Config, journal io.Writer, cancel <-chan struct{}) (*Session, error) {
	s := &Session{cfg: cfg, ahead: cfg, speed: 1, out: journal}
	o := cfg.Options()
	o.Workers = max(1, min(o.Workers, cfg.Model.Height))
	o.Cancel = cancel
	sim, err := systems.New(cfg.Model, o)
	if err != nil {
		return nil, err
	}
	s.sim = sim
	flags := make([]string, 0, len(config.LiveFlags)+3)
	for _, name := range config.LiveFlags {
		flags = append(flags, "-"+name+"="+cfg.Value(name))
	}
	f, v := Format, Version
	s.write(line{Format: &f, Version: &v, Flags: flags})
	return s, nil
}

// newSim builds cfg's world, its workers kept within the grid's rows.
func newSim(cfg config.Config) (*systems.Sim, error) {
	o := cfg.Options()
	o.Workers = max(1, min(o.Workers, cfg.Model.Height))
	return systems.New(cfg.Model, o)
}

// Sim is the current world: a new one after a reset, a reseed or a
// restart, the old one closed. A frontend that holds views of it rebinds
// them when it changes.
func (s *Session) Sim() *systems.Sim { return s.sim }

// Model is the model running now.
func (s *Session) Model() components.Model { return s.sim.Model }

// Config is the configuration running now.
func (s *Session) Config() config.Config { return s.cfg }

// Set changes the flag name (one of [config.LiveFlags]) to value, in the
// flag's syntax, such as Set("nudge", "300ms"). It is checked now and
// applies at the next tick; a change of the grid, the seed or the rules
// starts a new world, and [Session.Note] says so.
func (s *Session) Set(name, value string) error {
	return s.enqueue(Event{Kind: "set", Name: name, Value: value})
}

// Control queues "pause", "resume", "step" (exactly one tick, paused or
// not), "reset" (the same seed) or "reseed" (a fresh seed).
func (s *Session) Control(action string) error {
	e := Event{Kind: "control", Action: action}
	if action == "reseed" {
		var b [8]byte
		_, _ = rand.Read(b[:])
		e.Seed = binary.LittleEndian.Uint64(b[:]) >> 12 // short enough to type
	}
	return s.enqueue(e)
}

// SetSpeed sets the ticks per frame: 1, 2, 4, 8, 16, or 0 for max.
func (s *Session) SetSpeed(n int) error {
	return s.enqueue(Event{Kind: "speed", Speed: n})
}

// Paint queues a brush stroke: the cells within radius cells of (x, y),
// on the torus, made to flash, scrambled, made pacemakers, silenced or
// erased back to normal.
func (s *Session) Paint(brush string, x, y, radius int) error {
	return s.enqueue(Event{Kind: "paint", Brush: brush, X: x, Y: y, R: radius})
}

// Tour shows the guided tour's chapter n (from 1), or closes it (0), as
// of the next tick: an event of the journal like any other change, so a
// tour replays.
func (s *Session) Tour(n int) error { return s.enqueue(Event{Kind: "tour", Chapter: n}) }

// TourChapter is the tour's chapter shown (from 1), 0 if none.
func (s *Session) TourChapter() int { return s.tour }

// Strokes is how many strokes of brush have been applied in this session.
func (s *Session) Strokes(brush string) int { return s.strokes[brush] }

func (s *Session) enqueue(e Event) error {
	if s.replay != nil {
		return errors.New("a replay takes its changes from its journal")
	}
	next, err := check(s.ahead, &e)
	if err != nil {
		return err
	}
	s.ahead = next
	s.queue = append(s.queue, e)
	return nil
}

// Params are the running model's flags ([config.LiveFlags]), name to value
// in flag syntax, such as params["nudge"] == "300ms". The map is the
// session's until the next change: read it, do not keep or change it.
func (s *Session) Params() map[string]string {
	if s.params == nil {
		s.params = make(map[string]string, len(config.LiveFlags))
		for _, name := range config.LiveFlags {
			s.params[name] = s.cfg.Value(name)
		}
	}
	return s.params
}

// Paused reports whether the run is paused.
func (s *Session) Paused() bool { return s.paused }

// Speed is the ticks per frame; 0 is max.
func (s *Session) Speed() int { return s.speed }

// Pacemakers is the number of pacemakers, found by a donburi query.
func (s *Session) Pacemakers() int { return s.sim.Pacemakers() }

// Silenced is the number of silenced fireflies, found by a donburi query.
func (s *Session) Silenced() int { return s.sim.Silenced() }

// Note is the last message for the user, such as "grid changed: the world
// restarted"; "" if none.
func (s *Session) Note() string { return s.note }

// Tick applies the queued events, stamped with the world's tick, then runs
// one tick unless paused, and reports whether a tick ran. A queued step
// runs exactly one tick, paused or not: the events queued after it wait
// for the next call. A replay applies its journal's events at their ticks
// instead, never pauses, and reports false once it has reached its end.
func (s *Session) Tick() bool {
	if s.AtLimit() {
		s.note = fmt.Sprintf("tick %d, the last a world counts to: it runs no further", TickLimit)
		return false
	}
	if s.replay != nil {
		return s.replayTick()
	}
	step := false
	n := 0
	for n < len(s.queue) && !step {
		e := &s.queue[n]
		n++
		s.apply(e)
		step = e.Kind == "control" && e.Action == "step"
	}
	s.queue = s.queue[:copy(s.queue, s.queue[n:])]
	if s.paused && !step {
		return false
	}
	s.sim.Update()
	return true
}

// AtLimit reports whether the world has reached [TickLimit]: the session
// runs no more ticks, and a run ends there as at the end of its duration.
func (s *Session) AtLimit() bool { return s.sim.Swarm.Tick >= TickLimit }

// apply stamps e with the world's tick, journals it and carries it out.
// It fails only for an event that was not checked against the
// configuration it applies to.
func (s *Session) apply(e *Event) error {
	e.Tick = s.sim.Swarm.Tick
	next, err := check(s.cfg, e)
	if err != nil {
		s.note = err.Error()
		return err
	}
	s.write(e.encode())
	before := s.cfg
	s.cfg, s.params = next, nil
	if e.restarts(before, next) {
		s.restart(e, before)
		return nil
	}
	switch e.Kind {
	case "set":
		if err := s.sim.SetModel(next.Model); err != nil {
			s.note = err.Error()
		}
	case "control":
		s.paused = e.Action == "pause" || (s.paused && e.Action != "resume")
	case "speed":
		s.speed = e.Speed
	case "tour":
		s.tour = e.Chapter
	case "paint":
		if s.strokes == nil {
			s.strokes = map[string]int{}
		}
		s.strokes[e.Brush]++
		m := s.sim.Model
		s.cells = systems.Disc(s.cells[:0], m.Width, m.Height, e.X, e.Y, e.R)
		switch e.Brush {
		case "flash":
			s.sim.Flash(s.cells)
		case "scramble":
			s.sim.Scramble(s.cells)
		default:
			kind := map[string]systems.Kind{"pacemaker": systems.PacemakerKind, "silence": systems.SilencedKind}[e.Brush]
			if err := s.sim.Paint(s.cells, kind); err != nil {
				s.note = err.Error()
			}
		}
	}
	return nil
}

// restart replaces the world by a new one built from the configuration.
// The old world is closed first and its memory collected, so that a run
// restarted any number of times holds one world at a time: the next is
// built in the memory the old one leaves.
func (s *Session) restart(e *Event, before config.Config) {
	s.sim.Close() // its columns and entities let go, whoever holds the Sim
	runtime.GC()  // before the next world is built in the memory they leave
	sim, err := newSim(s.cfg)
	if err != nil {
		// The event was checked against the configuration, so only a
		// world that cannot be built at all gets here: the settings before
		// it start again.
		s.note = "could not start the new world (" + err.Error() + "): the settings before it restarted"
		s.cfg, s.params = before, nil
		if sim, err = newSim(before); err != nil {
			panic("live: the world that ran cannot be built again: " + err.Error())
		}
		s.sim = sim
		return
	}
	s.sim = sim
	switch {
	case e.Kind == "set":
		s.note = e.Name + " changed: the world restarted"
	case e.Action == "reset":
		s.note = fmt.Sprintf("reset: the world restarted with seed %d", s.cfg.Model.Seed)
	default:
		s.note = fmt.Sprintf("new seed %d: the world restarted", s.cfg.Model.Seed)
	}
}

// write adds a line to the journal.
func (s *Session) write(l line) {
	b, err := json.Marshal(l)
	if err != nil {
		panic(err) // plain strings and numbers always marshal
	}
	b = append(b, '\n')
	s.buf = append(s.buf, b...)
	if s.out == nil || s.outErr != nil {
		return
	}
	if lw, ok := s.out.(interface{ Line([]byte) error }); ok {
		s.outErr = lw.Line(b)
	} else {
		_, s.outErr = s.out.Write(b)
	}
	if f, ok := s.out.(interface{ Flush() error }); ok && s.outErr == nil {
		s.outErr = f.Flush() // a window that is killed keeps its journal
	}
}

// end is the journal's last line: the world's tick and trace hash now.
func (s *Session) end() line {
	t, h := true, fmt.Sprintf("%016x", s.sim.Obs.TraceHash)
	tick := int64(s.sim.Swarm.Tick)
	return line{End: &t, Tick: &tick, TraceHash: &h}
}

// Journal is the journal so far as JSON lines, ended with a line for the
// current tick and trace hash, so that it replays to where the run is.
func (s *Session) Journal() []byte {
	b, _ := json.Marshal(s.end())
	return append(append(slices.Clip(s.buf), b...), '\n')
}

// Close writes the journal's end line (the tick it was written at and the
// trace hash) and closes the world. It returns the journal's first write
// error; the journal writer itself is the caller's to close.
func (s *Session) Close() error {
	if s.closed {
		return s.outErr
	}
	s.closed = true
	s.write(s.end())
	s.sim.Close()
	return s.outErr
}
