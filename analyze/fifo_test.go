//go:build unix

package analyze_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/firefly-observatory/fireflies/analyze"
)

// TestRunFileFIFO reads a named pipe, as when a log is piped in while it
// is written, and gives up plainly when no writer comes.
func TestRunFileFIFO(t *testing.T) {
	fixture, err := os.ReadFile("testdata/intervals.log")
	if err != nil {
		t.Fatal(err)
	}
	_, report := runFixture(t)
	tests := []struct {
		name    string
		wait    time.Duration // how long RunFile waits for a writer
		writer  time.Duration // when the writer comes; negative for never
		want    string        // the report, or an error containing this
		wantErr bool
	}{
		{"no writer", 200 * time.Millisecond, -1, "is a named pipe and no writer opened it within 200ms", true},
		{"writer waiting", 5 * time.Second, 0, report, false},
		// Opening with O_NONBLOCK would miss this writer: the first read
		// would end at once with EOF.
		{"writer after the reader", 5 * time.Second, 300 * time.Millisecond, report, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Cleanup(analyze.SetFIFOWait(tt.wait))
			fifo := filepath.Join(t.TempDir(), "metrics.fifo")
			if err := syscall.Mkfifo(fifo, 0o600); err != nil {
				t.Skip(err)
			}
			wrote := make(chan error, 1)
			if tt.writer >= 0 {
				go func() {
					time.Sleep(tt.writer)
					f, err := os.OpenFile(fifo, os.O_WRONLY, 0) // blocks until RunFile opens it
					if err != nil {
						wrote <- err
						return
					}
					_, err = f.Write(fixture)
					f.Close()
					wrote <- err
				}()
			}
			out, err := runFile(t, []string{fifo}, tt.wait+5*time.Second)
			if tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), tt.want) || !analyze.IsUsage(err) {
					t.Fatalf("error: got %v, want a usage error containing %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("RunFile: got %v, want nil", err)
			}
			if err := <-wrote; err != nil {
				t.Fatalf("writer: %v", err)
			}
			if out != tt.want {
				t.Errorf("got %q, want %q", out, tt.want)
			}
		})
	}
}
