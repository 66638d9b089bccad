package sweep

import (
	"bufio"
	"bytes"
	"io/fs"
	"math"
	"path"
	"strconv"
	"strings"

	"github.com/firefly-observatory/fireflies/components"
	"github.com/firefly-observatory/fireflies/systems"
)

// What a sweep's run holds at its peak, as measured by the peak resident
// set of one run of each kind of world from 128² to 4096² fireflies
// (TestRunBytesCoverARun checks the estimate against such runs): a few
// megabytes whatever the world, and per firefly its columns and its
// entity; for a small-world or random graph, per firefly the graph's
// index and per neighbour its edge, the set of edges the build keeps and
// their list while it is sorted. The figures carry a margin of about a
// tenth over the peaks measured, which move by a few megabytes with the
// collector's timing on a loaded machine (a 512² run with radius:3 peaked
// at 43 MiB once, against an estimate without the margin of 42).
const (
	runOverhead          = 12 << 20
	bytesPerFirefly      = 150
	graphBytesPerFirefly = 80
	graphBytesPerStub    = 64 // a stub: one firefly's end of an edge
	// With -measures, [systems.Measures]' three columns of 4 bytes a
	// firefly: the last flash, the mean interval, the intervals sorted.
	measuresBytesPerFirefly = 12
)

// runBytes is about the most memory a run of model m's world holds.
func runBytes(m components.Model) uint64 {
	n := uint64(m.Fireflies())
	b := runOverhead + n*bytesPerFirefly
	if s, err := systems.ParseShape(m); err == nil && s.Graph() {
		degree := s.Degree // random:K
		if degree == 0 {
			degree = len(s.Offsets) // smallworld:P, the lattice's neighbours rewired
		}
		b += n * (graphBytesPerFirefly + graphBytesPerStub*uint64(degree))
	}
	return b
}

// jobsFor is how many runs of runBytes each may run at once in budget
// bytes: jobs, or fewer where they would not fit, but at least one. A
// budget of 0 is unknown, and bounds nothing.
func jobsFor(jobs int, runBytes, budget uint64) int {
	if budget == 0 || runBytes == 0 {
		return jobs
	}
	return int(max(1, min(uint64(jobs), budget/runBytes)))
}

// memoryBudget is the memory a sweep's runs may take together, in bytes:
// three quarters of what the system has available (MemAvailable in
// /proc/meminfo, or, in a container or a batch job, what its memory
// cgroup has left under its limit, if less); never more than limit, the
// Go runtime's memory limit (GOMEMLIMIT), when one is set. It is 0 where
// neither is known. fsys is the file system from its root.
func memoryBudget(fsys fs.FS, limit int64) uint64 {
	avail, known := meminfo(fsys)
	if left, ok := cgroupLeft(fsys); ok {
		avail, known = min(avail, left), true
	}
	budget := uint64(0)
	if known {
		budget = avail / 4 * 3
	}
	if limit > 0 && limit < math.MaxInt64 {
		if budget == 0 {
			budget = uint64(limit)
		}
		budget = min(budget, uint64(limit))
	}
	return budget
}

// meminfo is MemAvailable from /proc/meminfo, in bytes.
func meminfo(fsys fs.FS) (uint64, bool) {
	b, err := fs.ReadFile(fsys, "proc/meminfo")
	if err != nil {
		return 0, false
	}
	return field(b, "MemAvailable:", 1024)
}

// field is the number after name at the start of a line of b, times
// unit.
func field(b []byte, name string, unit uint64) (uint64, bool) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == name {
			n, err := strconv.ParseUint(f[1], 10, 64)
			return n * unit, err == nil
		}
	}
	return 0, false
}

// cgroupLeft is what the process's memory cgroup, and every cgroup above
// it, has left under its limit: the limit less what is in use, not
// counting the file pages the kernel can drop (as MemAvailable does not).
// It reads cgroup v2's memory.max and v1's memory.limit_in_bytes.
func cgroupLeft(fsys fs.FS) (uint64, bool) {
	b, err := fs.ReadFile(fsys, "proc/self/cgroup")
	if err != nil {
		return 0, false
	}
	left, found := uint64(math.MaxUint64), false
	for line := range strings.SplitSeq(string(b), "\n") {
		// hierarchy-ID:controllers:path; v2's is 0::path.
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		var root, limitFile, usageFile, inactive string
		switch {
		case parts[0] == "0" && parts[1] == "":
			root, limitFile, usageFile, inactive = "sys/fs/cgroup", "memory.max", "memory.current", "inactive_file"
		case strings.Contains(","+parts[1]+",", ",memory,"):
			root, limitFile, usageFile, inactive = "sys/fs/cgroup/memory", "memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file"
		default:
			continue
		}
		for dir := path.Clean("/" + parts[2]); ; dir = path.Dir(dir) {
			d := path.Join(root, dir)
			if limit, ok := number(fsys, path.Join(d, limitFile)); ok {
				used, _ := number(fsys, path.Join(d, usageFile))
				if stat, err := fs.ReadFile(fsys, path.Join(d, "memory.stat")); err == nil {
					drop, _ := field(stat, inactive, 1)
					used -= min(used, drop)
				}
				left, found = min(left, limit-min(limit, used)), true
			}
			if dir == "/" {
				break
			}
		}
	}
	return left, found
}

// number is the number a cgroup file holds; "max" (no limit) is none.
func number(fsys fs.FS, name string) (uint64, bool) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64)
	return n, err == nil
}
