package config

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/firefly-observatory/fireflies/input"
	"github.com/firefly-observatory/fireflies/systems"
)

// CarolinusGlow is -glow's default with -model carolinus: a flash of
// 0.2 s at the default period, so that a burst shows as its flashes.
const CarolinusGlow = 0.04

// maxQuietBytes bounds a -quiet-from file, which the model reads whole.
const maxQuietBytes = 16 << 20

// loadCarolinus applies what the burst model's flags imply at start-up:
// its glow, unless -glow is set, and the text of the -quiet-from file,
// checked as the model reads it (an error names the file's line).
func (c *Config) loadCarolinus(set map[string]bool) error {
	if c.Model.Carolinus() && !set["glow"] {
		c.Model.Glow = CarolinusGlow
	}
	if c.Model.QuietFrom == "" {
		return nil
	}
	var text strings.Builder
	err := input.ReadFile(c.Model.QuietFrom, nil, 4096, func(n int, b []byte, _ bool) error {
		if text.Len()+len(b) > maxQuietBytes {
			return fmt.Errorf("line %d: more than %d MiB", n, maxQuietBytes>>20)
		}
		text.Write(b)
		text.WriteByte('\n')
		return nil
	})
	var long *input.LineTooLong
	switch {
	case errors.As(err, &long):
		return errorf("-quiet-from: %s: line %d: longer than %d bytes, not a file of intervals", show(c.Model.QuietFrom), long.Line, long.Max)
	case err != nil:
		return errorf("-quiet-from: %s: %v", show(c.Model.QuietFrom), err)
	}
	if err := systems.CheckQuiet(text.String()); err != nil {
		return errorf("-quiet-from: %s: %v", show(c.Model.QuietFrom), err)
	}
	c.Model.Quiet = text.String()
	return nil
}

// validateCarolinus checks the burst model's flags: β, the refractory
// time, tents that divide the grid, and none of the original's rules.
func (c Config) validateCarolinus(set map[string]bool) error {
	m := c.Model
	bad := func(name string, got any) error {
		return errorf("-%s: got %v, want %s", name, got, lookup(name).allows)
	}
	switch {
	case math.IsNaN(m.Beta) || m.Beta < 0 || m.Beta > 10:
		return bad("beta", m.Beta)
	case m.BurstRefractory < 0 || m.BurstRefractory > time.Hour:
		return bad("burst-refractory", m.BurstRefractory)
	case !m.Carolinus():
		return nil
	}
	group, err := systems.ParseGroup(m)
	if err != nil {
		return bad("group", show(m.Group))
	}
	if n := m.Fireflies(); group > 0 && (group > n || n%group != 0) {
		return errorf("-group: got %d, want a number of fireflies that divides the grid's %d (%dx%d) into tents", group, n, m.Width, m.Height)
	}
	if m.QueueDeafFlashes || m.PhaseClock {
		name := "deaf-flashes"
		if !m.QueueDeafFlashes {
			name = "refractory-clock"
		}
		if set["preset"] && !set[name] {
			name = "preset"
		}
		return errorf("-%s: one of the original's rules, which go with -model pulse only: not with -model carolinus", name)
	}
	return nil
}
