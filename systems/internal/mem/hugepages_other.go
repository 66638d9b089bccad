//go:build !linux

package mem

// AdviseHugePages does nothing here: the advice is Linux's.
func AdviseHugePages[T any]([]T) {}
