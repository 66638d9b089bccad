//go:build !linux

package systems

// adviseHugePages does nothing here: the advice is Linux's.
func adviseHugePages[T any]([]T) {}
