package config

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
)

// addAxis sets the values a model flag takes in a sweep: a list a,b,c
// whose items are values or ranges — from:to:count, count evenly spaced
// values from from to to, for durations and fractions; from..to, every
// integer, for seeds. Each value is checked as a run would check it, and
// kept in the flag's canonical form. A range's size is known before any of
// its values is made, so a list longer than a sweep may be is refused
// before it is built; the rest takes time in proportion to its length.
func (c *Config) addAxis(f flagSpec, list string) error {
	var scratch Config
	allows := f.allows + "; in a sweep a list a,b,c of such values"
	switch {
	case f.name == "seed":
		allows += " or ranges from..to"
	case ranged(f.value(&scratch)):
		allows += " or ranges from:to:count"
	}
	bad := func(item string) error { return errorf("-%s: got %s, want %s", f.name, show(item), allows) }
	// The items' sizes first, so that a list too long is refused before
	// any of it is made, and the rest is made into a list and a set of
	// that size at once.
	var items []valueRange
	total := 0
	for item := range strings.SplitSeq(list, ",") {
		item = strings.TrimSpace(item)
		r, err := rangeOf(f, item)
		if errors.Is(err, errNotRange) {
			r, err = valueRange{n: 1, at: func(int) string { return item }}, nil
		}
		if err != nil {
			return bad(item)
		}
		if r.n > MaxRuns-total {
			return errorf("-%s: %s makes the sweep more than %d runs; split it into several sweeps", f.name, show(item), MaxRuns)
		}
		total += r.n
		items = append(items, r)
	}
	values := make([]string, 0, total)
	seen := make(map[string]bool, total)
	for _, r := range items {
		for k := range r.n {
			e := r.at(k)
			v := f.value(&scratch)
			if e == "" || v.Set(e) != nil {
				return bad(e)
			}
			canonical := v.String()
			if seen[canonical] {
				return errorf("-%s: %s is in the list twice; give each value once", f.name, canonical)
			}
			seen[canonical] = true
			values = append(values, canonical)
		}
	}
	for i := range c.Sweep.Axes {
		if c.Sweep.Axes[i].Flag == f.name {
			c.Sweep.Axes[i].Values = values // the last one given counts, as for any flag
			return nil
		}
	}
	c.Sweep.Axes = append(c.Sweep.Axes, Axis{Flag: f.name, Values: values})
	// In the table's order, whatever the command line's: the runs' order
	// and the sweep's identity do not depend on how it was written.
	slices.SortStableFunc(c.Sweep.Axes, func(a, b Axis) int { return index(a.Flag) - index(b.Flag) })
	return nil
}

var errNotRange = errors.New("not a range")

// valueRange is a list item's values, made one at a time: n of them, the
// k-th at(k).
type valueRange struct {
	n  int
	at func(k int) string
}

// rangeOf returns the values of a range item, or errNotRange if item is a
// plain value. Their count is at least the range's, or [MaxRuns]+1: more
// than a sweep may have.
func rangeOf(f flagSpec, item string) (valueRange, error) {
	if f.name == "seed" {
		from, to, ok := strings.Cut(item, "..")
		if !ok {
			return valueRange{}, errNotRange
		}
		a, err1 := strconv.ParseUint(from, 10, 64)
		b, err2 := strconv.ParseUint(to, 10, 64)
		if err1 != nil || err2 != nil || b < a {
			return valueRange{}, errors.New("bad range")
		}
		// Counted from a rather than up to b: b may be the largest
		// uint64, past which a counter wraps to 0. More than MaxRuns
		// is refused by the caller.
		return valueRange{n: int(min(b-a, MaxRuns)) + 1, at: func(k int) string { return strconv.FormatUint(a+uint64(k), 10) }}, nil
	}
	parts := strings.Split(item, ":")
	if len(parts) != 3 {
		return valueRange{}, errNotRange
	}
	n, err := strconv.Atoi(parts[2])
	if err != nil || n < 2 {
		return valueRange{}, errors.New("bad count")
	}
	var scratch Config
	switch v := f.value(&scratch).(type) {
	case durationValue:
		if v.Set(parts[0]) != nil {
			return valueRange{}, errors.New("bad from")
		}
		from := *v.p
		if v.Set(parts[1]) != nil {
			return valueRange{}, errors.New("bad to")
		}
		// Exact in integer nanoseconds, without overflowing: d×i/(n-1)
		// as q×i + r×i/(n-1).
		d := *v.p - from
		q, r := d/time.Duration(n-1), d%time.Duration(n-1)
		return valueRange{n: n, at: func(i int) string {
			return (from + q*time.Duration(i) + r*time.Duration(i)/time.Duration(n-1)).String()
		}}, nil
	case floatValue:
		if v.Set(parts[0]) != nil {
			return valueRange{}, errors.New("bad from")
		}
		from := *v.p
		if v.Set(parts[1]) != nil {
			return valueRange{}, errors.New("bad to")
		}
		to := *v.p
		return valueRange{n: n, at: func(i int) string {
			x := from + (to-from)*float64(i)/float64(n-1)
			if i == n-1 {
				x = to
			}
			return strconv.FormatFloat(x, 'g', -1, 64)
		}}, nil
	}
	return valueRange{}, errors.New("no ranges")
}

// index is the flag's place in the table.
func index(name string) int {
	for i, f := range flags {
		if f.name == name {
			return i
		}
	}
	return len(flags)
}

// validateSweep checks a sweep's own flags; [InRun] reports a combination
// of values that a run refuses, which the sweep finds as it lists them.
func (c Config) validateSweep(set map[string]bool) error {
	bad := func(name string, got any) error {
		return errorf("-%s: got %v, want %s", name, got, lookup(name).allows)
	}
	o := c.Sweep
	runs := 1
	for _, a := range o.Axes {
		runs *= len(a.Values)
		if runs > MaxRuns {
			return errorf("-%s: the sweep would hold more than %d runs; split it into several sweeps", a.Flag, MaxRuns)
		}
	}
	switch {
	case set["seeds"] && (o.Seeds < 1 || o.Seeds > MaxRuns):
		return bad("seeds", o.Seeds)
	case set["seeds"] && set["seed"]:
		return errorf("-seeds: with -seed as well; give the seeds one way, -seeds N for 1 to N or -seed a,b,c")
	case set["seeds"] && runs*o.Seeds > MaxRuns:
		return errorf("-seeds: the sweep would hold more than %d runs; split it into several sweeps", MaxRuns)
	case o.Jobs < 1 || o.Jobs > 256:
		return bad("jobs", o.Jobs)
	case c.Workers < 1 || c.Workers > 256:
		return bad("workers", c.Workers)
	case set["shards"] && (o.Shards < 1 || o.Shards > MaxRuns):
		return bad("shards", o.Shards)
	case set["shards"] && set["shard"]:
		return errorf("-shards: with -shard as well; -shard K/N names the count itself")
	}
	return nil
}

// InRun names the run of a sweep that err, from [Parse], is about: a
// combination of values that the flags allow one by one but a run does
// not, such as a refractory time that is not below the period.
func InRun(err error, args []string) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	return errorf("%s (in the sweep's run %s)", e.msg, strings.Join(args, " "))
}
