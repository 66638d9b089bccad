package mem

import (
	"syscall"
	"unsafe"
)

// hugePage is the size of a transparent huge page with 4 KB pages (amd64,
// and arm64 as most kernels are built).
const hugePage = 2 << 20

// AdviseHugePages asks the kernel to back the whole huge pages inside s's
// memory with huge pages (MADV_HUGEPAGE); it is called before anything is
// written to s. A hint: where it is refused (a kernel without them, or
// set to never), nothing changes, so its error is not looked at.
func AdviseHugePages[T any](s []T) {
	if len(s) == 0 {
		return
	}
	start := uintptr(unsafe.Pointer(&s[0]))
	end := start + uintptr(len(s))*unsafe.Sizeof(s[0])
	first, last := (start+hugePage-1)&^(hugePage-1), end&^(hugePage-1)
	if last <= first {
		return
	}
	b := unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(&s[0]), first-start)), last-first)
	_ = syscall.Madvise(b, syscall.MADV_HUGEPAGE)
}
