package runner

import (
	"fmt"
	"io"
	"os"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/frame"
	"github.com/firefly-observatory/fireflies/output"
	"github.com/firefly-observatory/fireflies/picture"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/systems"
)

// recording is -record: a GIF frame every -record-every of simulated time,
// from glow levels of its own (the window may be showing the phase view),
// written at the end of the run. With -record-view camera, a frame is
// what the frontend's camera shows ([Run.Camera]) rather than the whole
// grid.
type recording struct {
	path   string
	every  int32         // ticks
	w, h   int           // the grid's cells
	lv     *frame.Levels // nil once the world changed size
	gif    *picture.Recording
	camera bool // -record-view camera
}

// newRecording prepares cfg's recording, or returns nil without -record.
// The file is created now, so that a path that cannot be written fails
// before the run.
func newRecording(cfg config.Config, sim *systems.Sim) (*recording, error) {
	if cfg.Record == "" {
		return nil, nil
	}
	return recordTo(cfg.Record, cfg, sim)
}

// recordTo is a recording of sim by cfg's -record-every, -record-size,
// -record-fps and -record-view, to be written to path ("": handed back,
// the page's).
func recordTo(path string, cfg config.Config, sim *systems.Sim) (*recording, error) {
	if path != "" {
		if err := report.CheckWritable("record", path); err != nil {
			return nil, err
		}
	}
	every := int32(systems.Ticks(cfg.RecordEvery))
	m := sim.Model                        // the world's: a -replay's grid is its journal's
	delay := float64(every) / systems.TPS // real time
	if cfg.RecordFPS > 0 {
		delay = 1 / cfg.RecordFPS
	}
	r := &recording{path: path, every: every, w: m.Width, h: m.Height, lv: frame.NewLevels(sim), camera: cfg.RecordView == "camera"}
	if r.camera {
		r.gif = picture.NewViewRecording(m.Width, m.Height, cfg.RecordW, cfg.RecordH, delay)
	} else {
		r.gif = picture.NewRecording(m.Width, m.Height, cfg.RecordW, cfg.RecordH, delay)
	}
	return r, nil
}

// tick adds a frame on every every-th tick, the first included: of what
// camera shows, for -record-view camera (the whole grid where the
// frontend has no camera).
func (r *recording) tick(tick int32, camera func() picture.View) {
	if r == nil || r.lv == nil || (tick-1)%r.every != 0 {
		return
	}
	r.lv.Update()
	switch {
	case !r.camera:
		r.gif.Add(r.lv.Level)
	case camera != nil:
		r.gif.AddView(r.lv.Level, camera())
	default:
		r.gif.AddView(r.lv.Level, picture.View{W: r.w, H: r.h, Zoom: 1})
	}
}

// rebind follows a live run to its new world. The GIF keeps its size: a
// world of another grid size ends the recording, with the frames so far.
func (r *recording) rebind(sim *systems.Sim) {
	if r == nil || r.lv == nil {
		return
	}
	if sim.Model.Width != r.w || sim.Model.Height != r.h {
		r.lv = nil
		return
	}
	r.lv = frame.NewLevels(sim)
}

// close writes the GIF to its path, if it has one.
func (r *recording) close() error {
	if r == nil || r.path == "" {
		return nil
	}
	return WriteFile("record", r.path, r.gif.Write)
}

// WriteFile writes a picture to the file a flag names, whole or not at
// all ([output.Replace]): a write that fails, as on a full disk, leaves
// the path as it was before the run, and says so.
func WriteFile(flag, path string, write func(io.Writer) error) error {
	if err := output.Replace(path, write); err != nil {
		if pe, ok := err.(*os.PathError); ok {
			err = pe.Err // the flag names the path
		}
		return &report.OutputFailed{Flag: flag, Path: path, Err: fmt.Errorf("%w (the path is as it was before the run)", err)}
	}
	return nil
}
