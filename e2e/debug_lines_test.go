package e2e

import (
	"bufio"
	"encoding/json"
	"os"
)

// lastLine is the last whole JSON line of the window's FIREFLIES_DEBUG_OVERLAY
// file at path, read into a T (the zero T while there is none): the frame
// the window drew last, as the fields T names.
func lastLine[T any](path string) T {
	var l T
	f, err := os.Open(path)
	if err != nil {
		return l
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var next T
		if json.Unmarshal(sc.Bytes(), &next) == nil {
			l = next
		}
	}
	return l
}
