//go:build !linux

package systems

func adviseHugePages[T any]([]T) {}
