package report

import (
	"encoding/json"
	"time"
)

// WindowSummary is the -json line of a window or browser run: the
// [Summary] plus what the frames measured.
type WindowSummary struct {
	Summary
	FrameNumbers
}

// FrameNumbers are what the frames measured.
type FrameNumbers struct {
	Frames        int     `json:"frames"`
	FPS           float64 `json:"fps"`
	DrawMsP50     float64 `json:"draw_ms_p50"`
	DrawMsP99     float64 `json:"draw_ms_p99"`
	JitterMsAvg   float64 `json:"render_jitter_ms_avg"`
	JitterMsP99   float64 `json:"render_jitter_ms_p99"`
	FrameFlushP50 float64 `json:"frame_flush_ms_p50"`
	FrameFlushP99 float64 `json:"frame_flush_ms_p99"`

	// A frame's parts, medians: the CPU's time issuing the grid, the
	// overlay and the panel (the GPU does the work later), the wall time
	// from one frame to the next, and of it what neither the ticks nor
	// Draw spent: presenting, the GPU's work, ebiten itself.
	GridMsP50    float64 `json:"draw_grid_ms_p50"`
	OverlayMsP50 float64 `json:"draw_overlay_ms_p50"`
	PanelMsP50   float64 `json:"draw_panel_ms_p50"`
	FrameMsP50   float64 `json:"frame_ms_p50"`
	PresentMsP50 float64 `json:"present_ms_p50"`
}

// Part is one of a frame's parts that [Frames.Parts] times.
type Part int

const (
	PartGrid Part = iota
	PartOverlay
	PartPanel
	PartFrame   // from one frame's start to the next's
	PartPresent // of PartFrame, what neither the ticks nor Draw spent
	numParts
)

// PartNames are the parts' names, as the page publishes them.
var PartNames = [numParts]string{"grid", "overlay", "panel", "frame", "present"}

// MarshalJSON writes the summary's fields, then the frames'.
func (w WindowSummary) MarshalJSON() ([]byte, error) {
	a, err := w.Summary.MarshalJSON()
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(w.FrameNumbers)
	if err != nil {
		return nil, err
	}
	return append(append(a[:len(a)-1], ','), b[1:]...), nil
}

// Frames keeps per-frame timings in buffers sized before the run.
type Frames struct {
	count               int
	draw, flush, jitter []float32
	parts               [numParts][]float32
}

// NewFrames makes room for the timings of n frames; later frames are
// counted but not timed.
func NewFrames(n int) *Frames {
	f := &Frames{
		draw:   make([]float32, 0, n),
		flush:  make([]float32, 0, n),
		jitter: make([]float32, 0, n),
	}
	for i := range f.parts {
		f.parts[i] = make([]float32, 0, n)
	}
	return f
}

// Part records how long part of the last frame took.
func (f *Frames) Part(p Part, d time.Duration) {
	if len(f.parts[p]) < cap(f.parts[p]) {
		f.parts[p] = append(f.parts[p], float32(Ms(d)))
	}
}

// Frame records a frame that took draw, of which flush filled and uploaded
// the grid (when filled), and started jitter ms late.
func (f *Frames) Frame(draw, flush time.Duration, filled bool, jitter float64) {
	f.count++
	if len(f.draw) == cap(f.draw) {
		return
	}
	f.draw = append(f.draw, float32(Ms(draw)))
	f.jitter = append(f.jitter, float32(jitter))
	if filled {
		f.flush = append(f.flush, float32(Ms(flush)))
	}
}

// Summarise adds the frames' numbers, over wall seconds, to s.
func (f *Frames) Summarise(s *WindowSummary, wall float64) {
	s.Frames = f.count
	if wall > 0 {
		s.FPS = float64(f.count) / wall
	}
	if len(f.draw) > 0 {
		s.DrawMsP50, s.DrawMsP99, _ = Spread(f.draw)
		_, s.JitterMsP99, _ = Spread(f.jitter)
		sum := 0.0
		for _, j := range f.jitter {
			sum += float64(j)
		}
		s.JitterMsAvg = sum / float64(len(f.jitter))
	}
	if len(f.flush) > 0 {
		s.FrameFlushP50, s.FrameFlushP99, _ = Spread(f.flush)
	}
	for p, dst := range [numParts]*float64{&s.GridMsP50, &s.OverlayMsP50, &s.PanelMsP50, &s.FrameMsP50, &s.PresentMsP50} {
		if len(f.parts[p]) > 0 {
			*dst, _, _ = Spread(f.parts[p])
		}
	}
}
