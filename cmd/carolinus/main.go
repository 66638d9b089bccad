// Command carolinus compares the burst model of Photinus carolinus
// (fireflies -model carolinus) with the field recordings of Sarfati et al.,
// eLife 12:e78908 (2023): for 1, 5, 10, 15 and 20 fireflies in a tent, the
// simulated interburst intervals against the recorded ones, and their
// spread against the paper's theory. It writes table.md and carolinus.png
// into -out. The recordings are not shipped here: -data names a clone of
// github.com/peleg-lab/EmergentPeriodicity.
//
//	go run ./cmd/carolinus -data EmergentPeriodicity -out docs/carolinus
//
// With -tune it first finds each group's β, the one parameter the paper
// tunes, as the one of compare.TuneBetas nearest the recordings.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/firefly-observatory/fireflies/compare"
)

func main() {
	o := compare.DefaultOptions()
	out := flag.String("out", "docs/carolinus", "the folder to write table.md and carolinus.png into")
	intervals := flag.String("intervals", "", "also write the simulated interburst intervals to this CSV file: n,beta,seconds")
	tune := flag.Bool("tune", false, "find each group's β first")
	betas := flag.String("beta", "", "each group's β, as n:beta,n:beta (default: compare.Betas)")
	flag.StringVar(&o.Data, "data", o.Data, "a clone of github.com/peleg-lab/EmergentPeriodicity")
	flag.IntVar(&o.Tents, "tents", o.Tents, "tents of each size simulated at once")
	flag.DurationVar(&o.Duration, "duration", o.Duration, "simulated time of each size's run")
	flag.Uint64Var(&o.Seed, "seed", o.Seed, "the runs' seed")
	flag.Parse()
	if flag.NArg() > 0 || o.Tents < 1 || o.Duration <= 0 {
		fail(fmt.Errorf("got %q, -tents %d, -duration %v: want flags only, -tents at least 1, -duration above 0", flag.Args(), o.Tents, o.Duration), 2)
	}
	if *betas != "" {
		o.Betas = map[int]float64{1: compare.Betas[1]}
		for _, kv := range strings.Split(*betas, ",") {
			a, b, ok := strings.Cut(kv, ":")
			n, err1 := strconv.Atoi(a)
			beta, err2 := strconv.ParseFloat(b, 64)
			if !ok || err1 != nil || err2 != nil || !slices.Contains(compare.Sizes, n) || beta < 0 {
				fail(fmt.Errorf("-beta: got %q, want n:beta with n one of %v and beta >= 0", kv, compare.Sizes), 2)
			}
			o.Betas[n] = beta
		}
	}
	if *tune {
		b, d, err := compare.Tune(o)
		if err != nil {
			fail(err, 1)
		}
		for _, n := range compare.Sizes[1:] {
			fmt.Printf("N = %d: beta %g, KS %.3f\n", n, b[n], d[n])
		}
		o.Betas = b
	}
	rows, err := compare.Run(o)
	if err != nil {
		fail(err, 1)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fail(err, 1)
	}
	f, err := os.Create(filepath.Join(*out, "table.md"))
	if err != nil {
		fail(err, 1)
	}
	err = compare.WriteTable(f, rows)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = compare.WriteFigure(filepath.Join(*out, "carolinus.png"), rows)
	}
	if err == nil && *intervals != "" {
		err = writeIntervals(*intervals, rows)
	}
	if err != nil {
		fail(err, 1)
	}
	compare.WriteTable(os.Stdout, rows)
}

func writeIntervals(path string, rows []compare.Row) error {
	var b strings.Builder
	b.WriteString("n,beta,seconds\n")
	for _, r := range rows {
		for _, x := range r.Simulated {
			fmt.Fprintf(&b, "%d,%g,%g\n", r.N, r.Beta, x)
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func fail(err error, code int) {
	fmt.Fprintln(os.Stderr, "carolinus:", err)
	os.Exit(code)
}
