package config

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/params"
)

// value is a flag's parser, bound to a field of a Config: flag.Value's
// methods, with messages of the project's own, and the placeholder that
// -help and the flag reference show for its argument.
type value interface {
	Set(string) error
	String() string
	// placeholder says what the flag takes: its words, as in drop|queue,
	// or the form of its argument, as in WxH or file.csv. A bool's is "".
	placeholder() string
}

// boolFlag is a value that needs no argument: -json is -json=true.
type boolFlag interface{ isBool() }

// gridValue parses "WxH" or "N" (N×N).
type gridValue struct{ w, h *int }

func (g gridValue) String() string { return fmt.Sprintf("%dx%d", *g.w, *g.h) }

func (gridValue) placeholder() string { return "WxH" }

func (g gridValue) Set(s string) error {
	ws, hs, ok := strings.Cut(strings.ToLower(s), "x")
	if !ok {
		hs = ws
	}
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if err1 != nil || err2 != nil {
		return errors.New("want WxH or N")
	}
	*g.w, *g.h = w, h
	return nil
}

type durationValue struct{ p *time.Duration }

func (d durationValue) String() string { return d.p.String() }

func (durationValue) placeholder() string { return "duration" }

func (d durationValue) Set(s string) error {
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d.p = v
	return nil
}

type intValue struct{ p *int }

func (i intValue) String() string { return strconv.Itoa(*i.p) }

func (intValue) placeholder() string { return "n" }

func (i intValue) Set(s string) error {
	v, err := strconv.Atoi(s)
	if err != nil {
		return err
	}
	*i.p = v
	return nil
}

type uintValue struct{ p *uint64 }

func (u uintValue) String() string { return strconv.FormatUint(*u.p, 10) }

func (uintValue) placeholder() string { return "n" }

func (u uintValue) Set(s string) error {
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return err
	}
	*u.p = v
	return nil
}

type floatValue struct{ p *float64 }

func (f floatValue) String() string { return strconv.FormatFloat(*f.p, 'g', -1, 64) }

func (floatValue) placeholder() string { return "x" }

func (f floatValue) Set(s string) error {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return errors.New("want a finite number")
	}
	*f.p = v
	return nil
}

// resolutionValue is -resolution: auto (0), or a fraction of the
// display's pixels, checked for its range with the other flags.
type resolutionValue struct{ p *float64 }

func (r resolutionValue) String() string {
	if *r.p == 0 {
		return "auto"
	}
	return strconv.FormatFloat(*r.p, 'g', -1, 64)
}

func (resolutionValue) placeholder() string { return "auto|x" }

func (r resolutionValue) Set(s string) error {
	if s == "auto" {
		*r.p = 0
		return nil
	}
	return floatValue(r).Set(s)
}

// tourValue is -tour: a flag that needs no value (chapter 1), or a
// chapter's number.
type tourValue struct{ p *int }

func (tourValue) isBool() {}

func (t tourValue) String() string { return strconv.Itoa(*t.p) }

func (tourValue) placeholder() string { return "" }

func (t tourValue) Set(s string) error {
	switch s {
	case "true":
		*t.p = 1
		return nil
	case "false":
		*t.p = 0
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 99 {
		return errors.New("want true, false or a chapter")
	}
	*t.p = n
	return nil
}

// untilValue is -until-sync: a flag that needs no value (true: R >= 0.9
// held for a period), or a criterion, kept as [params.Until] writes it.
type untilValue struct{ p *string }

func (untilValue) isBool() {}

func (u untilValue) String() string { return *u.p }

func (untilValue) placeholder() string { return "" }

func (u untilValue) Set(s string) error {
	c, ok := params.ParseUntil(s)
	if !ok {
		return errors.New("not allowed")
	}
	*u.p = c.String()
	if c.Kind == "" {
		*u.p = ""
	}
	return nil
}

type boolValue struct{ p *bool }

func (boolValue) isBool() {}

func (b boolValue) String() string { return strconv.FormatBool(*b.p) }

func (boolValue) placeholder() string { return "" }

func (b boolValue) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	*b.p = v
	return nil
}

// stringValue is a path, or a text: arg names which, as -help shows it
// (file.png, file.csv, text).
type stringValue struct {
	p   *string
	arg string
}

func (s stringValue) String() string { return *s.p }

func (s stringValue) placeholder() string { return s.arg }

func (s stringValue) Set(v string) error {
	if v == "" {
		return errors.New("want a path")
	}
	*s.p = v
	return nil
}

// choiceValue is one of a few words.
type choiceValue struct {
	p       *string
	choices []string
}

func (c choiceValue) String() string { return *c.p }

func (c choiceValue) placeholder() string { return strings.Join(c.choices, "|") }

func (c choiceValue) Set(s string) error {
	for _, ch := range c.choices {
		if s == ch {
			*c.p = s
			return nil
		}
	}
	return errors.New("want one of " + strings.Join(c.choices, ", "))
}

// shardValue parses "K/N": shard K of N, counted from 0.
type shardValue struct{ p *Shard }

func (v shardValue) String() string {
	if v.p.N == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", v.p.K, v.p.N)
}

func (shardValue) placeholder() string { return "K/N" }

func (v shardValue) Set(s string) error {
	ks, ns, ok := strings.Cut(s, "/")
	k, err1 := strconv.Atoi(ks)
	n, err2 := strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil || k < 0 || n < 1 || k >= n || n > MaxRuns {
		return errors.New("want K/N")
	}
	*v.p = Shard{K: k, N: n}
	return nil
}

// switchValue is a rule that is off or on, named by two words.
type switchValue struct {
	p       *bool
	off, on string
}

func (s switchValue) String() string {
	if *s.p {
		return s.on
	}
	return s.off
}

func (s switchValue) placeholder() string { return s.off + "|" + s.on }

func (s switchValue) Set(v string) error {
	switch v {
	case s.off:
		*s.p = false
	case s.on:
		*s.p = true
	default:
		return errors.New("want " + s.off + " or " + s.on)
	}
	return nil
}

// presets are the names [presetValue] takes ([params.ApplyPreset]).
var presets = params.Lookup("preset").Words

// presetValue sets several settings at once ([params.ApplyPreset]):
// "original" the original experiment's four rules, "default" this
// project's, "classroom" a demonstration's coupling and spread.
type presetValue struct {
	m    *components.Model
	name *string
}

func (p presetValue) String() string { return *p.name }

func (presetValue) placeholder() string { return strings.Join(presets, "|") }

func (p presetValue) Set(v string) error {
	if err := params.ApplyPreset(p.m, v); err != nil {
		return err
	}
	*p.name = v
	return nil
}

// patternValue is a word with a parameter, such as radius:3, checked by
// its own function; form is what -help shows, its words and their
// parameters in capitals (moore|vonneumann|radius:R).
type patternValue struct {
	p     *string
	valid func(string) bool
	form  string
}

func (v patternValue) String() string { return *v.p }

func (v patternValue) placeholder() string { return v.form }

func (v patternValue) Set(s string) error {
	if !v.valid(s) {
		return errors.New("not allowed")
	}
	*v.p = s
	return nil
}

// paramValue is the parser of the model's parameter p, bound to its field
// in a config.
func paramValue(p params.Param) func(c *Config) value {
	return func(c *Config) value {
		f := p.Field(&c.Point)
		switch p.Kind {
		case params.Grid:
			return gridValue{&c.Model.Width, &c.Model.Height}
		case params.Seconds:
			return durationValue{f.(*time.Duration)}
		case params.Float:
			return floatValue{f.(*float64)}
		case params.Int:
			return intValue{f.(*int)}
		case params.Uint:
			return uintValue{f.(*uint64)}
		case params.Bool:
			return boolValue{f.(*bool)}
		case params.Choice:
			return choiceValue{f.(*string), p.Words}
		case params.Pattern:
			return patternValue{f.(*string), p.Valid, strings.Join(p.Words, "|")}
		case params.Switch:
			return switchValue{f.(*bool), p.Words[0], p.Words[1]}
		case params.Preset:
			return presetValue{&c.Model, &c.Preset}
		}
		panic("config: -" + p.Name + ": a parameter of no known kind")
	}
}
