//go:build race

package systems_test

// raceDetector is whether the tests run under -race, whose shadow memory
// takes page faults of its own.
const raceDetector = true
