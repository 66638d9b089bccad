package runner

import (
	"fmt"
	"io"
	"io/fs"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/live"
	"github.com/firefly-observatory/fireflies/output"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/systems"
)

// readReplay reads and checks cfg's -replay journal, before anything of
// the run is opened: an output opened first could empty the journal
// (config refuses one that names its file; a file made in between is
// still read first), and a journal that is bad input is found before the
// outputs are created. Ctrl+C, SIGTERM or SIGHUP (ended) interrupt it,
// however the file keeps the reading waiting (a FIFO with no writer, a
// pipe that never ends). A journal without its end line (its run killed)
// is read with -duration, which says how long to run it.
func readReplay(cfg config.Config, ended <-chan struct{}) (*live.Journal, error) {
	if cfg.Mode == "render" {
		return nil, config.Errorf("-replay: not with -mode render, whose flashes are synthetic: a journal replays a model")
	}
	return live.ReadJournalFile(cfg.Replay, ended, cfg.DurationSet)
}

// startSession is the run's live session: the -replay of journal j, or a
// plain run when j is nil, with its -journal file open. A journal write
// that fails is reported at once through in.
func startSession(cfg config.Config, j *live.Journal, in *report.Instruments, cancel <-chan struct{}) (*live.Session, *output.File, error) {
	var journal *output.File
	if cfg.Journal != "" {
		f, err := output.Open(cfg.Journal)
		if err != nil {
			if pe, ok := err.(*fs.PathError); ok {
				err = pe.Err // the flag names the path
			}
			return nil, nil, &report.OutputError{Flag: "journal", Err: err}
		}
		journal = f
	}
	var w io.Writer
	if journal != nil {
		w = &journalFile{File: journal, in: in}
	}
	var s *live.Session
	var err error
	if j == nil {
		s, err = live.NewCancellable(cfg, w, cancel)
	} else {
		s, err = live.NewReplay(cfg, j, w, !cfg.DurationSet, cancel)
	}
	if err != nil && journal != nil {
		journal.Close()
		journal = nil
	}
	return s, journal, err
}

// journalFile is the -journal file as the session's writer: whole lines,
// each flushed as it comes; the first that fails is reported at once, as
// the instruments report theirs, and the run goes on without it.
type journalFile struct {
	*output.File
	in     *report.Instruments
	warned bool
}

func (j *journalFile) Write(b []byte) (int, error) { return len(b), j.Line(b) }

// Line adds a line to the file and reports its first failure.
func (j *journalFile) Line(b []byte) error { return j.failed(j.File.Line(b)) }

// Flush writes what is buffered and reports its first failure.
func (j *journalFile) Flush() error { return j.failed(j.File.Flush()) }

func (j *journalFile) failed(err error) error {
	if err != nil && !j.warned {
		j.warned = true
		j.in.Warn(&report.OutputFailed{Flag: "journal", Path: j.Path(), Err: err})
	}
	return err
}

// closeJournal ends the journal with the run's last tick and trace hash.
func closeJournal(s *live.Session, journal *output.File) error {
	err := s.Close()
	if journal != nil {
		if cerr := journal.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return &report.OutputFailed{Flag: "journal", Path: journal.Path(), Err: err}
		}
	}
	return nil
}

// limitNote is what a run that reached [live.TickLimit] says at its end.
func limitNote() string {
	return fmt.Sprintf("fireflies: the world reached tick %d, the last it counts to (%.0f days of simulated time): the run ended there, as at the end of a -duration", live.TickLimit, float64(live.TickLimit)/systems.TPS/86400)
}
