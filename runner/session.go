package runner

import (
	"io"
	"io/fs"
	"os"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/live"
	"github.com/firefly-observatory/fireflies/output"
	"github.com/firefly-observatory/fireflies/report"
)

// startSession is the run's live session: a -replay of a journal, or a
// plain run, with its -journal file open.
func startSession(cfg config.Config, cancel <-chan struct{}) (*live.Session, *output.File, error) {
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
		w = journalFile{journal}
	}
	if cfg.Replay == "" {
		s, err := live.NewCancellable(cfg, w, cancel)
		return s, journal, err
	}
	if cfg.Record != "" || cfg.Mode == "render" {
		return nil, nil, config.Errorf("-replay: not with -record or -mode render, which follow one world; a journal may start new ones")
	}
	f, err := os.Open(cfg.Replay)
	if err != nil {
		return nil, nil, config.Errorf("-replay: cannot read the journal: %v", err)
	}
	defer f.Close()
	j, err := live.ReadJournal(f, cfg.Replay)
	if err != nil {
		return nil, nil, err
	}
	s, err := live.NewReplay(cfg, j, w, !cfg.DurationSet, cancel)
	return s, journal, err
}

// journalFile is the -journal file as the session's writer: whole lines,
// each flushed as it comes.
type journalFile struct{ *output.File }

func (j journalFile) Write(b []byte) (int, error) { return len(b), j.Line(b) }

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
