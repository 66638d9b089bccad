package sweep

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/params"
	"github.com/firefly-observatory/fireflies/report"
)

// Row is one run of a sweep: the sweep it belongs to, the run's
// parameters and what it found. Nothing in it depends on the machine, the
// workers or the wall clock, so a run gives the same row wherever and
// whenever it runs: the shards' rows together are the unsharded sweep's.
type Row struct {
	Sweep string // the sweep's identity: a hash of its specification
	Runs  int    // runs in the whole sweep

	// The run's parameters: the columns of [params.Table]'s sweep entries.
	params.Point

	report.Results
}

func ftext(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// finite parses a result's number: no run finds a NaN or an infinity, and
// a plot's scale has no place for one.
func finite(s string) (float64, error) {
	x, err := strconv.ParseFloat(s, 64)
	if err == nil && (math.IsNaN(x) || math.IsInf(x, 0)) {
		err = errors.New("not a finite number")
	}
	return x, err
}

// wantErr is what a result's column wants where its text is a number, but
// not one that goes with the row's other columns.
type wantErr string

func (w wantErr) Error() string { return "want " + string(w) }

// results are the columns of what a run found, in order.
var results = []struct {
	name string
	text func(r *report.Results) string
	set  func(r *report.Results, s string) (err error)
	json func(r *report.Results) any
}{
	{"ticks", func(r *report.Results) string { return strconv.Itoa(r.Ticks) },
		func(r *report.Results, s string) (err error) { r.Ticks, err = strconv.Atoi(s); return },
		func(r *report.Results) any { return r.Ticks }},
	{"sim_seconds", func(r *report.Results) string { return ftext(r.SimSeconds) },
		func(r *report.Results, s string) (err error) { r.SimSeconds, err = finite(s); return },
		func(r *report.Results) any { return r.SimSeconds }},
	{"time_to_sync_seconds", func(r *report.Results) string {
		if r.TimeToSyncSeconds == nil {
			return ""
		}
		return ftext(*r.TimeToSyncSeconds)
	}, func(r *report.Results, s string) error {
		r.TimeToSyncSeconds = nil
		if s == "" || s == "null" {
			return nil
		}
		t, err := finite(s)
		r.TimeToSyncSeconds = &t
		return err
	}, func(r *report.Results) any { return r.TimeToSyncSeconds }},
	{"r", func(r *report.Results) string { return ftext(r.R) },
		func(r *report.Results, s string) (err error) { r.R, err = finite(s); return },
		func(r *report.Results) any { return r.R }},
	{"flashes", func(r *report.Results) string { return strconv.FormatInt(r.Flashes, 10) },
		func(r *report.Results, s string) (err error) { r.Flashes, err = strconv.ParseInt(s, 10, 64); return },
		func(r *report.Results) any { return r.Flashes }},
	{"avalanches", func(r *report.Results) string { return strconv.FormatInt(r.Avalanches, 10) },
		func(r *report.Results, s string) (err error) { r.Avalanches, err = strconv.ParseInt(s, 10, 64); return },
		func(r *report.Results) any { return r.Avalanches }},
	{"largest_avalanche", func(r *report.Results) string { return strconv.Itoa(r.LargestAvalanche) },
		func(r *report.Results, s string) (err error) { r.LargestAvalanche, err = strconv.Atoi(s); return },
		func(r *report.Results) any { return r.LargestAvalanche }},
	{"mean_avalanche", func(r *report.Results) string { return ftext(r.MeanAvalanche) },
		func(r *report.Results, s string) (err error) {
			r.MeanAvalanche, err = finite(s)
			return
		},
		func(r *report.Results) any { return r.MeanAvalanche }},
	// The measures, empty in the rows of runs that did not measure them
	// (and in files written before they were columns): groups before the
	// others, which are empty exactly where it is.
	{"groups", func(r *report.Results) string {
		if r.Measures == nil {
			return ""
		}
		return strconv.Itoa(r.Measures.Groups)
	}, func(r *report.Results, s string) (err error) {
		r.Measures = nil
		if s == "" || s == "null" {
			return nil
		}
		r.Measures = &report.Measures{}
		r.Measures.Groups, err = strconv.Atoi(s)
		return err
	}, func(r *report.Results) any {
		if r.Measures == nil {
			return nil
		}
		return r.Measures.Groups
	}},
	{"locked", func(r *report.Results) string {
		if r.Measures == nil {
			return ""
		}
		return ftext(r.Measures.Locked)
	}, func(r *report.Results, s string) (err error) {
		switch empty := s == "" || s == "null"; {
		case empty && r.Measures != nil:
			return wantErr("a fraction, as groups is measured")
		case empty:
			return nil
		case r.Measures == nil:
			return wantErr("it empty, as groups is")
		}
		r.Measures.Locked, err = finite(s)
		return err
	}, func(r *report.Results) any {
		if r.Measures == nil {
			return nil
		}
		return r.Measures.Locked
	}},
	{"time_to_full_sync_seconds", func(r *report.Results) string {
		if r.Measures == nil || r.Measures.TimeToFullSyncSeconds == nil {
			return ""
		}
		return ftext(*r.Measures.TimeToFullSyncSeconds)
	}, func(r *report.Results, s string) error {
		switch empty := s == "" || s == "null"; {
		case empty:
			return nil // never, or not measured
		case r.Measures == nil:
			return wantErr("it empty, as groups is")
		}
		t, err := finite(s)
		r.Measures.TimeToFullSyncSeconds = &t
		return err
	}, func(r *report.Results) any {
		if r.Measures == nil {
			return nil
		}
		return r.Measures.TimeToFullSyncSeconds
	}},
	{"trace_hash", func(r *report.Results) string { return r.TraceHash },
		func(r *report.Results, s string) error { r.TraceHash = s; return nil },
		func(r *report.Results) any { return r.TraceHash }},
}

// Columns are the rows' fields, in order: the CSV header and the JSON
// keys. The parameters' come from [params.Table].
var Columns = slices.Concat([]string{"sweep", "runs"}, params.Columns(), resultNames())

func resultNames() []string {
	var n []string
	for _, r := range results {
		n = append(n, r.name)
	}
	return n
}

// Header is the first line of a CSV of rows.
var Header = strings.Join(Columns, ",") + "\n"

// OldHeader is the first line of the CSV rows that sweeps wrote before
// -clock and -coupling-scale were axes and the measures were columns.
// Such files still read, as [Layout] says; a sweep does not carry on
// into one ([Run]).
const OldHeader = "sweep,runs,width,height,period_seconds,nudge_seconds,refractory_seconds,jitter_seconds,glow,seed," +
	"duration_seconds,until_sync,response,threshold,period_spread_seconds,noise_seconds,neighbours,edges,topology," +
	"ticks,sim_seconds,time_to_sync_seconds,r,flashes,avalanches,largest_avalanche,mean_avalanche,trace_hash\n"

// Layout is the columns of a file's CSV rows, as its header names them:
// [Header]'s, or [OldHeader]'s, whose rows lack the columns added since
// and read them as their runs had them — the clock ticks, the coupling
// unscaled, the measures not measured. A JSON line names its columns, so
// reads the same in any layout.
type Layout struct {
	header string
	at     map[string]int // each column's place in a line
}

func newLayout(header string) Layout {
	l := Layout{header: header, at: map[string]int{}}
	for i, col := range strings.Split(strings.TrimSuffix(header, "\n"), ",") {
		l.at[col] = i
	}
	return l
}

var (
	// Current is [Header]'s layout, the one a sweep writes.
	Current  = newLayout(Header)
	oldStyle = newLayout(OldHeader)
)

// LayoutOf returns the layout whose header is line 1 of a file, without
// its newline; false where it is no sweep's header.
func LayoutOf(line string) (Layout, bool) {
	switch line + "\n" {
	case Header:
		return Current, true
	case OldHeader:
		return oldStyle, true
	}
	return Layout{}, false
}

// Old reports whether the layout is [OldHeader]'s.
func (l Layout) Old() bool { return l.header == OldHeader }

// ParseLine reads a row from a line of CSV in the layout, or of JSON (a
// line that starts with "{"), without its newline.
func (l Layout) ParseLine(line string) (Row, error) {
	if strings.HasPrefix(line, "{") {
		return parseJSON(line)
	}
	f := strings.Split(line, ",")
	if len(f) != len(l.at) {
		return Row{}, fmt.Errorf("got %d fields, want the %d of a sweep's row (%s)", len(f), len(l.at), strings.TrimSuffix(l.header, "\n"))
	}
	text := func(col string) (string, bool) {
		i, ok := l.at[col]
		if !ok {
			return "", false
		}
		return f[i], true
	}
	r := Row{Sweep: f[l.at["sweep"]]}
	var err error
	if r.Runs, err = strconv.Atoi(f[l.at["runs"]]); err != nil {
		return Row{}, fmt.Errorf("runs: got %q", f[l.at["runs"]])
	}
	if err := params.ParseColumns(&r.Point, text); err != nil {
		return Row{}, err
	}
	for _, c := range results {
		s, _ := text(c.name) // a column the layout lacks: not measured
		if err := c.set(&r.Results, s); err != nil {
			return Row{}, resultErr(c.name, strconv.Quote(s), err)
		}
	}
	if r.Sweep == "" || r.TraceHash == "" {
		return Row{}, errors.New("no sweep or trace_hash")
	}
	if err := r.check(); err != nil {
		return Row{}, err
	}
	return r, nil
}

// ParseLine reads a row from a line of CSV under [Header], or of JSON.
func ParseLine(line string) (Row, error) { return Current.ParseLine(line) }

// resultErr is a result column's text that does not read, the error its
// setter gave saying what it wants where it knows.
func resultErr(name, got string, err error) error {
	var want wantErr
	if errors.As(err, &want) {
		return fmt.Errorf("%s: got %s, %v", name, got, want)
	}
	return fmt.Errorf("%s: got %s", name, got)
}

// newRow is the row of a run of cfg that found res.
func newRow(id string, runs int, cfg config.Config, res report.Results) Row {
	return Row{Sweep: id, Runs: runs, Point: cfg.Point, Results: res}
}

// fields are the row's values as the CSV writes them.
func (r Row) fields() []string {
	f := append([]string{r.Sweep, strconv.Itoa(r.Runs)}, params.RowText(r.Point)...)
	for _, c := range results {
		f = append(f, c.text(&r.Results))
	}
	return f
}

// Key names the run: its parameters, as the CSV writes them.
func (r Row) Key() string { return strings.Join(params.RowText(r.Point), ",") }

// CSV is the row as a line of CSV.
func (r Row) CSV() []byte { return []byte(strings.Join(r.fields(), ",") + "\n") }

// JSON is the row as a JSON line, under the CSV's column names.
func (r Row) JSON() []byte {
	b := []byte(`{"sweep":`)
	b = strconv.AppendQuote(b, r.Sweep)
	b = append(b, `,"runs":`...)
	b = strconv.AppendInt(b, int64(r.Runs), 10)
	b = append(b, ',')
	b = params.AppendJSON(b, r.Point, nil)
	for _, c := range results {
		v, _ := json.Marshal(c.json(&r.Results))
		b = strconv.AppendQuote(b, c.name)
		b = append(b, ':')
		b = append(b, v...)
		b = append(b, ',')
	}
	b[len(b)-1] = '}'
	return append(b, '\n')
}

// Line is the row as a line of the format, "csv" or "jsonl".
func (r Row) Line(format string) []byte {
	if format == "jsonl" {
		return r.JSON()
	}
	return r.CSV()
}

// parseJSON reads a row from a JSON line, as [Row.JSON] writes it; a
// member it does not know refuses the line.
func parseJSON(line string) (Row, error) {
	var fields map[string]json.RawMessage
	d := json.NewDecoder(strings.NewReader(line))
	if err := d.Decode(&fields); err != nil {
		return Row{}, fmt.Errorf("not a row: %v", err)
	}
	var r Row
	if raw, ok := fields["sweep"]; ok {
		if err := json.Unmarshal(raw, &r.Sweep); err != nil {
			return Row{}, fmt.Errorf("not a row: sweep: %v", err)
		}
	}
	if raw, ok := fields["runs"]; ok {
		if err := json.Unmarshal(raw, &r.Runs); err != nil {
			return Row{}, fmt.Errorf("not a row: runs: %v", err)
		}
	}
	delete(fields, "sweep")
	delete(fields, "runs")
	if err := params.ParseJSON(&r.Point, fields); err != nil {
		return Row{}, fmt.Errorf("not a row: %v", err)
	}
	for _, c := range results {
		raw, ok := fields[c.name]
		if !ok {
			continue
		}
		delete(fields, c.name)
		text := string(raw)
		var s string
		if json.Unmarshal(raw, &s) == nil {
			text = s
		}
		if err := c.set(&r.Results, text); err != nil {
			return Row{}, fmt.Errorf("not a row: %v", resultErr(c.name, string(raw), err))
		}
	}
	for name := range fields {
		return Row{}, fmt.Errorf("not a row: json: unknown field %q", name)
	}
	if r.Sweep == "" || r.TraceHash == "" {
		return Row{}, errors.New("not a row: no sweep or trace_hash")
	}
	if err := r.check(); err != nil {
		return Row{}, err
	}
	// What the checks above might miss, this does not: the row is read
	// back from the CSV line it will be written as.
	csv := r.CSV()
	if back, err := ParseLine(string(csv[:len(csv)-1])); err != nil || !bytes.Equal(back.CSV(), csv) {
		return Row{}, fmt.Errorf("not a row: as CSV it reads back as another row (%q)", csv)
	}
	return r, nil
}

// check refuses a row that could not be written back as the one line of
// CSV it is: a text with a comma, a quote or a control character (a JSON
// line can hold any of them), a sweep that would start a line as JSON
// does, a word that is not one of its parameter's, or a trace_hash that is
// not the 16 hex digits a run writes.
func (r Row) check() error {
	for i, f := range r.fields() {
		if strings.ContainsAny(f, `,"`) || strings.ContainsFunc(f, unicode.IsControl) {
			return fmt.Errorf("%s: got %q, want a text without commas, quotes or control characters", Columns[i], f)
		}
	}
	if strings.HasPrefix(r.Sweep, "{") {
		return fmt.Errorf("sweep: got %q, want a sweep's identity (hex digits)", r.Sweep)
	}
	for _, p := range params.Table {
		if !p.Sweep || p.Kind != params.Choice && p.Kind != params.Pattern {
			continue
		}
		if w := p.Text(r.Point)[0]; p.Kind == params.Choice && !slices.Contains(p.Words, w) || p.Kind == params.Pattern && !p.Valid(w) {
			return fmt.Errorf("%s: got %q, want %s", p.Column, w, p.Allows)
		}
	}
	if len(r.TraceHash) != 16 || strings.Trim(r.TraceHash, "0123456789abcdef") != "" {
		return fmt.Errorf("trace_hash: got %q, want 16 hex digits", r.TraceHash)
	}
	return nil
}

// Compare orders rows by their parameters, the seed last.
func Compare(a, b Row) int { return params.ComparePoints(a.Point, b.Point) }
