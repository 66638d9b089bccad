//go:build !linux

package render

// watchDisplay does nothing where the window is not an X11 one (and in
// the browser).
func watchDisplay(func(reason string, status int)) {}

func unwatchDisplay() {}
