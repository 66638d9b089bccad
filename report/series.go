package report

import (
	"strconv"
	"strings"

	"github.com/firefly-observatory/fireflies/output"
	"github.com/firefly-observatory/fireflies/systems"
)

// SeriesHeader is the first line of a -series file of a run that does
// not measure the groups: t, r, flashes, waves, pulse and
// largest_avalanche, then synced and sync_episodes.
const SeriesHeader = "t,r,flashes,waves,pulse,largest_avalanche,synced,sync_episodes\n"

// SeriesMeasuresHeader is the first line of a -series file of a run that
// measures the groups ([systems.Sim.MeasuresGroups]): [SeriesHeader]'s
// columns, then groups, locked and full_sync.
const SeriesMeasuresHeader = "t,r,flashes,waves,pulse,largest_avalanche,synced,sync_episodes,groups,locked,full_sync\n"

// OldSeriesHeader and OldSeriesMeasuresHeader are the headers of files
// written before the sync columns: without them, and (the second) with
// the measures' columns straight after largest_avalanche.
const (
	OldSeriesHeader         = "t,r,flashes,waves,pulse,largest_avalanche\n"
	OldSeriesMeasuresHeader = "t,r,flashes,waves,pulse,largest_avalanche,groups,locked,full_sync\n"
)

// SeriesHeaders are every header a -series file has had, today's first:
// readers take them all. Each names its columns, so a reader finds a
// column by its name ([SeriesColumn]); t and r come first in all.
var SeriesHeaders = []string{SeriesHeader, SeriesMeasuresHeader, OldSeriesHeader, OldSeriesMeasuresHeader}

// SeriesColumn is the index of the column called name in a -series file
// whose first line is header (with or without its newline), or -1 if it
// has none: a file written before that column was.
func SeriesColumn(header, name string) int {
	for i, c := range strings.Split(strings.TrimSuffix(header, "\n"), ",") {
		if c == name {
			return i
		}
	}
	return -1
}

// series writes the -series file: a line every so many ticks of simulated
// time, and one for the start. Each line covers the ticks since the one
// before: t is the simulated time at its end, in seconds; r the order
// parameter measured then; flashes and waves the sums over its ticks;
// pulse the flashes per firefly; largest_avalanche the most fireflies in
// one avalanche; synced 1 while the swarm is synchronised (the summary's
// synced: an episode begins once R has held at [systems.SyncR] for a
// period and ends when R falls below [systems.LostR]), else 0, and
// sync_episodes the episodes begun so far (the summary's sync_episodes),
// both as the world held them at the line's tick (measured at R's cadence,
// 2 Hz); groups and locked the [systems.Measures] at the line's time, in
// runs that measure them; full_sync 1 once every cycle's flashes have been
// one avalanche of every firefly, else 0. Everything in it is a function
// of the model, the seed and the tick, printed with Go's shortest exact
// formatting, so the file is the same byte for byte for any number of
// workers and in every build.
type series struct {
	f     *output.File
	every int32 // ticks between two lines
	sim   *systems.Sim

	flashes int64 // TotalFlashes at the last line
	waves   int   // since the last line
	largest int   // since the last line
	// measures says the lines end with groups, locked and full_sync: the
	// world measures them. Fixed at the start, as the header is.
	measures bool
	buf      []byte
}

func newSeries(f *output.File, every int32) *series {
	return &series{f: f, every: max(every, 1), buf: make([]byte, 0, 128)}
}

// start writes the header and the line for the world as built, at t = 0.
func (s *series) start(sim *systems.Sim) error {
	s.sim = sim
	s.measures = sim.MeasuresGroups()
	header := SeriesHeader
	if s.measures {
		header = SeriesMeasuresHeader
	}
	if err := s.f.Line([]byte(header)); err != nil {
		return err
	}
	return s.line()
}

// tick adds the last tick and writes a line when one is due.
func (s *series) tick() error {
	obs := s.sim.Obs
	s.waves += obs.Waves
	s.largest = max(s.largest, obs.LargestAvalanche)
	if s.sim.Swarm.Tick%s.every != 0 {
		return nil
	}
	return s.line()
}

func (s *series) line() error {
	sim := s.sim
	obs := sim.Obs
	r := sim.Measure()
	flashes := obs.TotalFlashes - s.flashes
	b := s.buf[:0]
	b = strconv.AppendFloat(b, sim.SimSeconds(), 'f', -1, 64)
	b = append(b, ',')
	b = strconv.AppendFloat(b, r, 'f', -1, 64)
	b = append(b, ',')
	b = strconv.AppendInt(b, flashes, 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(s.waves), 10)
	b = append(b, ',')
	b = strconv.AppendFloat(b, float64(flashes)/float64(len(sim.Swarm.Phase)), 'f', -1, 64)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(s.largest), 10)
	b = append(b, ',', "01"[b2i(obs.InSync)], ',')
	b = strconv.AppendInt(b, int64(obs.Episodes), 10)
	if s.measures {
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(obs.Groups), 10)
		b = append(b, ',')
		b = strconv.AppendFloat(b, obs.Locked, 'f', -1, 64)
		b = append(b, ',')
		b = append(b, "01"[b2i(obs.FullSyncAt >= 0)])
	}
	b = append(b, '\n')
	s.buf = b
	s.flashes, s.waves, s.largest = obs.TotalFlashes, 0, 0
	return s.f.Line(b)
}

// AvalanchesHeader is the first line of an -avalanches file.
const AvalanchesHeader = "size,count\n"

// writeAvalanches writes the distribution of avalanche sizes, smallest
// first, the sizes no avalanche had left out.
func writeAvalanches(f *output.File, sizes []int64) error {
	if err := f.Line([]byte(AvalanchesHeader)); err != nil {
		return err
	}
	var b []byte
	for size, n := range sizes {
		if n == 0 {
			continue
		}
		b = strconv.AppendInt(b[:0], int64(size), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, n, 10)
		b = append(b, '\n')
		if err := f.Line(b); err != nil {
			return err
		}
	}
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
