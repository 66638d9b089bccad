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
// kept in the flag's canonical form.
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
	canonical := func(item string) (string, error) {
		v := f.value(&scratch)
		if item == "" || v.Set(item) != nil {
			return "", bad(item)
		}
		return v.String(), nil
	}
	var values []string
	for item := range strings.SplitSeq(list, ",") {
		item = strings.TrimSpace(item)
		expanded, err := expand(f, item)
		if errors.Is(err, errNotRange) {
			expanded, err = []string{item}, nil
		}
		if err != nil || len(values)+len(expanded) > MaxRuns {
			return bad(item)
		}
		for _, e := range expanded {
			v, err := canonical(e)
			if err != nil {
				return err
			}
			if slices.Contains(values, v) {
				return errorf("-%s: %s is in the list twice; give each value once", f.name, v)
			}
			values = append(values, v)
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

// expand returns the values of a range item, or errNotRange if item is a
// plain value.
func expand(f flagSpec, item string) ([]string, error) {
	if f.name == "seed" {
		from, to, ok := strings.Cut(item, "..")
		if !ok {
			return nil, errNotRange
		}
		a, err1 := strconv.ParseUint(from, 10, 64)
		b, err2 := strconv.ParseUint(to, 10, 64)
		if err1 != nil || err2 != nil || b < a || b-a >= MaxRuns {
			return nil, errors.New("bad range")
		}
		var out []string
		for s := a; s <= b; s++ {
			out = append(out, strconv.FormatUint(s, 10))
		}
		return out, nil
	}
	parts := strings.Split(item, ":")
	if len(parts) != 3 {
		return nil, errNotRange
	}
	n, err := strconv.Atoi(parts[2])
	if err != nil || n < 2 || n > MaxRuns {
		return nil, errors.New("bad count")
	}
	var scratch Config
	switch v := f.value(&scratch).(type) {
	case durationValue:
		if v.Set(parts[0]) != nil {
			return nil, errors.New("bad from")
		}
		from := *v.p
		if v.Set(parts[1]) != nil {
			return nil, errors.New("bad to")
		}
		// Exact in integer nanoseconds, without overflowing: d×i/(n-1)
		// as q×i + r×i/(n-1).
		d := *v.p - from
		q, r := d/time.Duration(n-1), d%time.Duration(n-1)
		out := make([]string, n)
		for i := range n {
			out[i] = (from + q*time.Duration(i) + r*time.Duration(i)/time.Duration(n-1)).String()
		}
		return out, nil
	case floatValue:
		if v.Set(parts[0]) != nil {
			return nil, errors.New("bad from")
		}
		from := *v.p
		if v.Set(parts[1]) != nil {
			return nil, errors.New("bad to")
		}
		to := *v.p
		out := make([]string, n)
		for i := range n {
			x := from + (to-from)*float64(i)/float64(n-1)
			if i == n-1 {
				x = to
			}
			out[i] = strconv.FormatFloat(x, 'g', -1, 64)
		}
		return out, nil
	}
	return nil, errors.New("no ranges")
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
