package systems_test

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"unsafe"

	"github.com/firefly-observatory/fireflies/systems"
)

// TestColumnsAdviseHugePages: the kernel has the columns' memory marked
// for huge pages (the "hg" flag of its mapping in /proc/self/smaps).
// Whether it then finds huge pages to give is its own affair.
func TestColumnsAdviseHugePages(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil {
		t.Skip("no transparent huge pages in this kernel")
	}
	s, err := systems.New(model(1024, 1024, 1), systems.Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for name, addr := range map[string]uintptr{
		"Phase":      uintptr(unsafe.Pointer(&s.Swarm.Phase[len(s.Swarm.Phase)/2])),
		"Refractory": uintptr(unsafe.Pointer(&s.Swarm.Refractory[len(s.Swarm.Refractory)/2])),
	} {
		if flags := vmFlags(t, addr); !strings.Contains(" "+flags+" ", " hg ") {
			t.Errorf("%s's mapping has VmFlags %q, want hg among them", name, flags)
		}
	}
}

// vmFlags returns the VmFlags of the mapping that holds addr.
func vmFlags(t *testing.T, addr uintptr) string {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	inside := false
	for sc := bufio.NewScanner(f); sc.Scan(); {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x ", &lo, &hi); n == 2 {
			inside = lo <= addr && addr < hi
			continue
		}
		if flags, ok := strings.CutPrefix(line, "VmFlags:"); ok && inside {
			return strings.TrimSpace(flags)
		}
	}
	t.Fatalf("no mapping holds %#x", addr)
	return ""
}
