package config

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/firefly-observatory/fireflies/params"
)

// ReferenceCommand is the command that writes [Reference] to
// docs/flags.md, run from the module's root.
const ReferenceCommand = "UPDATE_DOCS=1 go test ./config -run TestFlagReference"

// Reference is the flag reference, docs/flags.md, in Markdown: the builds,
// the subcommands, then every flag of a run and of each subcommand with
// its placeholder, its default, what it does, what it allows and the
// builds that honour it, and the page's URL parameters — all from the
// table of flags, as -help says them, with the program named fireflies.
// A test keeps the committed page equal to it.
func Reference() string {
	var s strings.Builder
	fmt.Fprintf(&s, "# Flags\n\n"+
		"<!-- Generated from the flag table in config/flags.go by `%s`; do not edit. -->\n\n"+
		"This page is generated from the table of flags in [config/flags.go](../config/flags.go) "+
		"by `%s` (`make docs`); edit the table, not this page: `go test ./config` fails while they differ.\n\n",
		ReferenceCommand, ReferenceCommand)
	s.WriteString("The program comes in three builds. Each takes the flags it can honour and refuses the others by name.\n\n")
	for _, k := range builds {
		fmt.Fprintf(&s, "- **%s** (`%s`): %s.\n", k.name, k.make, k.about)
	}
	s.WriteString("\nA flag is written `-name value` or `-name=value`, with one dash or two; " +
		"a flag that is true or false needs no value (`-json` is `-json=true`). " +
		"`-help` lists a build's flags, and `fireflies sweep -help` a subcommand's.\n\n")

	s.WriteString("## Subcommands\n\n| Command | Builds | What it does |\n|---|---|---|\n")
	for _, sc := range subcommands {
		fmt.Fprintf(&s, "| [`fireflies %s %s`](#%s) | %s | %s |\n", sc.name, cell(sc.args), sc.name, sc.builds, cell(sc.about))
	}

	s.WriteString("\n## A run\n\n`fireflies [flags]`\n\n| Flag | Default | What it does | Allows | Builds |\n|---|---|---|---|---|\n")
	for _, f := range flags {
		if !f.takes(Run) {
			continue
		}
		h := f.helpFor(f.builds.first(), Run)
		fmt.Fprintf(&s, "| `-%s` | %s | %s | %s | %s |\n", cell(strings.TrimSpace(f.name+" "+h.arg)), cell(runDefaults(f)), cell(h.usage), cell(f.allows), f.builds)
	}
	fmt.Fprintf(&s, "\nA grid holds at most %d fireflies in WebAssembly (the page, and the headless build under Node): what fits in wasm32's 4 GiB.\n",
		params.WasmMaxFireflies)

	s.WriteString("\n## The page's URL parameters\n\n" +
		"The browser build takes its flags from the page's URL query: `index.html?grid=256x256&seed=7` is `-grid=256x256 -seed=7`, " +
		"in the query's order. A parameter without a value is a flag without one (`?json`), `+` and `%XX` are decoded as in any query, " +
		"and `?help` shows the list in place of the simulation. The parameters, which mean what the flags above mean:\n\n")
	var params []string
	for _, f := range flags {
		if f.builds&Browser != 0 && f.takes(Run) {
			h := f.helpFor(Browser, Run)
			params = append(params, "`"+f.name+"="+cmp.Or(h.arg, "true")+"`")
		}
	}
	s.WriteString(strings.Join(params, ", ") + ".\n")

	for _, sc := range subcommands {
		fmt.Fprintf(&s, "\n## %s\n\n`fireflies %s %s` (the %s build%s)\n\n%s\n", sc.name, sc.name, sc.args, sc.builds, plural(sc.builds),
			strings.ReplaceAll(sc.about, "\n", " "))
		if sc.cmd == 0 {
			s.WriteString("\nIt takes no flags.\n")
			continue
		}
		s.WriteString("\n| Flag | Default | What it does | Allows |\n|---|---|---|---|\n")
		for _, f := range flags {
			if f.builds&sc.builds == 0 || !f.takes(sc.cmd) {
				continue
			}
			h := f.helpFor(Headless, sc.cmd)
			fmt.Fprintf(&s, "| `-%s` | %s | %s | %s |\n", cell(strings.TrimSpace(f.name+" "+h.arg)), cell(h.def), cell(h.usage), cell(f.allows))
		}
	}
	return s.String()
}

// runDefaults is f's default in a run, the same in every build that
// honours it, or each build's where they differ.
func runDefaults(f flagSpec) string {
	var defs []string
	var in []Build
	for _, k := range builds {
		if f.builds&k.b == 0 {
			continue
		}
		d := f.helpFor(k.b, Run).def
		if i := slices.Index(defs, d); i >= 0 {
			in[i] |= k.b
		} else {
			defs, in = append(defs, d), append(in, k.b)
		}
	}
	if len(defs) == 1 {
		return defs[0]
	}
	var parts []string
	for i, d := range defs {
		if d != "" {
			parts = append(parts, d+" ("+in[i].String()+")")
		}
	}
	return strings.Join(parts, "; ")
}

// first is the first of the builds in b, in the order they are listed.
func (b Build) first() Build {
	for _, k := range builds {
		if b&k.b != 0 {
			return k.b
		}
	}
	panic("config: no build in " + strconv.Itoa(int(b)))
}

// cell is s as a Markdown table's cell: on one line, its pipes escaped
// (inside code spans too, as GitHub's tables want).
func cell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\n", " "), "|", `\|`)
}
