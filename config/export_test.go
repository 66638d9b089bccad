package config

import "slices"

// TableFlag is a flag of the table as the tests see it.
type TableFlag struct {
	Name         string
	Builds       Build
	Cmds         Command
	Allows       string
	Placeholders []string // its placeholder in each command that takes it, once each
	Words        []string // the words an enumeration's Set takes; nil for other values
	Bool         bool
	Set          func(string) error // its value's, on a configuration of its own
}

// TableFlags are the flags of the table, in its order.
func TableFlags() []TableFlag {
	var out []TableFlag
	for _, f := range flags {
		var c Config
		v := f.value(&c)
		t := TableFlag{Name: f.name, Builds: f.builds, Cmds: f.cmds, Allows: f.allows, Set: v.Set}
		for _, cmd := range []Command{Run, Sweep, Merge, Plot} {
			if f.cmds&cmd == 0 {
				continue // a sweep's list of a run's flag is checked as the run's
			}
			p := f.helpFor(f.builds.first(), cmd).arg
			if !slices.Contains(t.Placeholders, p) {
				t.Placeholders = append(t.Placeholders, p)
			}
		}
		switch v := v.(type) {
		case choiceValue:
			t.Words = v.choices
		case switchValue:
			t.Words = []string{v.off, v.on}
		case presetValue:
			t.Words = presets
		case boolValue, tourValue, untilValue: // tourValue: no value needed, or a chapter; untilValue: or a criterion
			t.Bool = true
		}
		out = append(out, t)
	}
	return out
}

// ProgramName is how [Program] is found from os.Args.
var ProgramName = programName
