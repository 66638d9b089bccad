package sweep

import (
	"math"
	"testing"
	"testing/fstest"
)

func TestJobsFor(t *testing.T) {
	const gib = 1 << 30
	for _, tc := range []struct {
		jobs             int
		runBytes, budget uint64
		want             int
	}{
		{8, 2 * gib, 9 * gib, 4},   // 4096²: four fit in 9 GiB
		{8, 2 * gib, 100 * gib, 8}, // all fit
		{8, 2 * gib, 1 * gib, 1},   // none fits: one at a time all the same
		{8, 2 * gib, 0, 8},         // memory unknown: -jobs alone
		{3, 0, gib, 3},
		{256, 1 << 20, gib, 256},
	} {
		if got := jobsFor(tc.jobs, tc.runBytes, tc.budget); got != tc.want {
			t.Errorf("jobsFor(%d, %d, %d): got %d, want %d", tc.jobs, tc.runBytes, tc.budget, got, tc.want)
		}
	}
}

// TestMemoryBudget: three quarters of MemAvailable, or of what the
// process's cgroup (v2 or v1, this one's or one above it) has left, not
// counting the file pages it can drop; never more than GOMEMLIMIT.
func TestMemoryBudget(t *testing.T) {
	meminfo := &fstest.MapFile{Data: []byte("MemTotal:       24000000 kB\nMemFree:         1000000 kB\nMemAvailable:   16000000 kB\n")}
	const avail = 16000000 * 1024
	v2 := fstest.MapFS{
		"proc/meminfo":                       meminfo,
		"proc/self/cgroup":                   {Data: []byte("0::/job/step\n")},
		"sys/fs/cgroup/job/memory.max":       {Data: []byte("8589934592\n")}, // 8 GiB
		"sys/fs/cgroup/job/memory.current":   {Data: []byte("4294967296\n")}, // 4 GiB, 1 GiB of it drops
		"sys/fs/cgroup/job/memory.stat":      {Data: []byte("anon 3221225472\ninactive_file 1073741824\n")},
		"sys/fs/cgroup/job/step/memory.max":  {Data: []byte("max\n")},
		"sys/fs/cgroup/job/step/memory.stat": {Data: []byte("inactive_file 0\n")},
	}
	v1 := fstest.MapFS{
		"proc/meminfo":     meminfo,
		"proc/self/cgroup": {Data: []byte("5:cpu,cpuacct:/x\n4:memory:/pod\n0::/\n")},
		"sys/fs/cgroup/memory/pod/memory.limit_in_bytes": {Data: []byte("2147483648\n")}, // 2 GiB
		"sys/fs/cgroup/memory/pod/memory.usage_in_bytes": {Data: []byte("1073741824\n")},
		"sys/fs/cgroup/memory/memory.limit_in_bytes":     {Data: []byte("9223372036854771712\n")},
	}
	for _, tc := range []struct {
		name  string
		fsys  fstest.MapFS
		limit int64
		want  uint64
	}{
		{"meminfo", fstest.MapFS{"proc/meminfo": meminfo}, math.MaxInt64, avail / 4 * 3},
		{"GOMEMLIMIT below", fstest.MapFS{"proc/meminfo": meminfo}, 1 << 30, 1 << 30},
		{"GOMEMLIMIT above", fstest.MapFS{"proc/meminfo": meminfo}, 1 << 50, avail / 4 * 3},
		{"cgroup v2", v2, math.MaxInt64, 5 << 30 / 4 * 3},
		{"cgroup v1", v1, math.MaxInt64, 1 << 30 / 4 * 3},
		{"nothing known", fstest.MapFS{}, math.MaxInt64, 0},
		{"GOMEMLIMIT alone", fstest.MapFS{}, 400 << 20, 400 << 20},
	} {
		if got := memoryBudget(tc.fsys, tc.limit); got != tc.want {
			t.Errorf("%s: got %d, want %d", tc.name, got, tc.want)
		}
	}
}
