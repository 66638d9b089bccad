// Package live is a run that can be changed while it runs: parameters,
// speed, pause, single steps, reset, reseed and brush strokes, each an
// event stamped with the tick it applies at and written to a journal, so
// that the run replays exactly. It imports no ebiten and builds in every
// build; the window, the page and the headless replay all drive it.
package live

import (
	"errors"
	"io"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/systems"
)

// Session is a run that can be changed while it runs: the simulation, the
// model actually running, speed, pause, and the journal of every change.
type Session struct {
	cfg    config.Config
	sim    *systems.Sim
	paused bool
	speed  int
	note   string
}

// New starts a session from cfg, writing its journal to journal (nil:
// none).
func New(cfg config.Config, journal io.Writer) (*Session, error) {
	sim, err := systems.New(cfg.Model, cfg.Options())
	if err != nil {
		return nil, err
	}
	return &Session{cfg: cfg, sim: sim, speed: 1}, nil
}

// Sim is the current world: a new one after a reset, a reseed or a
// restart.
func (s *Session) Sim() *systems.Sim { return s.sim }

// Model is the model running now.
func (s *Session) Model() components.Model { return s.sim.Model }

// Set changes flag name to value, in the flags' syntax, at the next tick.
func (s *Session) Set(name, value string) error { return errors.New("live: not yet") }

// Control queues "pause", "resume", "step", "reset" or "reseed".
func (s *Session) Control(action string) error { return errors.New("live: not yet") }

// SetSpeed sets the ticks per update: 1, 2, 4, 8, 16, or 0 for max.
func (s *Session) SetSpeed(n int) error { return errors.New("live: not yet") }

// Paint queues a brush stroke at cell (x, y) with the radius in cells.
func (s *Session) Paint(brush string, x, y, radius int) error { return errors.New("live: not yet") }

// Params are the running model's flags, name to value in flag syntax.
func (s *Session) Params() map[string]string { return map[string]string{} }

// Paused reports whether the run is paused.
func (s *Session) Paused() bool { return s.paused }

// Speed is the ticks per update; 0 is max.
func (s *Session) Speed() int { return s.speed }

// Pacemakers is the number of pacemaker fireflies.
func (s *Session) Pacemakers() int { return 0 }

// Silenced is the number of silenced fireflies.
func (s *Session) Silenced() int { return 0 }

// Tick applies the queued events, then runs one tick unless paused, and
// reports whether a tick ran.
func (s *Session) Tick() bool {
	if s.paused {
		return false
	}
	s.sim.Update()
	return true
}

// Note is the last message for the user, or "".
func (s *Session) Note() string { return s.note }

// Journal is the journal so far, JSON lines.
func (s *Session) Journal() []byte { return nil }

// Close writes the journal's end line and closes the sim.
func (s *Session) Close() error {
	s.sim.Close()
	return nil
}
