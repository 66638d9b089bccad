// Command table prints the README's scaling table from the files
// bench/machine.sh wrote: go run ./bench/table OUT.
//
// One row per run, in the order of the names given (all of OUT's when
// none is): the grid, the workers, firefly-ticks a second and the
// speed-up over the one-worker run of the same grid and flags (a run
// named <grid>-w1), ticks a second, tick p50 / p99 / max, the seconds
// until the first tick and until the entities were complete, the
// resident bytes a firefly at the end, and the trace hash.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

type row struct {
	Fireflies       int      `json:"fireflies"`
	Width           int      `json:"width"`
	Height          int      `json:"height"`
	Workers         int      `json:"workers"`
	Rate            float64  `json:"firefly_ticks_per_second"`
	TPS             float64  `json:"ticks_per_second"`
	P50             float64  `json:"tick_ms_p50"`
	P99             float64  `json:"tick_ms_p99"`
	Max             float64  `json:"tick_ms_max"`
	Build           float64  `json:"build_seconds"`
	Entities        *float64 `json:"entities_seconds"`
	BytesPerFirefly float64  `json:"bytes_per_firefly"`
	TraceHash       string   `json:"trace_hash"`
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./bench/table OUT [NAME...]")
		os.Exit(2)
	}
	dir := os.Args[1]
	names := os.Args[2:]
	if len(names) == 0 {
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, f := range files {
			names = append(names, strings.TrimSuffix(filepath.Base(f), ".json"))
		}
		slices.Sort(names)
	}
	rows := map[string]row{}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n+".json"))
		var r row
		if err == nil {
			err = json.Unmarshal(b, &r)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", n, err)
			os.Exit(1)
		}
		rows[n] = r
	}
	fmt.Println("| run | grid | workers | firefly-ticks/s | speed-up | ticks/s | tick p50 / p99 / max ms | first tick s | entities s | bytes/firefly | trace_hash |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|")
	for _, n := range names {
		r := rows[n]
		speedup := "—"
		if base, _, ok := strings.Cut(n, "-w"); ok {
			if one, ok := rows[base+"-w1"]; ok && one.Rate > 0 {
				speedup = fmt.Sprintf("%.2f×", r.Rate/one.Rate)
			}
		}
		entities := "not complete"
		if r.Entities != nil {
			entities = fmt.Sprintf("%.1f", *r.Entities)
		}
		fmt.Printf("| %s | %dx%d | %d | %.0fM | %s | %.1f | %.1f / %.1f / %.0f | %.2f | %s | %.0f | %s |\n",
			n, r.Width, r.Height, r.Workers, r.Rate/1e6, speedup, r.TPS, r.P50, r.P99, r.Max, r.Build, entities, r.BytesPerFirefly, r.TraceHash)
	}
}
