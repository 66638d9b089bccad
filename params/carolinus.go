package params

import (
	"slices"
	"strconv"

	"github.com/firefly-observatory/fireflies/components"
)

// carolinusParams are the parameters of the burst model alone: a summary
// names them only for it, so that the pulse model's stays as it was.
var carolinusParams = []string{"model", "beta", "burst-refractory", "group", "quiet-from"}

// Shown reports whether the -json summary of a run of m names p: every
// parameter but the burst model's, which only its own runs name.
func Shown(p Param, m components.Model) bool {
	return m.Carolinus() || !slices.Contains(carolinusParams, p.Name)
}

// Carolinus reports whether p is a parameter of the burst model alone.
func Carolinus(p Param) bool { return slices.Contains(carolinusParams, p.Name) }

func validGroup(s string) bool {
	if s == "grid" {
		return true
	}
	n, err := strconv.Atoi(s)
	return err == nil && n >= 1 && strconv.Itoa(n) == s
}
