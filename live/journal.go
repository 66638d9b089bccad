package live

import (
	"bufio"
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
}

// maxLine bounds a journal line: the longest real one is a few hundred
// bytes.
const maxLine = 64 << 10

var hexHash = regexp.MustCompile(`^[0-9a-f]{16}$`)

// ReadJournal reads and checks a journal written by a [Session]. Every
// error is a [*config.Error], one line naming the file, the line number
// and what is wrong; a journal of another format version says so.
func ReadJournal(r io.Reader, name string) (*Journal, error) {
	j := &Journal{Name: name}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	n := 0
	bad := func(format string, args ...any) error {
		return config.Errorf("%s:%d: %s", name, n, fmt.Sprintf(format, args...))
	}
	var cfg config.Config
	epoch := int64(0) // the tick the last event applied at, in the current world
	ended := false
	for sc.Scan() {
		n++
		text := sc.Bytes()
		if n == 1 {
			text = bytes.TrimPrefix(text, []byte("\ufeff")) // a byte-order mark, as some editors save
		}
		if ended {
			if len(bytes.TrimSpace(text)) == 0 {
				continue // blank lines after the end, as jq -r prints it
			}
			return nil, bad("a line after the end line; the end line is the last")
		}
		var l line
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil {
			return nil, bad("not a journal line: %s", oneLine(err))
		}
		if dec.More() {
			return nil, bad("more than one JSON value on the line")
		}
		if n == 1 {
			c, err := header(&l, name)
			if err != nil {
				return nil, bad("%s", err)
			}
			j.Flags, cfg = l.Flags, c
			j.Config = c
			continue
		}
		if l.Format != nil || l.Version != nil || l.Flags != nil {
			return nil, bad("a second header; it is the first line only")
		}
		if l.Tick == nil {
			return nil, bad("no tick")
		}
		if *l.Tick < 0 || *l.Tick > math.MaxInt32 {
			return nil, bad("tick %d, want 0 to %d", *l.Tick, math.MaxInt32)
		}
		if *l.Tick < epoch {
			return nil, bad("tick %d comes before the previous event's %d in the same world", *l.Tick, epoch)
		}
		if l.End != nil {
			if !*l.End || l.TraceHash == nil || !hexHash.MatchString(*l.TraceHash) || l.Set != nil || l.Control != nil || l.Speed != nil || l.Paint != nil {
				return nil, bad(`the end line is {"end":true,"tick":N,"trace_hash":"16 hex digits"}`)
			}
			j.EndTick, j.TraceHash, ended = int32(*l.Tick), *l.TraceHash, true
			continue
		}
		e, err := event(&l)
		if err != nil {
			return nil, bad("%s", err)
		}
		e.Tick, e.Line = int32(*l.Tick), n
		next, err := check(cfg, &e)
		if err != nil {
			return nil, bad("%s", err)
		}
		epoch = *l.Tick
		if e.restarts(cfg, next) {
			epoch = 0
		}
		cfg = next
		j.Events = append(j.Events, e)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, config.Errorf("%s:%d: a line longer than %d bytes", name, n+1, maxLine)
		}
		return nil, config.Errorf("%s: %v", name, err)
	}
	switch {
	case n == 0:
		return nil, config.Errorf("%s: empty; want a journal written by -journal", name)
	case !ended:
		return nil, config.Errorf("%s:%d: no end line: the journal stops short (was its run killed?)", name, n)
	}
	return j, nil
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
// event applied; without, it runs on as long as it is called.
func NewReplay(cfg config.Config, j *Journal, journal io.Writer, toEnd bool, cancel <-chan struct{}) (*Session, error) {
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
	return s.replay != nil && s.next == len(s.replay.Events) && s.sim.Swarm.Tick >= s.replay.EndTick
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
