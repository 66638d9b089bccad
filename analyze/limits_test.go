package analyze_test

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/firefly-observatory/fireflies/analyze"
)

const mib = 1 << 20

// Two usable lines for the tests below; the lowest fps_min is on the
// second.
const (
	fast = `{"ts": 1, "sim_time": 1, "fps": {"min": 60}}`
	slow = `{"ts": 3, "sim_time": 3, "fps": {"min": 40}}`
)

// lineOf returns a usable line of exactly n bytes, newline not counted.
func lineOf(n int) string {
	const head, tail = `{"ts": 2, "fps": {"min": 50}`, "}"
	return head + strings.Repeat(" ", n-len(head)-len(tail)) + tail
}

func TestLongLines(t *testing.T) {
	tests := []struct {
		name                          string
		in                            string
		read, used, skipped, overlong int
		wantOut                       string
	}{
		{"3 MiB line between usable ones", fast + "\n" + strings.Repeat("x", 3*mib) + "\n" + slow + "\n",
			3, 2, 1, 1, "1 line over 1 MiB skipped\n"},
		// The line number counts the skipped line.
		{"lines after it keep their numbers", fast + "\n" + strings.Repeat("x", 3*mib) + "\n" + slow + "\n",
			3, 2, 1, 1, "lowest fps_min 40 at sim_time 3 s (line 3)"},
		{"NUL bytes, as from /dev/zero", fast + "\n" + strings.Repeat("\x00", 3*mib) + "\n" + slow,
			3, 2, 1, 1, "1 line over 1 MiB skipped\n"},
		{"overlong last line without newline", fast + "\n" + slow + "\n" + strings.Repeat("x", 2*mib),
			3, 2, 1, 1, "1 line over 1 MiB skipped\n"},
		{"two overlong lines", strings.Repeat("x", 2*mib) + "\n" + fast + "\n" + strings.Repeat(" ", 2*mib) + "\n" + slow,
			4, 2, 2, 2, "2 lines over 1 MiB skipped\n"},
		{"exactly 1 MiB is read", fast + "\n" + lineOf(mib) + "\n" + slow + "\n",
			3, 3, 0, 0, "3 lines read, 3 used, 0 skipped\n\n"},
		{"exactly 1 MiB at the end is read", fast + "\n" + slow + "\n" + lineOf(mib),
			3, 3, 0, 0, "3 lines read, 3 used, 0 skipped\n\n"},
		{"1 MiB and a byte is skipped", fast + "\n" + lineOf(mib+1) + "\n" + slow + "\n",
			3, 2, 1, 1, "1 line over 1 MiB skipped\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			rep, err := analyze.Run(strings.NewReader(tt.in), &out)
			if err != nil {
				t.Fatalf("Run: got %v, want nil", err)
			}
			if rep.Read != tt.read || rep.Used != tt.used || rep.Skipped != tt.skipped || rep.Overlong != tt.overlong {
				t.Errorf("read/used/skipped/overlong: got %v/%v/%v/%v, want %v/%v/%v/%v",
					rep.Read, rep.Used, rep.Skipped, rep.Overlong, tt.read, tt.used, tt.skipped, tt.overlong)
			}
			if !strings.Contains(out.String(), tt.wantOut) {
				t.Errorf("got %q, want it to contain %q", out.String(), tt.wantOut)
			}
		})
	}
}

// repeatReader yields n copies of a byte without holding them, a stand-in
// for a huge file or a device.
type repeatReader struct {
	block []byte
	n     int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.block[:min(len(r.block), r.n)])
	r.n -= n
	return n, nil
}

// TestLongLineMemory reads one 200 MiB line and counts the bytes allocated
// meanwhile. TotalAlloc only grows and does not depend on when the
// collector runs, so the bound is not flaky; holding the line, as
// bufio.Reader.ReadBytes does, would allocate over 200 MiB.
func TestLongLineMemory(t *testing.T) {
	const size = 200 * mib
	in := io.MultiReader(
		&repeatReader{block: []byte(strings.Repeat("x", 64<<10)), n: size},
		strings.NewReader("\n"+fast+"\n"))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	tab, err := analyze.ReadTable(in)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 16*mib {
		t.Errorf("allocated reading a %d MiB line: got %v MiB, want under 16", size/mib, got/mib)
	}
	if tab.Overlong != 1 || tab.Used != 1 {
		t.Errorf("overlong/used: got %v/%v, want 1/1", tab.Overlong, tab.Used)
	}
}

// A log with a new key on every line would otherwise grow the table, and
// its pairs of columns, without bound.
func TestTooManyUnknownMetrics(t *testing.T) {
	var in strings.Builder
	for line := range 4 {
		fmt.Fprintf(&in, `{"ts": %d, "fps": {"min": %d}`, line, 60-line)
		for m := range 40 {
			fmt.Fprintf(&in, `, "m%02d": {"avg": %d}`, m, line*(m+1)%7)
		}
		in.WriteString("}\n")
	}
	var out strings.Builder
	rep, err := analyze.Run(strings.NewReader(in.String()), &out)
	if err != nil {
		t.Fatal(err)
	}
	var unknown []string
	for _, name := range slices.Concat(rep.Columns, rep.Constant) {
		if strings.HasPrefix(name, "m") {
			unknown = append(unknown, name)
		}
	}
	slices.Sort(unknown) // some are constant, listed apart
	if len(unknown) != 32 || unknown[0] != "m00_avg" || unknown[31] != "m31_avg" {
		t.Errorf("unknown metrics kept: got %v, want m00_avg to m31_avg", unknown)
	}
	if !rep.Crowded {
		t.Errorf("Crowded: got false, want true")
	}
	if want := "left out: the metrics this build does not know after the first 32"; !strings.Contains(out.String(), want) {
		t.Errorf("got %q, want it to contain %q", out.String(), want)
	}
}
