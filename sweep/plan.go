package sweep

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/params"
)

// plan is a sweep's runs: every combination of its axes' values, the seed
// varying fastest. Run i's flags are a function of i alone, so any process
// given the same specification lists the same runs in the same order, and
// a shard is a subset of indices.
type plan struct {
	axes      []config.Axis // the model flags' values, the seed's last
	untilSync string        // -until-sync's criterion, as params.Until writes it
	measures  bool          // -measures, or a criterion that measures
	workers   int
	runs      int
	id        string
	// runBytes is about the most memory a run of the sweep's largest
	// world holds (see [runBytes]).
	runBytes uint64
	// places maps each axis' values, as a row's columns write them, to
	// their places in the axis: which run a row is.
	places []map[string]int
}

// newPlan lists the sweep's runs and checks every combination of values
// as a run would; an error is an [*config.Error] naming the run.
func newPlan(c config.Config) (*plan, error) {
	p := &plan{untilSync: c.Until().String(), measures: c.Measures || c.Until().Measures(), workers: c.Workers, runs: 1}
	var seeds []string
	for _, a := range c.Sweep.Axes {
		if a.Flag == "seed" {
			seeds = a.Values
			continue
		}
		p.axes = append(p.axes, a)
	}
	if seeds == nil {
		for s := range max(c.Sweep.Seeds, 1) {
			seeds = append(seeds, strconv.Itoa(s+1))
		}
	}
	p.axes = append(p.axes, config.Axis{Flag: "seed", Values: seeds})
	desc := "fireflies sweep 1\n"
	for _, a := range p.axes {
		p.runs *= len(a.Values)
		desc += a.Flag + "=" + strings.Join(a.Values, ",") + "\n"
		places := make(map[string]int, len(a.Values))
		for i, v := range a.Values {
			places[column(a.Flag, v)] = i
		}
		p.places = append(p.places, places)
	}
	desc += "until-sync=" + p.untilSync + "\n" // true or false as before: an old sweep keeps its ID
	// -measures is in the identity only where it changes the rows: on,
	// with a criterion that does not measure anyway. Off, like an axis
	// the sweep does not name, it leaves the identity a sweep had before
	// either existed, so that the same command carries on from its rows.
	if p.measures && !c.Until().Measures() {
		desc += "measures=true\n"
	}
	sum := sha256.Sum256([]byte(desc))
	p.id = hex.EncodeToString(sum[:6])
	// Every combination but the seed's, which no check depends on.
	for i := 0; i < p.runs; i += len(seeds) {
		cfg, err := p.config(i)
		if err != nil {
			return nil, err
		}
		if cfg.Duration == 0 {
			return nil, config.Errorf("-duration: got 0s, want a duration > 0 in a sweep: every run must end")
		}
		b := runBytes(cfg.Model)
		if p.measures {
			b += uint64(cfg.Model.Fireflies()) * measuresBytesPerFirefly
		}
		p.runBytes = max(p.runBytes, b)
	}
	return p, nil
}

// args are run i's flags, as a single run would be given them.
func (p *plan) args(i int) []string {
	args := make([]string, len(p.axes), len(p.axes)+2)
	for a := len(p.axes) - 1; a >= 0; a-- {
		values := p.axes[a].Values
		args[a] = "-" + p.axes[a].Flag + "=" + values[i%len(values)]
		i /= len(values)
	}
	args = append(args, "-until-sync="+p.untilSync, "-workers="+strconv.Itoa(p.workers))
	if p.measures {
		args = append(args, "-measures")
	}
	return args
}

// config is run i's configuration, parsed from its flags as a single run's.
func (p *plan) config(i int) (config.Config, error) {
	args := p.args(i)
	cfg, err := config.Parse(args, config.Headless, io.Discard)
	if err != nil {
		return cfg, config.InRun(err, args[:len(p.axes)])
	}
	return cfg, nil
}

// indexOf returns the run a row of this sweep is, from its parameters.
func (p *plan) indexOf(r Row) (int, error) {
	i := 0
	for a, axis := range p.axes {
		text := rowColumn(axis.Flag, r)
		place, ok := p.places[a][text]
		if !ok {
			return 0, fmt.Errorf("-%s %s is not one of the sweep's values", axis.Flag, text)
		}
		i = i*len(axis.Values) + place
	}
	return i, nil
}

// column is a flag's value as a row's columns write it (a grid's as
// WxH).
func column(flag, value string) string {
	switch params.Lookup(flag).Kind {
	case params.Seconds:
		d, _ := time.ParseDuration(value)
		return ftext(d.Seconds())
	case params.Float:
		x, _ := strconv.ParseFloat(value, 64)
		return ftext(x)
	}
	return value
}

// rowColumn is the row's value of a flag, as its columns write it (a
// grid's as WxH).
func rowColumn(flag string, r Row) string {
	return strings.Join(params.Lookup(flag).Text(r.Point), "x")
}
