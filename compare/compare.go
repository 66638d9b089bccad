// Package compare runs the burst model of Photinus carolinus beside the
// field recordings of Sarfati et al. (eLife 12:e78908, 2023): for groups
// of 1, 5, 10, 15 and 20 fireflies, the simulated interburst intervals
// against the recorded ones (their Kolmogorov–Smirnov distance, beside
// that of the paper's own simulation), and their standard deviation
// against the group's size beside the paper's theory. It writes a
// Markdown table and a figure; cmd/carolinus is its command line.
package compare

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems"
)

// Sizes are the group sizes of the recordings.
var Sizes = []int{1, 5, 10, 15, 20}

// Betas are the β fitted to each group size, the only parameter the
// paper tunes: by [Tune] over [TuneBetas], with the default [Options] but
// an hour's runs (go run ./cmd/carolinus -tune -duration 1h). A firefly
// alone sees no flash, so its β changes nothing.
var Betas = map[int]float64{1: components.DefaultBeta, 5: 0.045, 10: 0.08, 15: 0.08, 20: 0.2}

// TuneBetas are the β that [Tune] tries.
var TuneBetas = []float64{0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.035, 0.04, 0.045, 0.05, 0.06, 0.07, 0.08, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7, 1}

// Options are how the comparison runs.
type Options struct {
	Data     string          // the paper's repository: a clone of github.com/peleg-lab/EmergentPeriodicity
	Betas    map[int]float64 // by group size
	Tents    int             // groups of each size simulated at once, apart
	Duration time.Duration   // simulated time of each size's run
	Seed     uint64
}

// DefaultOptions are the comparison of docs/model.md.
func DefaultOptions() Options {
	return Options{Data: "EmergentPeriodicity", Betas: Betas, Tents: 40, Duration: 4 * time.Hour, Seed: 1}
}

// Row is the comparison for one group size.
type Row struct {
	N         int
	Beta      float64
	Simulated []float64 // seconds, sorted
	Recorded  []float64 // seconds, sorted
	KS        float64   // between the two
	// The paper's own simulation (none for N = 1): its β, its intervals
	// and their KS distance from the recordings.
	PaperBeta float64
	Paper     []float64
	PaperKS   float64
	TheorySD  float64 // the paper's theory; 0 where it gives none
}

// recorded reads the recorded intervals of groups of n, sorted.
func recorded(dir string, n int) ([]float64, error) {
	v, err := ReadColumn(filepath.Join(dir, "Experimental_Results", "Corrected", fmt.Sprintf("%02dff", n), fmt.Sprintf("ibs%02dff.csv", n)))
	slices.Sort(v)
	return v, err
}

// Run compares each of [Sizes], the runs on the CPUs at once.
func Run(o Options) ([]Row, error) {
	rows := make([]Row, len(Sizes))
	for i, n := range Sizes {
		rec, err := recorded(o.Data, n)
		if err != nil {
			return nil, err
		}
		rows[i] = Row{N: n, Beta: o.Betas[n], Recorded: rec}
		if n > 1 {
			if rows[i].Paper, rows[i].PaperBeta, err = readPaper(o.Data, n); err != nil {
				return nil, err
			}
			rows[i].PaperKS = KS(rows[i].Paper, rec)
		}
	}
	sds, err := readTheory(filepath.Join(o.Data, "Theory_Results", "Corrected", "sdTheory.csv"))
	if err != nil {
		return nil, err
	}
	var wg sync.WaitGroup
	errs := make([]error, len(rows))
	for i := range rows {
		rows[i].TheorySD = sds[rows[i].N]
		wg.Go(func() {
			rows[i].Simulated, errs[i] = Simulate(rows[i].N, rows[i].Beta, o)
			rows[i].KS = KS(rows[i].Simulated, rows[i].Recorded)
		})
	}
	wg.Wait()
	return rows, errors.Join(errs...)
}

// Tune finds, for each group size but 1, the β of [TuneBetas] whose
// intervals are nearest the recordings' (the least KS distance), and
// returns them with each distance.
func Tune(o Options) (betas, dist map[int]float64, err error) {
	betas, dist = map[int]float64{1: Betas[1]}, map[int]float64{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make([]error, len(Sizes))
	for i, n := range Sizes[1:] {
		rec, err := recorded(o.Data, n)
		if err != nil {
			return nil, nil, err
		}
		wg.Go(func() {
			best, bestKS := 0.0, math.Inf(1)
			for _, b := range TuneBetas {
				sim, err := Simulate(n, b, o)
				if err != nil {
					errs[i] = err
					return
				}
				if d := KS(sim, rec); d < bestKS {
					best, bestKS = b, d
				}
			}
			mu.Lock()
			betas[n], dist[n] = best, bestKS
			mu.Unlock()
		})
	}
	wg.Wait()
	return betas, dist, errors.Join(errs...)
}

// Simulate runs o.Tents tents of n fireflies with coupling beta for
// o.Duration and returns their interburst intervals in seconds, sorted.
func Simulate(n int, beta float64, o Options) ([]float64, error) {
	m := components.DefaultModel()
	m.Kind, m.Beta, m.Group, m.Seed = "carolinus", beta, strconv.Itoa(n), o.Seed
	// A grid of 10 rows, at least 3 columns, that holds the tents.
	m.Height = 10
	m.Width = max(3, (n*o.Tents+9)/10)
	for m.Width*m.Height%n != 0 {
		m.Width++
	}
	s, err := systems.New(m, systems.Options{Workers: 1, ManyWorlds: true})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	for range systems.Ticks(o.Duration) {
		s.Update()
	}
	b := s.Bursts()
	out := make([]float64, 0, b.N)
	for k, c := range b.Counts {
		for range c {
			out = append(out, float64(k)/systems.TPS)
		}
	}
	return out, nil
}

// KS is the Kolmogorov–Smirnov distance between two samples, each
// sorted: the largest gap between their empirical distribution functions.
func KS(a, b []float64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 1
	}
	i, j, d := 0, 0, 0.0
	for i < len(a) && j < len(b) {
		x := min(a[i], b[j])
		for i < len(a) && a[i] <= x {
			i++
		}
		for j < len(b) && b[j] <= x {
			j++
		}
		d = max(d, math.Abs(float64(i)/float64(len(a))-float64(j)/float64(len(b))))
	}
	return d
}

// Quantile is the p-quantile of sorted values (type 7, as R's default).
func Quantile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	x := p * float64(len(sorted)-1)
	i := int(x)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (x-float64(i))*(sorted[i+1]-sorted[i])
}

// SD is the sample standard deviation.
func SD(v []float64) float64 {
	if len(v) < 2 {
		return 0
	}
	var s, ss float64
	for _, x := range v {
		s += x
	}
	mean := s / float64(len(v))
	for _, x := range v {
		ss += (x - mean) * (x - mean)
	}
	return math.Sqrt(ss / float64(len(v)-1))
}

// ReadColumn reads the first column of a CSV file of numbers; a line whose
// first field is not a number (a header) is left out.
func ReadColumn(path string) ([]float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%v (the recordings are in a clone of github.com/peleg-lab/EmergentPeriodicity: -data names it)", err)
	}
	defer f.Close()
	var v []float64
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		field, _, _ := strings.Cut(strings.TrimSpace(sc.Text()), ",")
		x, err := strconv.ParseFloat(field, 64)
		if err != nil {
			continue
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("%s: line %d: got %q, want a number", path, n, field)
		}
		v = append(v, x)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(v) == 0 {
		return nil, fmt.Errorf("%s: no numbers", path)
	}
	return v, nil
}

// readPaper reads the paper's simulated intervals for n fireflies, and
// the β it names in the file's name.
func readPaper(dir string, n int) ([]float64, float64, error) {
	pattern := filepath.Join(dir, "Simulation_Results", "Corrected", fmt.Sprintf("interburstintervaldistribution_in_seconds_N=%02d_beta=*.csv", n))
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) != 1 {
		return nil, 0, fmt.Errorf("%s: got %d files, want one", pattern, len(files))
	}
	name := strings.TrimSuffix(filepath.Base(files[0]), ".csv")
	beta, err := strconv.ParseFloat(name[strings.LastIndex(name, "=")+1:], 64)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: no beta in the name", files[0])
	}
	v, err := ReadColumn(files[0])
	slices.Sort(v)
	return v, beta, err
}

// readTheory reads the paper's theoretical standard deviations by group
// size.
func readTheory(path string) (map[int]float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sds := map[int]float64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		a, b, ok := strings.Cut(strings.TrimSpace(sc.Text()), ",")
		n, err1 := strconv.Atoi(a)
		sd, err2 := strconv.ParseFloat(b, 64)
		if ok && err1 == nil && err2 == nil {
			sds[n] = sd
		}
	}
	return sds, sc.Err()
}
