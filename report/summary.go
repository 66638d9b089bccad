// Package report is what a run measures about itself and hands back: tick
// and frame timings, the per-second report lines, the -json summary, the
// metrics log and the profiles. Every build uses it; it imports no ebiten.
package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	rtmetrics "runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/params"
	"github.com/firefly-observatory/fireflies/systems"
)

// Summary is the JSON line that ends a run with -json.
type Summary struct {
	Fireflies int `json:"fireflies"`
	// Point is the run's parameters, written under their columns in
	// [params.Table] (width, height, seed, period_seconds, ..., the
	// rules, the variants) after fireflies.
	Point params.Point `json:"-"`

	Workers               int     `json:"workers"`
	Ticks                 int     `json:"ticks"`
	SimSeconds            float64 `json:"sim_seconds"`
	WallSeconds           float64 `json:"wall_seconds"`
	TicksPerSecond        float64 `json:"ticks_per_second"`
	Flashes               int64   `json:"flashes"`
	FlashesPerSecond      float64 `json:"flashes_per_second"`
	FireflyTicksPerSecond float64 `json:"firefly_ticks_per_second"`
	R                     float64 `json:"r"`
	TickMsP50             float64 `json:"tick_ms_p50"`
	TickMsP99             float64 `json:"tick_ms_p99"`
	TickMsMax             float64 `json:"tick_ms_max"`
	AllocsPerTick         float64 `json:"allocs_per_tick"` // over the ticks after the entities were complete (0 if none)
	TraceHash             string  `json:"trace_hash"`
	BuildSeconds          float64 `json:"build_seconds"`     // until the run could tick: the columns filled
	RSSBytes              int64   `json:"rss_bytes"`         // peak resident set (VmHWM)
	RSSNowBytes           int64   `json:"rss_now_bytes"`     // resident set at the end
	BytesPerFirefly       float64 `json:"bytes_per_firefly"` // rss_now_bytes per firefly: the world's steady cost

	// Until the ECS entities were complete, made while the run ticked
	// (build_seconds is until it could tick); null if they were not by the
	// end, when the run's close stopped them.
	EntitiesSeconds *float64 `json:"entities_seconds"`

	RPhases  float64 `json:"r_phases,omitempty"`  // with r_from flashes: R from the phases
	RFlashes float64 `json:"r_flashes,omitempty"` // with r_from flashes: R from the flashes (= r)

	Pulse             float64  `json:"pulse"`
	TimeToSyncSeconds *float64 `json:"time_to_sync_seconds"` // null if never
	// Whether the swarm was synchronised at the end, how many episodes of
	// synchrony it had, and when the last one was lost (null if none was).
	Synced            bool     `json:"synced"`
	SyncEpisodes      int      `json:"sync_episodes"`
	LostSyncAtSeconds *float64 `json:"lost_sync_at_seconds"`
	Avalanches        int64    `json:"avalanches"`
	LargestAvalanche  int      `json:"largest_avalanche"`
	MeanAvalanche     float64  `json:"mean_avalanche"` // flashes per avalanche; 0 without any

	Mode           string  `json:"mode"`
	Events         int64   `json:"events,omitempty"` // render mode: synthetic events; flashes counts the cells they lit
	Sources        int     `json:"sources,omitempty"`
	Rate           float64 `json:"rate,omitempty"`
	FlushMsP50     float64 `json:"flush_ms_p50,omitempty"`
	FlushMsP99     float64 `json:"flush_ms_p99,omitempty"`
	FlushMsMax     float64 `json:"flush_ms_max,omitempty"`
	MetricsDropped int     `json:"metrics_dropped,omitempty"`

	// The burst model's interburst intervals (bursts.go); left out for
	// the pulse model.
	Interbursts *Interbursts `json:"interbursts,omitempty"`

	// The groups, the locked fraction and the time to full synchrony, in
	// runs that measure them (-measures, -series, -until-sync=full or
	// locked:F); left out of the others.
	Measures *Measures `json:"measures,omitempty"`
}

// Measures are what [systems.Measures] found, at the run's end.
type Measures struct {
	// Groups is the distinct flash times of the last period: 1 for a
	// swarm flashing as one, k for k groups flashing apart.
	Groups int `json:"groups"`
	// Locked is the fraction of fireflies whose mean interval between
	// flashes is within [systems.LockedWithin] of the median's.
	Locked float64 `json:"locked"`
	// TimeToFullSyncSeconds is the first time from which every cycle's
	// flashes were one avalanche of every firefly; nil if never.
	TimeToFullSyncSeconds *float64 `json:"time_to_full_sync_seconds"`
}

// Measured returns sim's [Measures], or nil where it does not measure
// them.
func Measured(sim *systems.Sim) *Measures {
	if !sim.MeasuresGroups() {
		return nil
	}
	obs := sim.Obs
	m := &Measures{Groups: obs.Groups, Locked: obs.Locked}
	if t := obs.FullSyncAt; t >= 0 {
		m.TimeToFullSyncSeconds = &t
	}
	return m
}

// MarshalJSON writes the summary's fields with its parameters' columns
// after fireflies, each parameter named even at its default.
func (s Summary) MarshalJSON() ([]byte, error) {
	type plain Summary // the fields without this method
	b, err := json.Marshal(plain(s))
	if err != nil {
		return nil, err
	}
	i := bytes.IndexByte(b, ',') + 1 // after "fireflies"
	out := append([]byte{}, b[:i]...)
	out = params.AppendJSON(out, s.Point, func(p params.Param) bool { return params.Shown(p, s.Point.Model) })
	return append(out, b[i:]...), nil
}

// WriteJSON writes v as one line of JSON.
func WriteJSON(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// PrintStart prints the line that opens a run: the model, its seed and the
// workers, so that any run can be repeated from its output.
func PrintStart(w io.Writer, sim *systems.Sim) {
	m := sim.Model
	fmt.Fprintf(w, "fireflies: %dx%d grid (%d fireflies), seed %d, %d workers, period %v, nudge %v, refractory %v, jitter %v, glow %.2g%s\n",
		m.Width, m.Height, m.Fireflies(), m.Seed, sim.Workers(), m.Period, m.Nudge, m.Refractory, m.Jitter, m.Glow, RulesLine(m)+variantsLine(m)+carolinusLine(m))
}

// Variants names the model's variant settings, the defaults included.
func Variants(m components.Model) (response string, threshold int, spread, noise float64, neighbours, edges, topology string) {
	or := func(s, def string) string {
		if s == "" {
			return def
		}
		return s
	}
	return or(m.Response, "advance"), max(1, m.Threshold), m.PeriodSpread.Seconds(), m.Noise.Seconds(),
		or(m.Neighbours, "moore"), or(m.Edges, "torus"), or(m.Topology, "lattice")
}

// variantsLine is ", response ... topology ..." for a model that is not
// the default, and "" for the default.
func variantsLine(m components.Model) string {
	if !m.Variant() {
		return ""
	}
	r, k, spread, noise, nb, edges, topo := Variants(m)
	return fmt.Sprintf(", response %s, threshold %d, period spread %gs, noise %gs, neighbours %s, edges %s, topology %s", r, k, spread, noise, nb, edges, topo)
}

// RulesLine is ", rules ..." naming the rules in force when they are not
// the default, and "" when they are.
func RulesLine(m components.Model) string {
	preset, deaf, clock, startDeaf, rFrom := Rules(m)
	if preset == "default" {
		return ""
	}
	return fmt.Sprintf(", rules %s (deaf flashes %s, refractory clock %s, start deaf %v, R from %s)", preset, deaf, clock, startDeaf, rFrom)
}

// Recorder times every tick into a buffer sized before the run, so that
// recording allocates nothing.
type Recorder struct {
	sim          *systems.Sim
	tickMs       []float32 // the first MaxRecorded ticks' times
	ticks        int       // every tick, timed or not
	flushMs      []float32 // render mode
	Began, Ended time.Time
	mallocs      uint64
	allocs       uint64
	// The allocations are counted from the first tick that finds the
	// world's entities complete: until then the goroutine making them
	// allocates millions of times, and the counts (TickAllocs' too) are
	// the process's.
	counting   bool
	allocTicks int
	// TickAllocs, when set, counts only the allocations made inside ticks
	// (the window, where ebiten allocates per frame).
	TickAllocs   *AllocCounter
	BuildSeconds float64

	secBegan   time.Time
	secTicks   int
	secFlashes int64
}

// Ticks is the number of ticks the second covers.
func (s Second) Ticks() int { return s.ticks }

// Second is what one report line says.
type Second struct {
	ticks   int
	flashes int64
	total   int64
	wall    time.Duration
	r       float64
}

// MaxRecorded bounds the per-tick and per-frame timings kept for the
// summary's percentiles: the first four hours at 60 TPS.
const MaxRecorded = 4 * 3600 * systems.TPS

// NewRecorder makes a recorder with room for the timings of ticks ticks
// (at most [MaxRecorded]); render mode also times each frame's fill.
func NewRecorder(sim *systems.Sim, ticks int) *Recorder {
	r := &Recorder{sim: sim, tickMs: make([]float32, 0, min(ticks, MaxRecorded))}
	if sim.Load() != nil {
		r.flushMs = make([]float32, 0, min(ticks, MaxRecorded))
	}
	return r
}

// Rebind makes the recorder follow sim, the world a live run restarted
// with; the timings so far stay.
func (r *Recorder) Rebind(sim *systems.Sim) { r.sim = sim }

// Start starts the clock; the first tick starts it if nothing else did.
func (r *Recorder) Start() {
	if _, ok := r.sim.EntitiesSeconds(); ok {
		r.countAllocs()
	}
	r.Began = time.Now()
	r.secBegan = r.Began
}

// Tick records one tick that took d.
func (r *Recorder) Tick(d time.Duration) {
	if r.Began.IsZero() {
		r.Start()
	}
	if len(r.tickMs) < cap(r.tickMs) {
		r.tickMs = append(r.tickMs, float32(d.Seconds()*1000))
	}
	r.ticks++
	r.secTicks++
	r.secFlashes += int64(r.sim.Obs.Flashes)
	if r.counting {
		r.allocTicks++
	} else if _, ok := r.sim.EntitiesSeconds(); ok {
		r.countAllocs() // from the next tick on
		if r.TickAllocs != nil {
			r.TickAllocs.total = 0
		}
	}
}

// countAllocs starts counting the allocations from now.
func (r *Recorder) countAllocs() {
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	r.mallocs, r.counting, r.allocTicks = mem.Mallocs, true, 0
}

// Flush records one frame fill (render mode) that took d.
func (r *Recorder) Flush(d time.Duration) {
	if len(r.flushMs) < cap(r.flushMs) {
		r.flushMs = append(r.flushMs, float32(d.Seconds()*1000))
	}
}

// SecondDone reports whether a wall-clock second has passed since the last
// report line.
func (r *Recorder) SecondDone() bool { return time.Since(r.secBegan) >= time.Second }

// Second returns the stats since the last call and starts a new second.
func (r *Recorder) Second() Second {
	now := time.Now()
	s := Second{
		ticks: r.secTicks, flashes: r.secFlashes, total: r.sim.Obs.TotalFlashes,
		wall: now.Sub(r.secBegan), r: r.sim.Obs.R,
	}
	r.secBegan, r.secTicks, r.secFlashes = now, 0, 0
	return s
}

// Finish stops the clock.
func (r *Recorder) Finish() {
	if r.Began.IsZero() {
		r.Start()
	}
	r.Ended = time.Now()
	if r.counting {
		var mem runtime.MemStats
		runtime.ReadMemStats(&mem)
		r.allocs = mem.Mallocs - r.mallocs
	}
	if r.TickAllocs != nil {
		r.allocs = r.TickAllocs.total
	}
}

// AllocCounter counts heap allocations between Begin and End, through
// runtime/metrics, which unlike ReadMemStats does not stop the world.
type AllocCounter struct {
	sample []rtmetrics.Sample
	at     uint64
	total  uint64
}

// NewAllocCounter makes a counter at zero.
func NewAllocCounter() *AllocCounter {
	return &AllocCounter{sample: []rtmetrics.Sample{{Name: "/gc/heap/allocs:objects"}}}
}

func (a *AllocCounter) read() uint64 {
	rtmetrics.Read(a.sample)
	if a.sample[0].Value.Kind() != rtmetrics.KindUint64 {
		return 0
	}
	return a.sample[0].Value.Uint64()
}

// Begin marks the start of a stretch whose allocations count; a nil
// counter counts nothing.
func (a *AllocCounter) Begin() {
	if a != nil {
		a.at = a.read()
	}
}

// End adds the allocations since Begin.
func (a *AllocCounter) End() {
	if a != nil {
		a.total += a.read() - a.at
	}
}

// Summary sums the run up, R measured at its last tick.
func (r *Recorder) Summary() Summary {
	sim := r.sim
	m, obs := sim.Model, sim.Obs
	ticks := r.ticks // not len(r.tickMs): the times kept stop at MaxRecorded
	wall := r.Ended.Sub(r.Began).Seconds()
	o := Outcome(sim)
	peak, now := memory()
	s := Summary{
		Fireflies: m.Fireflies(), Point: params.Point{Model: m},
		Workers: sim.Workers(), Ticks: ticks, SimSeconds: sim.SimSeconds(), WallSeconds: wall,
		Flashes: o.Flashes, R: o.R, TraceHash: o.TraceHash, TimeToSyncSeconds: o.TimeToSyncSeconds,
		Avalanches: o.Avalanches, LargestAvalanche: o.LargestAvalanche, MeanAvalanche: o.MeanAvalanche,
		BuildSeconds: r.BuildSeconds,
		RSSBytes:     peak,
		RSSNowBytes:  now,
		Pulse:        obs.Pulse,
		Mode:         "sim",
	}
	if e, ok := sim.EntitiesSeconds(); ok {
		s.EntitiesSeconds = &e
	}
	s.Synced, s.SyncEpisodes = obs.InSync, obs.Episodes
	if t := obs.LostAt; t >= 0 {
		s.LostSyncAtSeconds = &t
	}
	if m.RFromFlashes {
		s.RPhases, s.RFlashes = obs.RPhases, obs.RFlashes
	}
	if l := sim.Load(); l != nil {
		s.Mode, s.Sources, s.Rate, s.Events = "render", l.Sources, l.Rate, obs.Events
		if len(r.flushMs) > 0 {
			s.FlushMsP50, s.FlushMsP99, s.FlushMsMax = Spread(r.flushMs)
		}
	}
	if wall > 0 {
		s.TicksPerSecond = float64(ticks) / wall
		s.FlashesPerSecond = float64(s.Flashes) / wall
		s.FireflyTicksPerSecond = float64(ticks) * float64(s.Fireflies) / wall
	}
	if r.allocTicks > 0 {
		s.AllocsPerTick = float64(r.allocs) / float64(r.allocTicks)
	}
	if ticks > 0 {
		s.TickMsP50, s.TickMsP99, s.TickMsMax = Spread(r.tickMs)
	}
	s.BytesPerFirefly = float64(s.RSSNowBytes) / float64(s.Fireflies)
	s.Interbursts = interbursts(sim)
	s.Measures = Measured(sim)
	return s
}

// Results are what a run found, as functions of its model, its seed and
// the ticks it ran alone: the -json summary and a sweep's rows share them.
type Results struct {
	Ticks             int
	SimSeconds        float64
	TimeToSyncSeconds *float64 // nil if never
	R                 float64  // at the last tick
	Flashes           int64
	Avalanches        int64
	LargestAvalanche  int
	MeanAvalanche     float64   // flashes per avalanche; 0 without any
	TraceHash         string    // 16 hex digits
	Measures          *Measures // nil where the run did not measure them
}

// Outcome returns what sim found so far, R measured at its last tick.
func Outcome(sim *systems.Sim) Results {
	obs := sim.Obs
	o := Results{
		Ticks: int(sim.Swarm.Tick), SimSeconds: sim.SimSeconds(),
		R: sim.Measure(), Flashes: obs.TotalFlashes,
		Avalanches: obs.TotalAvalanches, LargestAvalanche: obs.MaxAvalanche,
		TraceHash: fmt.Sprintf("%016x", obs.TraceHash), Measures: Measured(sim),
	}
	if t := obs.SyncedAt; t >= 0 {
		o.TimeToSyncSeconds = &t
	}
	if o.Avalanches > 0 {
		o.MeanAvalanche = float64(o.Flashes) / float64(o.Avalanches)
	}
	return o
}

// Spread returns the median, 99th percentile and maximum of times.
func Spread(times []float32) (p50, p99, top float64) {
	sorted := slices.Clone(times)
	slices.Sort(sorted)
	return float64(percentile(sorted, 0.50)), float64(percentile(sorted, 0.99)), float64(sorted[len(sorted)-1])
}

// percentile returns the nearest-rank percentile of sorted values.
func percentile(sorted []float32, p float64) float32 {
	k := int(p*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(k, 0), len(sorted)-1)]
}

// memory returns the peak and the current resident set, in bytes, from
// one read of /proc/self/status (two reads could see memory grow between
// them and report a peak below the current size); 0 where there is no
// /proc.
func memory() (peak, now int64) {
	if runtime.GOOS == "js" {
		return 0, 0 // under Node, /proc/self is Node's
	}
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	kb := func(line string) int64 {
		f := strings.Fields(line) // "123456 kB"
		if len(f) != 2 || f[1] != "kB" {
			return 0
		}
		v, _ := strconv.ParseInt(f[0], 10, 64)
		return v << 10
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			peak = kb(rest)
		} else if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			now = kb(rest)
		}
	}
	return max(peak, now), now
}

// LineWriter prints the per-second report lines without allocating.
type LineWriter struct {
	w   io.Writer
	buf []byte
}

// NewLineWriter makes a line writer to w.
func NewLineWriter(w io.Writer) *LineWriter { return &LineWriter{w: w, buf: make([]byte, 0, 256)} }

// Report prints a line like the original's, plus ticks/s and R:
//
//	Flashes/sec: 1,234 (Total: 56,789)  ticks/s: 3,600  R: 0.412
//
// It returns the write's error: EPIPE once stdout is closed.
func (lw *LineWriter) Report(s Second) error {
	b := lw.buf[:0]
	perSec := float64(s.flashes) / s.wall.Seconds()
	b = append(b, "Flashes/sec: "...)
	b = appendThousands(b, int64(perSec+0.5))
	b = append(b, " (Total: "...)
	b = appendThousands(b, s.total)
	b = append(b, ")  ticks/s: "...)
	b = appendThousands(b, int64(float64(s.ticks)/s.wall.Seconds()+0.5))
	b = append(b, "  R: "...)
	b = strconv.AppendFloat(b, s.r, 'f', 3, 64)
	b = append(b, '\n')
	lw.buf = b
	_, err := lw.w.Write(b)
	return err
}

// appendThousands appends n with commas between groups of three digits.
func appendThousands(b []byte, n int64) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	var digits [24]byte
	s := strconv.AppendInt(digits[:0], n, 10)
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, c)
	}
	return b
}

// Rules names the rules of m as the flags do: the preset they amount to
// ("default", "original", or "custom"), then -deaf-flashes,
// -refractory-clock, -start-deaf and -r-from.
func Rules(m components.Model) (preset, deafFlashes, clock string, startDeaf bool, rFrom string) {
	pick := func(on bool, off, yes string) string {
		if on {
			return yes
		}
		return off
	}
	preset = "custom"
	switch n := countTrue(m.QueueDeafFlashes, m.PhaseClock, m.StartDeaf, m.RFromFlashes); n {
	case 0:
		preset = "default"
	case 4:
		preset = "original"
	}
	return preset, pick(m.QueueDeafFlashes, "drop", "queue"), pick(m.PhaseClock, "time", "phase"), m.StartDeaf, pick(m.RFromFlashes, "phases", "flashes")
}

func countTrue(bs ...bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}
