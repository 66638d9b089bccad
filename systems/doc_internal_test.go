package systems

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/firefly-observatory/fireflies/components"
)

// docTables reads the tick's tables from the package comment in doc.go:
// the rows of each that name a system and its file, in order.
func docTables(t *testing.T) (tables [][][2]string) {
	src, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var table [][2]string
	for _, line := range strings.Split(string(src), "\n") {
		row, ok := strings.CutPrefix(line, "//\t")
		if !ok { // the end of a table, if one was being read
			if table != nil {
				tables, table = append(tables, table), nil
			}
			continue
		}
		// A row that goes on from the one before starts with spaces.
		if f := strings.Fields(row); !strings.HasPrefix(row, " ") && len(f) >= 2 && strings.HasSuffix(f[1], ".go") {
			table = append(table, [2]string{f[0], f[1]})
		}
	}
	return tables
}

// systemNames are the type names of s's systems, in order.
func systemNames(s *Sim) []string {
	var names []string
	for _, sys := range s.systems {
		names = append(names, strings.TrimPrefix(fmt.Sprintf("%T", sys), "*systems."))
	}
	return names
}

// TestDocTablesAreTheTick: the package comment's tables list the systems
// New puts in a tick, in its order — the default model's with the
// avalanches and the measures measured, a variant model's, the stress mode's — and each
// system's file declares it.
func TestDocTablesAreTheTick(t *testing.T) {
	tables := docTables(t)
	if len(tables) != 3 {
		t.Fatalf("got %d tables in doc.go, want 3: the default model's, the variant's, the stress mode's", len(tables))
	}
	names := func(rows [][2]string) (n []string) {
		for _, r := range rows {
			n = append(n, r[0])
		}
		return n
	}
	def, variant := names(tables[0]), names(tables[1])
	rules := slices.Index(def, "Advance")
	if rules < 0 || len(def) < rules+3 {
		t.Fatalf("the default model's table %v has no Advance, Cascade and Settle", def)
	}
	withVariant := slices.Concat(def[:rules], variant, def[rules+3:])

	m := components.DefaultModel()
	m.Width, m.Height, m.Seed = 16, 16, 1
	vm := m
	vm.Neighbours = "vonneumann"
	for _, c := range []struct {
		name string
		m    components.Model
		o    Options
		want []string
	}{
		{"default model", m, Options{Workers: 2, Measures: true}, def},
		{"variant model", vm, Options{Workers: 2, Measures: true}, withVariant},
		{"stress mode", m, Options{Workers: 2, Load: &Load{Sources: 10, Rate: 1}}, names(tables[2])},
	} {
		s, err := New(c.m, c.o)
		if err != nil {
			t.Fatal(err)
		}
		if got := systemNames(s); !slices.Equal(got, c.want) {
			t.Errorf("%s: got systems %v, want %v as doc.go lists them", c.name, got, c.want)
		}
		s.Close()
	}
	for _, table := range tables {
		for _, r := range table {
			src, err := os.ReadFile(r[1])
			if err != nil {
				t.Errorf("%s: %v", r[0], err)
			} else if !strings.Contains(string(src), "\ntype "+r[0]+" struct") {
				t.Errorf("got no type %s in %s, want it there as doc.go says", r[0], r[1])
			}
		}
	}
}
