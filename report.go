package main

import (
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

	"github.com/firefly-observatory/fireflies/systems"
)

// Summary is the JSON line that ends a headless run with -json.
type Summary struct {
	Fireflies             int     `json:"fireflies"`
	Width                 int     `json:"width"`
	Height                int     `json:"height"`
	Seed                  uint64  `json:"seed"`
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
	AllocsPerTick         float64 `json:"allocs_per_tick"`
	TraceHash             string  `json:"trace_hash"`
	BuildSeconds          float64 `json:"build_seconds"`
	RSSBytes              int64   `json:"rss_bytes"`
	BytesPerFirefly       float64 `json:"bytes_per_firefly"`

	Pulse             float64  `json:"pulse"`
	TimeToSyncSeconds *float64 `json:"time_to_sync_seconds"` // null if never

	Mode           string  `json:"mode"`
	Sources        int     `json:"sources,omitempty"`
	Rate           float64 `json:"rate,omitempty"`
	FlushMsP50     float64 `json:"flush_ms_p50,omitempty"`
	FlushMsP99     float64 `json:"flush_ms_p99,omitempty"`
	FlushMsMax     float64 `json:"flush_ms_max,omitempty"`
	MetricsDropped int     `json:"metrics_dropped,omitempty"`
}

// buildSim builds the world and systems for the configured mode.
func buildSim(cfg Config) (*systems.Sim, error) {
	if cfg.Mode == "render" {
		return systems.NewRender(cfg.Model, cfg.Workers, cfg.Sources, cfg.Rate)
	}
	return systems.New(cfg.Model, cfg.Workers)
}

func writeJSON(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func printStart(w io.Writer, cfg Config, sim *systems.Sim) {
	m := cfg.Model
	fmt.Fprintf(w, "fireflies: %dx%d grid (%d fireflies), seed %d, %d workers, period %v, nudge %v, refractory %v, jitter %v, glow %.2g\n",
		m.Width, m.Height, m.Fireflies(), m.Seed, sim.Workers(), m.Period, m.Nudge, m.Refractory, m.Jitter, m.Glow)
}

// recorder times every tick into a buffer sized before the run, so that
// recording allocates nothing.
type recorder struct {
	sim          *systems.Sim
	tickMs       []float32
	flushMs      []float32 // render mode
	began, ended time.Time
	mallocs      uint64
	allocs       uint64
	// tickAllocs, when set, counts only the allocations made inside ticks
	// (the window, where ebiten allocates per frame); see allocCounter.
	tickAllocs   *allocCounter
	buildSeconds float64

	secBegan   time.Time
	secTicks   int
	secFlashes int64
}

// secondStats is what one report line says.
type secondStats struct {
	ticks   int
	flashes int64
	total   int64
	wall    time.Duration
	r       float64
}

// maxRecorded bounds the per-tick and per-frame timings kept for the
// summary's percentiles: the first four hours at 60 TPS.
const maxRecorded = 4 * 3600 * systems.TPS

func newRecorder(sim *systems.Sim, ticks int) *recorder {
	return &recorder{sim: sim, tickMs: make([]float32, 0, min(ticks, maxRecorded))}
}

// ticksFor is the number of ticks in d of simulated time: at least one
// for any d > 0, so that a short run does not become an endless one.
func ticksFor(d time.Duration) int {
	n := int(d.Seconds()*systems.TPS + 0.5)
	if d > 0 {
		n = max(n, 1)
	}
	return n
}

func (r *recorder) start() {
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	r.mallocs = mem.Mallocs
	r.began = time.Now()
	r.secBegan = r.began
}

func (r *recorder) tick(d time.Duration) {
	if len(r.tickMs) < cap(r.tickMs) {
		r.tickMs = append(r.tickMs, float32(d.Seconds()*1000))
	}
	r.secTicks++
	r.secFlashes += int64(r.sim.Swarm.Flashes)
}

func (r *recorder) flush(d time.Duration) {
	if len(r.flushMs) < cap(r.flushMs) {
		r.flushMs = append(r.flushMs, float32(d.Seconds()*1000))
	}
}

func (r *recorder) secondDone() bool { return time.Since(r.secBegan) >= time.Second }

// second returns the stats since the last call and starts a new second.
func (r *recorder) second() secondStats {
	now := time.Now()
	s := secondStats{
		ticks: r.secTicks, flashes: r.secFlashes, total: r.sim.Swarm.TotalFlashes,
		wall: now.Sub(r.secBegan), r: r.sim.Order.R,
	}
	r.secBegan, r.secTicks, r.secFlashes = now, 0, 0
	return s
}

func (r *recorder) finish() {
	r.ended = time.Now()
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	r.allocs = mem.Mallocs - r.mallocs
	if r.tickAllocs != nil {
		r.allocs = r.tickAllocs.total
	}
}

// allocCounter counts heap allocations between begin and end, through
// runtime/metrics, which unlike ReadMemStats does not stop the world.
type allocCounter struct {
	sample []rtmetrics.Sample
	at     uint64
	total  uint64
}

func newAllocCounter() *allocCounter {
	return &allocCounter{sample: []rtmetrics.Sample{{Name: "/gc/heap/allocs:objects"}}}
}

func (a *allocCounter) read() uint64 {
	rtmetrics.Read(a.sample)
	if a.sample[0].Value.Kind() != rtmetrics.KindUint64 {
		return 0
	}
	return a.sample[0].Value.Uint64()
}

func (a *allocCounter) begin() { a.at = a.read() }
func (a *allocCounter) end()   { a.total += a.read() - a.at }

func (r *recorder) summary(cfg Config) Summary {
	sim := r.sim
	m := sim.Model
	ticks := len(r.tickMs)
	wall := r.ended.Sub(r.began).Seconds()
	s := Summary{
		Fireflies: m.Fireflies(), Width: m.Width, Height: m.Height, Seed: m.Seed,
		Workers: sim.Workers(), Ticks: ticks, SimSeconds: sim.SimSeconds(), WallSeconds: wall,
		Flashes: sim.Swarm.TotalFlashes, R: sim.Order.Measure(),
		TraceHash:    fmt.Sprintf("%016x", sim.Swarm.TraceHash),
		BuildSeconds: r.buildSeconds,
		RSSBytes:     rss(),
		Pulse:        sim.Monitor.Pulse,
		Mode:         cfg.Mode,
	}
	if t := sim.Monitor.SyncedAt; t >= 0 {
		s.TimeToSyncSeconds = &t
	}
	if cfg.Mode == "render" {
		s.Sources, s.Rate = cfg.Sources, cfg.Rate
		if len(r.flushMs) > 0 {
			s.FlushMsP50, s.FlushMsP99, s.FlushMsMax = spread(r.flushMs)
		}
	}
	if wall > 0 {
		s.TicksPerSecond = float64(ticks) / wall
		s.FlashesPerSecond = float64(s.Flashes) / wall
		s.FireflyTicksPerSecond = float64(ticks) * float64(s.Fireflies) / wall
	}
	if ticks > 0 {
		s.AllocsPerTick = float64(r.allocs) / float64(ticks)
		s.TickMsP50, s.TickMsP99, s.TickMsMax = spread(r.tickMs)
	}
	s.BytesPerFirefly = float64(s.RSSBytes) / float64(s.Fireflies)
	return s
}

// spread returns the median, 99th percentile and maximum of times.
func spread(times []float32) (p50, p99, top float64) {
	sorted := slices.Clone(times)
	slices.Sort(sorted)
	return float64(percentile(sorted, 0.50)), float64(percentile(sorted, 0.99)), float64(sorted[len(sorted)-1])
}

// percentile returns the nearest-rank percentile of sorted values.
func percentile(sorted []float32, p float64) float32 {
	k := int(p*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(k, 0), len(sorted)-1)]
}

// rss returns the resident set size in bytes, or 0 where /proc is missing.
func rss() int64 {
	if runtime.GOOS == "js" {
		return 0 // under Node, /proc/self is Node's
	}
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

// lineWriter prints the per-second report lines without allocating.
type lineWriter struct {
	w   io.Writer
	buf []byte
}

func newLineWriter(w io.Writer) *lineWriter { return &lineWriter{w: w, buf: make([]byte, 0, 256)} }

// report prints a line like the original's, plus ticks/s and R:
//
//	Flashes/sec: 1,234 (Total: 56,789)  ticks/s: 3,600  R: 0.412
func (lw *lineWriter) report(s secondStats) {
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
	_, _ = lw.w.Write(b)
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
