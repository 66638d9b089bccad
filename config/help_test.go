package config_test

import (
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/firefly-observatory/fireflies/config"
)

// TestPlaceholdersSayWhatFlagsTake: an enumeration's placeholder is its
// words, each taken by the flag, all the flag takes and all its allows
// names; any other flag's is a form whose example the flag takes.
func TestPlaceholdersSayWhatFlagsTake(t *testing.T) {
	examples := map[string]string{"WxH": "30x20", "duration": "1500ms", "n": "2", "x": "0.5", "K/N": "1/3", "text": "R over time"}
	path := regexp.MustCompile(`^file(\.[a-z]+)?$`)
	param := regexp.MustCompile(`^[a-z]+:[A-Z]$`)
	for _, f := range config.TableFlags() {
		for _, p := range f.Placeholders {
			switch {
			case f.Bool:
				if p != "" {
					t.Errorf("-%s: got placeholder %q, want none: it is true or false", f.Name, p)
				}
			case f.Words != nil:
				words := strings.Split(p, "|")
				if !sameWords(words, f.Words) {
					t.Errorf("-%s: got placeholder %q, want the words it takes, %q", f.Name, p, f.Words)
				}
				if allows := allowsWords(f.Allows); !sameWords(words, allows) {
					t.Errorf("-%s: got placeholder %q, but it allows %q", f.Name, p, f.Allows)
				}
				for _, w := range words {
					if err := f.Set(w); err != nil {
						t.Errorf("-%s: placeholder %q says %s, which it refuses: %v", f.Name, p, w, err)
					}
				}
				if f.Set("no-such-word") == nil {
					t.Errorf("-%s: takes no-such-word, which placeholder %q lacks", f.Name, p)
				}
			default:
				for _, alt := range strings.Split(p, "|") {
					example, known := examples[alt]
					switch {
					case path.MatchString(alt):
						example = "out/" + alt
					case param.MatchString(alt):
						example = alt[:len(alt)-1] + "1"
						fallthrough
					case !known && !strings.ContainsAny(alt, ":/ ") && alt != "":
						if !strings.Contains(f.Allows, alt) {
							t.Errorf("-%s: placeholder %q says %s, which its allows %q does not", f.Name, p, alt, f.Allows)
						}
						if example == "" {
							example = alt
						}
					case !known:
						t.Errorf("-%s: placeholder %q: %q is no known form", f.Name, p, alt)
						continue
					}
					if err := f.Set(example); err != nil {
						t.Errorf("-%s: placeholder %q, yet it refuses %s: %v", f.Name, p, example, err)
					}
				}
			}
		}
	}
}

// allowsWords are the words an enumeration's allows lists after its last
// colon: "torus or free", "a result column: r, flashes or …".
func allowsWords(allows string) []string {
	if i := strings.LastIndex(allows, ": "); i >= 0 {
		allows = allows[i+2:]
	}
	return strings.FieldsFunc(strings.ReplaceAll(allows, " or ", ","), func(r rune) bool { return r == ',' || r == ' ' })
}

func sameWords(a, b []string) bool {
	a, b = slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b))
	return slices.Equal(a, b)
}

// helpPage is one -help: the build's and the command's, with its entries.
type helpPage struct {
	name    string
	build   config.Build
	cmd     config.Command
	text    string
	entries map[string]string // a flag's name: what its line says of it
	order   []string
}

func helpPages(t *testing.T) []helpPage {
	t.Helper()
	var pages []helpPage
	for _, tc := range []struct {
		name  string
		build config.Build
		cmd   config.Command
		args  []string
	}{
		{"window", config.Window, config.Run, []string{"-help"}},
		{"headless", config.Headless, config.Run, []string{"-help"}},
		{"browser", config.Browser, config.Run, []string{"-help"}},
		{"sweep", config.Headless, config.Sweep, []string{"-help"}},
		{"merge", config.Headless, config.Merge, []string{"-help"}},
		{"plot", config.Headless, config.Plot, []string{"-help"}},
	} {
		var out strings.Builder
		if c, err := config.ParseCommand(tc.cmd, tc.args, tc.build, &out); err != nil || !c.Help {
			t.Fatalf("%s -help: got help %v, %v", tc.name, c.Help, err)
		}
		p := helpPage{name: tc.name, build: tc.build, cmd: tc.cmd, text: out.String(), entries: map[string]string{}}
		lines := strings.Split(out.String(), "\n")
		entry := regexp.MustCompile(`^  -?([a-z-]+)[ =]?`)
		for i, line := range lines {
			if m := entry.FindStringSubmatch(line); m != nil && i+1 < len(lines) && strings.HasPrefix(lines[i+1], "    \t") {
				p.entries[m[1]] = strings.TrimPrefix(lines[i+1], "    \t")
				p.order = append(p.order, m[1])
			}
		}
		if len(p.order) == 0 {
			t.Fatalf("%s -help lists no flags:\n%s", tc.name, p.text)
		}
		pages = append(pages, p)
	}
	return pages
}

// TestHelpSaysOneDefault: a flag's help line says its default once, at
// its end, and nothing else that reads as one.
func TestHelpSaysOneDefault(t *testing.T) {
	for _, p := range helpPages(t) {
		for _, name := range p.order {
			line := p.entries[name]
			i := strings.Index(line, "(default")
			if i >= 0 && (i != strings.LastIndex(line, "(default") || !strings.HasSuffix(line, ")")) {
				t.Errorf("%s -help, -%s: got %q, want one default, at the end", p.name, name, line)
			}
			if i < 0 {
				i = len(line)
			}
			if before := line[:i]; strings.Contains(before, "default:") || strings.Contains(before, "(0:") || strings.Contains(before, "(default") {
				t.Errorf("%s -help, -%s: %q says a default before its default", p.name, name, line)
			}
		}
	}
}

// TestHelpListsTheCommandsOwnFlags: each -help lists every flag its
// command takes in its build, and no other, and each command says what
// the flag it shares with another means for it.
func TestHelpListsTheCommandsOwnFlags(t *testing.T) {
	outs := map[string]string{}
	for _, p := range helpPages(t) {
		var want []string
		for _, f := range config.TableFlags() {
			if f.Builds&p.build != 0 && (f.Cmds&p.cmd != 0 || (p.cmd == config.Sweep && f.Cmds&config.SweepList != 0)) {
				want = append(want, f.Name)
			}
		}
		if !slices.Equal(p.order, want) {
			t.Errorf("%s -help: got flags %q, want %q", p.name, p.order, want)
		}
		for _, name := range p.order {
			args := []string{"-" + name}
			if p.cmd == config.Plot {
				args = []string{"heatmap", "-" + name}
			}
			_, err := config.ParseCommand(p.cmd, args, p.build, io.Discard)
			if err != nil && (strings.Contains(err.Error(), "not for") || strings.Contains(err.Error(), "unknown flag") || strings.Contains(err.Error(), "not in the")) {
				t.Errorf("%s -help lists -%s, which it refuses: %v", p.name, name, err)
			}
		}
		if out, ok := p.entries["out"]; ok {
			outs[p.name] = out
		}
	}
	if len(outs) != 3 || outs["sweep"] == outs["merge"] || outs["merge"] == outs["plot"] || outs["sweep"] == outs["plot"] ||
		strings.Contains(outs["plot"], "rows") || strings.Contains(outs["merge"], "sweep skips") {
		t.Errorf("-out: got %q; want what it writes in each of sweep, merge and plot", outs)
	}
}

// TestUsageNamesTheProgram: the usage lines and the hints name the
// program as it was run.
func TestUsageNamesTheProgram(t *testing.T) {
	defer func(p string) { config.Program = p }(config.Program)
	config.Program = "fireflies-headless"
	if got, want := config.Usage(config.Headless), "Usage: fireflies-headless [flags]\n       fireflies-headless analyze FILE.jsonl\n       fireflies-headless sweep [flags]\n"; !strings.HasPrefix(got, want) {
		t.Errorf("headless -help: got\n%s\nwant it to start\n%s", got, want)
	}
	var out strings.Builder
	if _, err := config.ParseCommand(config.Sweep, []string{"-help"}, config.Headless, &out); err != nil || !strings.HasPrefix(out.String(), "Usage: fireflies-headless sweep [flags]\n") {
		t.Errorf("sweep -help: got %q, %v; want it to start Usage: fireflies-headless sweep [flags]", out.String(), err)
	}
	if _, err := config.ParseCommand(config.Merge, []string{"-bogus"}, config.Headless, io.Discard); err == nil || !strings.Contains(err.Error(), "run fireflies-headless merge -help") {
		t.Errorf("merge -bogus: got %v, want the hint run fireflies-headless merge -help", err)
	}
	if got := config.Usage(config.Browser); strings.Contains(got, "fireflies-headless") || !strings.Contains(got, "?grid=256x256") {
		t.Errorf("browser ?help: got %q, want the URL parameters and no program", got)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"/usr/local/bin/fireflies-headless"}, "fireflies-headless"},
		{[]string{"fireflies"}, "fireflies"},
		{[]string{""}, "fireflies"},
		{nil, "fireflies"},
	} {
		if got := config.ProgramName(tc.args); got != tc.want {
			t.Errorf("os.Args %q: got %q, want %q", tc.args, got, tc.want)
		}
	}
}
