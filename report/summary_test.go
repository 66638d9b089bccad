package report

import (
	"runtime"
	"testing"
)

// TestMemoryReadsPeakAndCurrent: the peak resident set is at least the
// current one, and both grow past memory the test touches.
func TestMemoryReadsPeakAndCurrent(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc/self/status")
	}
	before, _ := memory()
	b := make([]byte, 256<<20)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	peak, now := memory()
	runtime.KeepAlive(b)
	if now < 256<<20 || peak < now || peak < before {
		t.Errorf("after touching 256 MiB: rss %d, peak %d (peak before %d)", now, peak, before)
	}
}
