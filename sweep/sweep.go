// Package sweep is fireflies sweep: every combination of the model flags'
// values, for each seed, run to its end on the local CPUs, one row each
// as the runs finish. A sweep started again with the same output file
// skips the runs whose rows are there, and while it writes them another
// sweep given the file is refused; a shard (-shard K/N, or a Slurm array
// task, or a Kubernetes indexed job) does a fixed part of the runs, so
// that the shards' rows together are the whole sweep's.
package sweep

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/input"
	"github.com/firefly-observatory/fireflies/output"
	"github.com/firefly-observatory/fireflies/params"
	"github.com/firefly-observatory/fireflies/report"
	"github.com/firefly-observatory/fireflies/systems"
)

// Interrupted is a sweep ended by a signal before its last run; its rows
// so far are written, and the same command carries on from them. Runs is
// 0 for a sweep ended before its first run: while it listed its runs or
// read the rows its file held.
type Interrupted struct{ Done, Runs int }

func (e *Interrupted) Error() string {
	if e.Runs == 0 {
		return "interrupted before the first run; run the same command again to start it"
	}
	return fmt.Sprintf("interrupted with %d of %d runs done; run the same command again to carry on", e.Done, e.Runs)
}

// Run runs the sweep that args (those after "sweep") specify, for build
// b, writing its rows to -out or stdout and its progress to stderr, until
// every run is done or ended is closed.
func Run(args []string, b config.Build, stdout, stderr io.Writer, ended <-chan struct{}) error {
	var (
		c     config.Config
		p     *plan
		shard config.Shard
	)
	// Listing a sweep of a million runs, and checking each combination of
	// its values as a run would, takes a while: a signal ends it at once.
	err := input.Interruptible(ended, func() error {
		var err error
		if c, err = config.ParseCommand(config.Sweep, args, b, stdout); err != nil || c.Help {
			return err
		}
		if p, err = newPlan(c); err != nil {
			return err
		}
		shard, err = shardOf(c.Sweep, os.Getenv)
		return err
	})
	if errors.Is(err, input.ErrInterrupted) {
		return &Interrupted{}
	}
	if err != nil || c.Help {
		return err
	}
	done := make([]bool, p.runs)
	var out *output.File
	if c.Out == "" {
		out = output.Stdout()
	} else {
		release, err := lockOut(c.Out, p.id, stderr)
		if err != nil {
			return err
		}
		defer release() // after out is closed: runAll closes it
		n, err := readDone(c.Out, c.Format, p, done, stderr, ended)
		if errors.Is(err, input.ErrInterrupted) {
			return &Interrupted{}
		}
		if err != nil {
			return err
		}
		if out, err = output.Append(c.Out); err != nil {
			return config.Errorf("-out: cannot write the file: %v", unwrapPath(err))
		}
		if n > 0 {
			fmt.Fprintf(stderr, "sweep %s: %s holds %d rows of it; running the rest\n", p.id, c.Out, n)
		}
	}
	var todo []int
	before := 0
	for i := shard.K; i < p.runs; i += shard.N {
		if done[i] {
			before++
		} else {
			todo = append(todo, i)
		}
	}
	jobs := c.Sweep.Jobs
	budget := memoryBudget(os.DirFS("/"), debug.SetMemoryLimit(-1))
	if fit := jobsFor(jobs, p.runBytes, budget); fit < min(jobs, len(todo)) {
		runs := "runs"
		if fit == 1 {
			runs = "run"
		}
		fmt.Fprintf(stderr, "sweep %s: %d %s at once rather than %d: a run of its largest world takes about %s, and the sweep has %s of memory (%s)\n",
			p.id, fit, runs, jobs, mib(p.runBytes), mib(budget), budgetSource)
		jobs = fit
	}
	if c.Format == "csv" && out.Empty() {
		if err := out.Line([]byte(Header)); err != nil {
			return outputFailed(c.Out, err)
		}
	}
	return runAll(p, todo, jobs, out, c.Format, newProgress(stderr, p.id, len(todo), before, shard), ended)
}

// budgetSource says where [memoryBudget] finds the memory, for the line
// that says a sweep runs fewer runs at once than -jobs.
const budgetSource = "three quarters of what the system or the job's cgroup has free, or GOMEMLIMIT"

// mib is a number of bytes as megabytes or gigabytes.
func mib(b uint64) string {
	if b >= 10<<30 {
		return fmt.Sprintf("%.0f GiB", float64(b)/(1<<30))
	}
	if b >= 1<<30 {
		return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30))
	}
	return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
}

// maxPending is how many finished rows may wait for the writer before no
// more runs are started: the rows of a sweep whose output is not read
// (a pipe to a reader that waits) wait in memory only so far.
const maxPending = 256

// stuckAfter is how long, after a signal, the sweep waits for a write
// that does not return before it ends without the rows still to write:
// a pipe or a terminal that nobody reads. A file's writes return long
// before.
const stuckAfter = 3 * time.Second

// runAll runs the runs todo, jobs at once, and writes each row as its run
// finishes. The rows are written on a goroutine of their own, so that a
// write that waits — a pipe nobody reads, a FIFO whose reader stopped —
// keeps neither the runs nor a signal waiting.
func runAll(p *plan, todo []int, jobs int, out *output.File, format string, pr *progress, ended <-chan struct{}) error {
	next := make(chan int)
	results := make(chan result)
	stop := make(chan struct{}) // closed to abandon the runs in flight
	for range min(jobs, len(todo)) {
		go func() {
			for i := range next {
				results <- runOne(p, i, stop)
			}
		}()
	}
	lines := make(chan []byte)
	wrote := make(chan error, 1)
	go func() {
		for line := range lines {
			out.Line(line)
			wrote <- out.Flush() // a row is written as soon as its run ends
		}
	}()
	sent, received := 0, 0
	// Runs this command finished, those of them that ran their whole
	// -duration short of their -until-sync criterion, and the longest
	// such -duration: most of them unsynchronised is worth a warning.
	finished, unsynced, longest := 0, 0, time.Duration(0)
	var pending []result // rows finished, not yet handed to the writer
	var writing *result  // the row the writer has
	var failed error
	interrupted, halted, signalled := false, false, false
	unwritten := -1            // once the writer is given up: the rows it did not write
	var stuck <-chan time.Time // after a signal, while a write waits
	halt := func() {           // abandons the runs in flight, once
		if !halted {
			halted = true
			close(stop)
		}
	}
	giveUp := func() { // leaves the writer to a write whose reader takes nothing
		unwritten = len(pending) + 1
		pending, writing, stuck = nil, nil, nil
	}
	for {
		ending := failed != nil || interrupted
		runsIn := received == len(todo) || (ending && received == sent)
		if runsIn && len(pending) == 0 && writing == nil {
			break
		}
		var feed chan int
		var i int
		if sent < len(todo) && !ending && len(pending) < maxPending {
			feed, i = next, todo[sent]
		}
		var write chan []byte
		var line []byte
		if len(pending) > 0 && writing == nil && unwritten < 0 {
			write, line = lines, pending[0].row.Line(format)
		}
		if signalled && writing != nil && stuck == nil {
			stuck = time.After(stuckAfter)
		}
		select {
		case feed <- i:
			sent++
		case r := <-results:
			received++
			switch {
			case r.err != nil:
				if failed == nil && !errors.Is(r.err, errStopped) {
					failed = r.err
					halt()
				}
			case unwritten >= 0:
				unwritten++
			case failed == nil:
				pending = append(pending, r)
				finished++
				if r.unsynced {
					unsynced++
					longest = max(longest, r.row.Duration)
				}
			}
		case write <- line:
			writing = &pending[0]
			pending = pending[1:]
		case err := <-wrote:
			stuck = nil
			switch {
			case writing == nil: // given up already
			case err == nil:
				pr.ran(writing.fireflyTicks)
			case signalled && errors.Is(err, os.ErrDeadlineExceeded):
				giveUp() // output gave the write up after the signal: the same
			default:
				if failed == nil {
					failed = outputFailed(out.Path(), err)
				}
				pending = nil
				halt()
			}
			writing = nil
		case <-ended:
			ended, signalled = nil, true
			if failed == nil {
				interrupted = true
				halt()
			}
		case <-stuck:
			giveUp()
		case <-pr.tick():
			pr.show()
		}
	}
	close(next)
	close(lines)
	pr.finish(out.Path())
	if finished > 0 && 2*unsynced > finished {
		fmt.Fprintf(pr.w, "sweep %s: %d of %d runs ended at -duration %v without synchronising; a longer -duration would let them\n", p.id, unsynced, finished, longest)
	}
	if unwritten >= 0 {
		// out is left open: the writer may be in a write that never ends.
		fmt.Fprintf(pr.w, "sweep %s: %s took no row for %v; %d finished rows are not written\n", p.id, out.Path(), stuckAfter, unwritten)
	} else if err := out.Close(); err != nil && failed == nil {
		failed = outputFailed(out.Path(), err)
	}
	switch {
	case failed != nil:
		return failed
	case interrupted && pr.done < pr.total: // not a signal that came as the last row was written
		return &Interrupted{Done: pr.done + pr.before, Runs: pr.before + pr.total}
	}
	return nil
}

type result struct {
	row          Row
	fireflyTicks float64
	// unsynced says the run had an -until-sync criterion and ran its
	// whole -duration without meeting it.
	unsynced bool
	err      error
}

var errStopped = errors.New("stopped")

// runOne runs run i of the plan to its end, or until stop is closed.
func runOne(p *plan, i int, stop <-chan struct{}) result {
	cfg, err := p.config(i)
	if err != nil {
		return result{err: err}
	}
	r := simulate(p, i, cfg, stop)
	// A large world's garbage is collected as soon as its run ends, so
	// that the next run's world is built in the memory this one held
	// rather than beside it: at the collector's own pace, a busy machine
	// finishes a collection late, and a sweep of one job at a time held
	// up to two worlds.
	if runBytes(cfg.Model) >= collectAfter {
		runtime.GC()
	}
	return r
}

// collectAfter is the least memory a run's world holds ([runBytes]) for
// its garbage to be collected at its end: a full collection marks every
// world in memory, which a run of a small world would spend more on than
// its run.
const collectAfter = 64 << 20

// simulate runs cfg, run i of the plan, and closes its world.
func simulate(p *plan, i int, cfg config.Config, stop <-chan struct{}) (r result) {
	defer func() {
		if v := recover(); v != nil {
			r = result{err: fmt.Errorf("the run %s crashed: %v\n%s", strings.Join(p.args(i), " "), v, debug.Stack())}
		}
	}()
	until := params.NewWatch(cfg.Until())
	sim, err := systems.New(cfg.Model, systems.Options{Workers: cfg.Workers, Cancel: stop, ManyWorlds: true, Avalanches: true, Measures: cfg.Measures || until.Measures()})
	if err != nil {
		if errors.Is(err, systems.ErrCancelled) {
			return result{err: errStopped}
		}
		return result{err: err}
	}
	defer sim.Close()
	ticks := systems.Ticks(cfg.Duration)
	for n := range ticks {
		if n%systems.TPS == 0 {
			select {
			case <-stop:
				return result{err: errStopped}
			default:
			}
		}
		sim.Update()
		if until.Reached(sim) {
			break
		}
	}
	res := report.Outcome(sim)
	return result{
		row:          newRow(p.id, p.runs, cfg, res),
		fireflyTicks: float64(res.Ticks) * float64(cfg.Model.Fireflies()),
		unsynced:     until.Kind != "" && !until.Reached(sim) && res.Ticks >= ticks,
	}
}

// readDone marks in done the runs whose rows the file at path holds, and
// returns how many it holds. A missing or empty file holds none, and so
// does a device or a pipe, which is not read: there is nothing to carry on
// from there, and opening a FIFO to read waits for a writer. A file that
// is not rows of this sweep is refused, so that no sweep's rows mix with
// another's; one that holds a run twice (written by two sweeps at once,
// before they took a lock) is taken as it is, with a warning on w. The
// reading stops at once when ended closes, with [input.ErrInterrupted].
func readDone(path, format string, p *plan, done []bool, w io.Writer, ended <-chan struct{}) (int, error) {
	if fi, err := os.Stat(path); errors.Is(err, os.ErrNotExist) || (err == nil && !fi.Mode().IsRegular()) {
		return 0, nil
	}
	n, twice := 0, 0
	var first []int32 // the line of each run's row, where twice is found
	var example string
	err := input.ReadFile(path, ended, input.MaxLine, func(line int, b []byte, whole bool) error {
		if !whole {
			return nil // a half line the last run did not finish: output.Append cuts it off
		}
		text := string(b)
		if line == 1 && format == "csv" {
			switch l, ok := LayoutOf(text); {
			case !ok:
				return config.Errorf("-out: %s line 1 is not the header of a sweep's CSV rows; give a new file, or the one this sweep wrote", path)
			case l.Old():
				// Its rows read, but this sweep's would not go under its
				// header: merge rewrites them under the new one, which
				// the sweep carries on from.
				renamed := strings.TrimSuffix(path, ".csv") + "-new.csv"
				return config.Errorf("-out: %s has the header of rows written before -clock, -coupling-scale and the measures were columns; "+
					"rewrite it with %s merge -out %s %s and give -out %s to carry on", path, config.Program, renamed, path, renamed)
			}
			return nil
		}
		if (format == "jsonl") != strings.HasPrefix(text, "{") {
			return config.Errorf("-out: %s line %d is not %s; give -format as the file was written", path, line, format)
		}
		r, err := ParseLine(text)
		if err != nil {
			return config.Errorf("-out: %s line %d: %v", path, line, err)
		}
		if r.Sweep != p.id {
			return config.Errorf("-out: %s holds rows of sweep %s, and this is sweep %s; give a new file for it", path, r.Sweep, p.id)
		}
		i, err := p.indexOf(r)
		if err != nil {
			return config.Errorf("-out: %s line %d: %v", path, line, err)
		}
		if first == nil {
			first = make([]int32, p.runs)
		}
		if done[i] {
			if twice == 0 {
				example = fmt.Sprintf("the run %s is on lines %d and %d", strings.Join(p.args(i)[:len(p.axes)], " "), first[i], line)
			}
			twice++
			return nil
		}
		done[i], first[i] = true, int32(line)
		n++
		return nil
	})
	var long *input.LineTooLong
	switch {
	case errors.As(err, &long):
		return 0, config.Errorf("-out: %s line %d is longer than %d bytes: not a sweep's rows; give a new file, or the one this sweep wrote", path, long.Line, long.Max)
	case errors.Is(err, input.ErrInterrupted), errors.As(err, new(*config.Error)):
		return 0, err
	case err != nil:
		return 0, config.Errorf("-out: cannot read the file: %v", unwrapPath(err))
	}
	if twice > 0 {
		fmt.Fprintf(w, "sweep %s: %s holds %d repeated rows (%s), as two sweeps writing it at once leave it; each run counts once\n", p.id, path, twice, example)
	}
	return n, nil
}

// shardOf is this process' shard: -shard K/N; or a Slurm array task's,
// SLURM_ARRAY_TASK_ID among SLURM_ARRAY_TASK_COUNT tasks from
// SLURM_ARRAY_TASK_MIN in steps of SLURM_ARRAY_TASK_STEP; or a Kubernetes
// indexed job's, JOB_COMPLETION_INDEX of -shards; or the whole sweep.
func shardOf(o config.SweepOptions, env func(string) string) (config.Shard, error) {
	if o.Shard.N > 0 {
		return o.Shard, nil
	}
	num := func(name string, def int) (int, error) {
		v := env(name)
		if v == "" {
			return def, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, config.Errorf("%s=%q: want a whole number; or give -shard K/N", name, v)
		}
		return n, nil
	}
	if env("SLURM_ARRAY_TASK_ID") != "" {
		id, err := num("SLURM_ARRAY_TASK_ID", 0)
		count, err2 := num("SLURM_ARRAY_TASK_COUNT", 0)
		low, err3 := num("SLURM_ARRAY_TASK_MIN", 0)
		step, err4 := num("SLURM_ARRAY_TASK_STEP", 1)
		if err := errors.Join(err, err2, err3, err4); err != nil {
			return config.Shard{}, err
		}
		k := (id - low) / max(step, 1)
		if count < 1 || id < low || (id-low)%max(step, 1) != 0 || k >= count {
			return config.Shard{}, config.Errorf("SLURM_ARRAY_TASK_ID=%d is not one of %d tasks from %d in steps of %d: give the array as a range, such as --array=0-%d, or -shard K/N",
				id, count, low, max(step, 1), max(count, 1)-1)
		}
		return config.Shard{K: k, N: count}, nil
	}
	if v := env("JOB_COMPLETION_INDEX"); v != "" {
		k, err := num("JOB_COMPLETION_INDEX", 0)
		if err != nil {
			return config.Shard{}, err
		}
		if o.Shards == 0 {
			return config.Shard{}, config.Errorf("-shards: needed with JOB_COMPLETION_INDEX=%d: the indexed job's completions, the number of shards", k)
		}
		if k >= o.Shards {
			return config.Shard{}, config.Errorf("JOB_COMPLETION_INDEX=%d: want less than -shards %d", k, o.Shards)
		}
		return config.Shard{K: k, N: o.Shards}, nil
	}
	if o.Shards > 0 {
		return config.Shard{}, config.Errorf("-shards: only with a Kubernetes indexed job's JOB_COMPLETION_INDEX, which is not set; give -shard K/N")
	}
	return config.Shard{K: 0, N: 1}, nil
}

// outputFailed is a write to the rows' file that failed: the sweep stops
// at once with it.
func outputFailed(path string, err error) error {
	return &report.OutputFailed{Flag: "out", Path: path, Err: err}
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// progress is the bar on stderr: runs done of the shard's, the time so
// far and an estimate of the time left. On a terminal it is redrawn in
// place five times a second; elsewhere (a log file, a batch job's output)
// a line every ten seconds.
type progress struct {
	w        io.Writer
	id       string
	shard    config.Shard
	total    int // runs this process does
	before   int // runs done before it started: not counted in its speed
	done     int
	ticks    float64 // firefly-ticks run
	began    time.Time
	terminal bool
	every    *time.Ticker
}

func newProgress(w io.Writer, id string, total, before int, shard config.Shard) *progress {
	pr := &progress{w: w, id: id, shard: shard, total: total, before: before, began: time.Now()}
	every := 10 * time.Second
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			pr.terminal, every = true, 200*time.Millisecond
		}
	}
	pr.every = time.NewTicker(every)
	return pr
}

func (pr *progress) tick() <-chan time.Time { return pr.every.C }

// ran counts a run done of fireflyTicks.
func (pr *progress) ran(fireflyTicks float64) {
	pr.done++
	pr.ticks += fireflyTicks
}

func (pr *progress) line() string {
	elapsed := time.Since(pr.began)
	s := fmt.Sprintf("sweep %s", pr.id)
	if pr.shard.N > 1 {
		s += fmt.Sprintf(" shard %d/%d", pr.shard.K, pr.shard.N)
	}
	s += fmt.Sprintf(": %d of %d runs, %s", pr.done, pr.total, clock(elapsed))
	if pr.done > 0 && pr.done < pr.total {
		left := time.Duration(float64(elapsed) / float64(pr.done) * float64(pr.total-pr.done))
		s += ", about " + clock(left) + " left"
	}
	return s
}

func (pr *progress) show() {
	if pr.terminal {
		fmt.Fprintf(pr.w, "\r%s\033[K", pr.line())
	} else {
		fmt.Fprintln(pr.w, pr.line())
	}
}

// finish prints the last line: the runs done and how fast.
func (pr *progress) finish(where string) {
	pr.every.Stop()
	wall := time.Since(pr.began).Seconds()
	if pr.terminal {
		fmt.Fprint(pr.w, "\r\033[K")
	}
	fmt.Fprintf(pr.w, "sweep %s: %d of %d runs in %.1fs (%.4g firefly-ticks/s); rows in %s\n",
		pr.id, pr.done, pr.total, wall, pr.ticks/max(wall, 1e-9), where)
}

// clock is d as h:mm:ss or m:ss.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
