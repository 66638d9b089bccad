// Package assets holds the files the program embeds: the overlay's font,
// the palette shader and, for the browser, its page.
package assets

import _ "embed"

// OverlayFont is Go Mono (BSD licence, fonts/LICENSE), a TrueType font
// whose even digit widths keep the overlay's numbers still.
//
//go:embed fonts/Go-Mono.ttf
var OverlayFont []byte

// PaletteShader is the Kage shader that turns packed glow levels into the
// palette's colours on the GPU.
//
//go:embed palette.kage
var PaletteShader []byte

// Tour is the guided tour's text: its chapters, their settings and what
// each waits for (package tour reads it).
//
//go:embed tour.txt
var Tour string
