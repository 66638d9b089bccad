//go:build !headless && !js

package main

import (
	"github.com/firefly-observatory/fireflies/config"
	// Imported for its init, which must run before ebiten's: see package
	// preflight.
	_ "github.com/firefly-observatory/fireflies/preflight"
)

const build = config.Window
