package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSoak is make soak: a 1024×1024 swarm paced at 60 TPS for
// FIREFLIES_SOAK (10m in make soak), with its resident memory read every
// 10 s and its tick times from a metrics line every 10 s. It fails if the
// last minute drifted from the first minute after warm-up: memory grown by
// more than 5 % (+8 MiB), or mean tick time by more than half. It asserts
// on time because it is a soak, run by hand, never by make test.
func TestSoak(t *testing.T) {
	length, err := time.ParseDuration(os.Getenv("FIREFLIES_SOAK"))
	if err != nil || length < 3*time.Minute {
		t.Skip("set FIREFLIES_SOAK to 3m or more (make soak uses 10m)")
	}
	const every = 10 * time.Second
	log := filepath.Join(t.TempDir(), "soak.jsonl")
	c := start(t, nil, headlessBin.get(t), "-grid", "1024", "-seed", "1", "-realtime", "-json",
		"-duration", length.String(), "-metrics", log, "-metrics-interval", every.String())
	type sample struct {
		at         time.Duration
		rss        int64 // bytes
		avg, worst float64
	}
	var samples []sample
	began := time.Now()
	for c.running() {
		select {
		case <-c.exited:
		case <-time.After(every):
			samples = append(samples, sample{at: time.Since(began), rss: residentBytes(c.cmd.Process.Pid)})
		}
	}
	if c.err != nil {
		t.Fatalf("soak run: %v\n%s", c.err, c.stderr.String())
	}
	// The metrics lines' tick times, matched to the samples by order.
	f, err := os.Open(log)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for i := 0; sc.Scan() && i < len(samples); i++ {
		var line struct {
			UpdateMs struct{ Avg, Max float64 } `json:"update_ms"`
		}
		if json.Unmarshal(sc.Bytes(), &line) == nil {
			samples[i].avg, samples[i].worst = line.UpdateMs.Avg, line.UpdateMs.Max
		}
	}
	s := summary(t, c.stdout.String())
	t.Logf("%v of 1024x1024 at 60 TPS: %v ticks, tick p50 %.2f ms, p99 %.2f ms, max %.2f ms, peak RSS %.0f MiB",
		length, s["ticks"], s["tick_ms_p50"], s["tick_ms_p99"], s["tick_ms_max"], s["rss_bytes"].(float64)/(1<<20))
	t.Log("| wall | RSS MiB | tick avg ms | tick max ms |")
	t.Log("|---|---|---|---|")
	for _, p := range samples {
		t.Logf("| %v | %.1f | %.2f | %.2f |", p.at.Round(time.Second), float64(p.rss)/(1<<20), p.avg, p.worst)
	}
	first, last := window(samples[min(3, len(samples)):], 6), window(samples[max(0, len(samples)-7):len(samples)-1], 6)
	mean := func(ps []sample, f func(sample) float64) float64 {
		sum := 0.0
		for _, p := range ps {
			sum += f(p)
		}
		return sum / float64(len(ps))
	}
	rss := func(p sample) float64 { return float64(p.rss) }
	tick := func(p sample) float64 { return p.avg }
	if a, b := mean(first, rss), mean(last, rss); b > a*1.05+8<<20 {
		t.Errorf("resident memory drifted from %.1f MiB to %.1f MiB", a/(1<<20), b/(1<<20))
	}
	if a, b := mean(first, tick), mean(last, tick); b > a*1.5 {
		t.Errorf("mean tick time drifted from %.2f ms to %.2f ms", a, b)
	}
	if int(s["ticks"].(float64)) != int(length.Seconds()*60) {
		t.Errorf("ran %v ticks, want %d", s["ticks"], int(length.Seconds()*60))
	}
}

// window returns at most n samples from the start of ps.
func window[T any](ps []T, n int) []T { return ps[:min(n, len(ps))] }

// residentBytes is a process's resident set, from /proc.
func residentBytes(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.Fields(rest)[0], 10, 64)
			return kb << 10
		}
	}
	return 0
}
