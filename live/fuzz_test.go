package live_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/live"
)

const header = `{"format":"fireflies-journal","version":1,"flags":["-grid=20x10","-period=5s","-nudge=200ms","-refractory=1s","-jitter=100ms","-glow=0.3","-seed=3","-preset=default","-deaf-flashes=drop","-refractory-clock=time","-start-deaf=false","-r-from=phases"]}` + "\n"

// FuzzReadJournal feeds arbitrary bytes to the journal reader: it never
// panics, an error is one plain line as a *config.Error naming the file,
// and a journal it accepts has its events in order within each world.
func FuzzReadJournal(f *testing.F) {
	for _, seed := range []string{
		"",
		header + `{"end":true,"tick":0,"trace_hash":"0000000000000000"}` + "\n",
		header + `{"tick":5,"set":"nudge","value":"300ms"}` + "\n" + `{"tick":9,"paint":"flash","x":3,"y":4,"radius":2}` + "\n" +
			`{"tick":9,"control":"reseed","seed":"77"}` + "\n" + `{"tick":0,"speed":16}` + "\n" + `{"tick":3,"end":true,"trace_hash":"00000000000000ff"}` + "\n",
		header + `{"tick":5,"set":"grid","value":"2x2"}` + "\n",
		header + `{"tick":5,"control":"reseed"}` + "\n",
		header + `{"tick":-1,"speed":3}` + "\n",
		`{"format":"fireflies-journal","version":2,"flags":[]}`,
		`{"format":"fireflies-journal","version":1,"flags":["-grid=5","-duration=1s"]}`,
		"{\"tick\":1,\"\x1b[31m\":1}\n",
		"not json\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		j, err := live.ReadJournal(bytes.NewReader(data), "j.jsonl")
		if err != nil {
			msg := err.Error()
			if !errors.As(err, new(*config.Error)) {
				t.Fatalf("error %q is not a *config.Error", msg)
			}
			if !bytes.HasPrefix([]byte(msg), []byte("j.jsonl")) {
				t.Fatalf("error %q does not name the file", msg)
			}
			for _, r := range msg {
				if r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' {
					t.Fatalf("error %q is not one plain line", msg)
				}
			}
			return
		}
		if j.Config.Model.Fireflies() == 0 || len(j.TraceHash) != 16 {
			t.Fatalf("accepted a journal without a model or an end: %+v", j)
		}
	})
}
