package live

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/input"
)

// Journal is a journal read back and checked: the run's flags, its events
// in file order and its end.
type Journal struct {
	Name      string   // the file, for messages
	Flags     []string // the header's flags
	Config    config.Config
	Events    []Event
	EndTick   int32
	TraceHash string // at EndTick, 16 hex digits
	// Ended says the journal has its end line. One without (its run was
	// killed) is read by [ReadJournalFile] only when asked, and can be replayed
	// for a -duration, not to an end it does not have.
	Ended bool
}

// maxLine bounds a journal line: the longest real one is a few hundred
// bytes.
const maxLine = 64 << 10

// TickLimit is the last tick a world runs to. A world counts its ticks in
// an int32 ([components.SwarmData.Tick]); the systems add a deafness of up
// to the longest period to a tick, so the count stops this far short of
// the int32's end, at about 414 days of simulated time, longer than the
// longest -duration. A session runs no tick past it, and a journal's tick
// beyond it is refused.
const TickLimit = math.MaxInt32 - 1<<20

var hexHash = regexp.MustCompile(`^[0-9a-f]{16}$`)

// ReadJournal reads and checks a journal written by a [Session]. Every
// error is a [*config.Error], one line naming the file, the line number
// and what is wrong; a journal of another format version says so, and
// one without its end line is refused.
func ReadJournal(r io.Reader, name string) (*Journal, error) {
	jr := newJournalReader(name)
	return jr.done(input.Lines(r, maxLine, jr.line), false)
}

// ReadJournalFile reads and checks the journal at path as [ReadJournal]
// does, through [input.ReadFile]: when ended closes first (Ctrl+C while a
// FIFO waits for its writer, or a pipe that never ends) it returns an
// error that is [input.ErrInterrupted]. With unended, a journal without
// its end line (its run killed before the end) is read too, its Ended
// false.
func ReadJournalFile(path string, ended <-chan struct{}, unended bool) (*Journal, error) {
	jr := newJournalReader(path)
	err := input.ReadFile(path, ended, maxLine, jr.line)
	switch {
	case errors.Is(err, input.ErrInterrupted):
		return nil, fmt.Errorf("-replay %s: %w", path, err)
	case jr.n == 0 && err != nil && !errors.As(err, new(*input.LineTooLong)):
		// No line was read: the file could not be opened, or is a folder.
		return nil, config.Errorf("-replay: cannot read the journal: %v", err)
	}
	return jr.done(err, unended)
}

// journalReader checks a journal line by line.
type journalReader struct {
	j     *Journal
	n     int // the line being read, counted from 1
	cfg   config.Config
	epoch int64 // the tick the last event applied at, in the current world
}

func newJournalReader(name string) *journalReader {
	return &journalReader{j: &Journal{Name: name}}
}

// bad is an error on the line being read.
func (jr *journalReader) bad(format string, args ...any) error {
	return config.Errorf("%s:%d: %s", jr.j.Name, jr.n, fmt.Sprintf(format, args...))
}

// line checks line n, text, and adds what it holds to the journal.
func (jr *journalReader) line(n int, text []byte, _ bool) error {
	j := jr.j
	jr.n = n
	if n == 1 {
		text = bytes.TrimPrefix(text, []byte("\ufeff")) // a byte-order mark, as some editors save
	}
	if j.Ended {
		if len(bytes.TrimSpace(text)) == 0 {
			return nil // blank lines after the end, as jq -r prints it
		}
		return jr.bad("a line after the end line; the end line is the last")
	}
	var l line
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return jr.bad("not a journal line: %s", oneLine(err))
	}
	if dec.More() {
		return jr.bad("more than one JSON value on the line")
	}
	if n == 1 {
		c, err := header(&l, j.Name)
		if err != nil {
			return jr.bad("%s", err)
		}
		j.Flags, jr.cfg = l.Flags, c
		j.Config = c
		return nil
	}
	if l.Format != nil || l.Version != nil || l.Flags != nil {
		return jr.bad("a second header; it is the first line only")
	}
	if l.Tick == nil {
		return jr.bad("no tick")
	}
	if *l.Tick < 0 || *l.Tick > TickLimit {
		return jr.bad("tick %d, want 0 to %d", *l.Tick, TickLimit)
	}
	if *l.Tick < jr.epoch {
		return jr.bad("tick %d comes before the previous event's %d in the same world", *l.Tick, jr.epoch)
	}
	if l.End != nil {
		if !*l.End || l.TraceHash == nil || !hexHash.MatchString(*l.TraceHash) || l.Set != nil || l.Control != nil || l.Speed != nil || l.Paint != nil {
			return jr.bad(`the end line is {"end":true,"tick":N,"trace_hash":"16 hex digits"}`)
		}
		j.EndTick, j.TraceHash, j.Ended = int32(*l.Tick), *l.TraceHash, true
		return nil
	}
	e, err := event(&l)
	if err != nil {
		return jr.bad("%s", err)
	}
	e.Tick, e.Line = int32(*l.Tick), n
	next, err := check(jr.cfg, &e)
	if err != nil {
		return jr.bad("%s", err)
	}
	jr.epoch = *l.Tick
	if e.restarts(jr.cfg, next) {
		jr.epoch = 0
	}
	jr.cfg = next
	j.Events = append(j.Events, e)
	return nil
}

// done is the journal once its lines are read (err: how the reading
// ended), or why it is refused.
func (jr *journalReader) done(err error, unended bool) (*Journal, error) {
	name := jr.j.Name
	var long *input.LineTooLong
	switch {
	case errors.As(err, &long):
		return nil, config.Errorf("%s:%d: a line longer than %d bytes", name, long.Line, maxLine)
	case errors.As(err, new(*config.Error)):
		return nil, err
	case err != nil:
		return nil, config.Errorf("%s: %v", name, err)
	case jr.n == 0:
		return nil, config.Errorf("%s: empty; want a journal written by -journal", name)
	case !jr.j.Ended && !unended:
		return nil, config.Errorf("%s:%d: no end line: the journal stops short (was its run killed?)", name, jr.n)
	}
	return jr.j, nil
}

// header checks the first line and parses its flags.
func header(l *line, name string) (config.Config, error) {
	if l.Format == nil || *l.Format != Format {
		return config.Config{}, fmt.Errorf(`not a journal header: want {"format":%q,"version":%d,"flags":[...]} first`, Format, Version)
	}
	if l.Version == nil || *l.Version != Version {
		got := "none"
		if l.Version != nil {
			got = strconv.Itoa(*l.Version)
		}
		return config.Config{}, fmt.Errorf("journal format version %s; this program reads version %d", got, Version)
	}
	if l.Tick != nil || l.End != nil || l.Set != nil || l.Control != nil || l.Speed != nil || l.Paint != nil {
		return config.Config{}, errors.New("the header holds the format, the version and the flags only")
	}
	seeded := false
	for _, f := range l.Flags {
		fname, _, _ := strings.Cut(strings.TrimLeft(f, "-"), "=")
		if !slicesContains(config.LiveFlags, fname) {
			return config.Config{}, fmt.Errorf("flags: %s is not a model flag (%s)", strconv.QuoteToGraphic(f), strings.Join(config.LiveFlags, ", "))
		}
		seeded = seeded || fname == "seed"
	}
	if !seeded {
		// Without it the replay would draw a fresh seed: another run.
		return config.Config{}, errors.New("flags: no -seed=N; a journal names its seed")
	}
	c, err := config.Parse(l.Flags, config.Headless, io.Discard)
	if err != nil {
		return c, fmt.Errorf("flags: %v", err)
	}
	return c, nil
}

func slicesContains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// event turns a line into an event, refusing a line that is not exactly
// one kind of event with its fields.
func event(l *line) (Event, error) {
	kinds := 0
	for _, p := range []*string{l.Set, l.Control, l.Paint} {
		if p != nil {
			kinds++
		}
	}
	if l.Speed != nil {
		kinds++
	}
	if l.Tour != nil {
		kinds++
	}
	if kinds != 1 {
		return Event{}, errors.New(`want exactly one of "set", "control", "speed", "paint", "tour" or "end"`)
	}
	extra := func(fields ...bool) bool {
		for _, f := range fields {
			if f {
				return true
			}
		}
		return false
	}
	switch {
	case l.Tour != nil:
		if extra(l.Value != nil, l.Seed != nil, l.X != nil, l.Y != nil, l.Radius != nil, l.TraceHash != nil) {
			return Event{}, errors.New(`a tour line is {"tick":N,"tour":chapter}`)
		}
		return Event{Kind: "tour", Chapter: *l.Tour}, nil
	case l.Set != nil:
		if l.Value == nil || extra(l.Seed != nil, l.X != nil, l.Y != nil, l.Radius != nil, l.TraceHash != nil) {
			return Event{}, errors.New(`a set line is {"tick":N,"set":"name","value":"value"}`)
		}
		return Event{Kind: "set", Name: *l.Set, Value: *l.Value}, nil
	case l.Control != nil:
		if extra(l.Value != nil, l.X != nil, l.Y != nil, l.Radius != nil, l.TraceHash != nil) || (l.Seed != nil) != (*l.Control == "reseed") {
			return Event{}, errors.New(`a control line is {"tick":N,"control":"action"}, with "seed":"N" for reseed only`)
		}
		e := Event{Kind: "control", Action: *l.Control}
		if l.Seed != nil {
			seed, err := strconv.ParseUint(*l.Seed, 10, 64)
			if err != nil {
				return Event{}, fmt.Errorf("seed %s, want an unsigned integer", strconv.QuoteToGraphic(*l.Seed))
			}
			e.Seed = seed
		}
		return e, nil
	case l.Speed != nil:
		if extra(l.Value != nil, l.Seed != nil, l.X != nil, l.Y != nil, l.Radius != nil, l.TraceHash != nil) {
			return Event{}, errors.New(`a speed line is {"tick":N,"speed":n}`)
		}
		return Event{Kind: "speed", Speed: *l.Speed}, nil
	}
	if l.X == nil || l.Y == nil || l.Radius == nil || extra(l.Value != nil, l.Seed != nil, l.TraceHash != nil) {
		return Event{}, errors.New(`a paint line is {"tick":N,"paint":"brush","x":X,"y":Y,"radius":R}`)
	}
	return Event{Kind: "paint", Brush: *l.Paint, X: *l.X, Y: *l.Y, R: *l.Radius}, nil
}

// oneLine keeps an error message on one line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// NewReplay starts a session that runs journal j: its model, with cfg's
// workers and outputs; its events at their ticks. With toEnd, [Session.Tick]
// reports false once the world reaches the journal's end tick with every
// event applied; without, it runs on as long as it is called (a journal
// without its end line runs only so).
func NewReplay(cfg config.Config, j *Journal, journal io.Writer, toEnd bool, cancel <-chan struct{}) (*Session, error) {
	if toEnd && !j.Ended {
		return nil, config.Errorf("%s: no end line to replay to; give -duration to run it that long", j.Name)
	}
	cfg.Model, cfg.Preset, cfg.Replay = j.Config.Model, j.Config.Preset, ""
	s, err := NewCancellable(cfg, journal, cancel)
	if err != nil {
		return nil, err
	}
	s.replay, s.toEnd = j, toEnd
	return s, nil
}

// Done reports whether a replay has applied every event and reached its
// journal's end tick.
func (s *Session) Done() bool {
	return s.replay != nil && s.replay.Ended && s.next == len(s.replay.Events) && s.sim.Swarm.Tick >= s.replay.EndTick
}

// EndMismatch says how a replay run to its journal's end differs from
// it: "" when it reached the same trace hash at the same tick, or when it
// was not run to the end.
func (s *Session) EndMismatch() string {
	j := s.replay
	if s.broken != nil {
		return s.broken.Error()
	}
	if j == nil || !s.toEnd || !s.Done() {
		return ""
	}
	h := fmt.Sprintf("%016x", s.sim.Obs.TraceHash)
	if s.sim.Swarm.Tick != j.EndTick || h != j.TraceHash {
		return fmt.Sprintf("the replay reached trace_hash %s at tick %d; %s says %s at tick %d", h, s.sim.Swarm.Tick, j.Name, j.TraceHash, j.EndTick)
	}
	return ""
}

func (s *Session) replayTick() bool {
	j := s.replay
	if s.broken != nil {
		return false
	}
	for s.next < len(j.Events) && j.Events[s.next].Tick <= s.sim.Swarm.Tick {
		e := j.Events[s.next]
		s.next++
		if e.Tick < s.sim.Swarm.Tick {
			// ReadJournal refuses such a journal; reaching it is a bug.
			s.broken = fmt.Errorf("%s:%d: the replay is at tick %d, past the event's", j.Name, e.Line, s.sim.Swarm.Tick)
			return false
		}
		if err := s.apply(&e); err != nil {
			s.broken = fmt.Errorf("%s:%d: %v", j.Name, e.Line, err)
			return false
		}
	}
	if s.toEnd && s.Done() {
		return false
	}
	s.sim.Update()
	return true
}
