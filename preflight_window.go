//go:build !headless && !js

package main

// Imported for its init, which must run before ebiten's: see package
// preflight.
import _ "github.com/firefly-observatory/fireflies/preflight"
