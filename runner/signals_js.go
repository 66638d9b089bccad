package runner

import "os"

// Under Node only Ctrl+C reaches the program; the page has no signals.
var endSignals = []os.Signal{os.Interrupt}

func catchPipe() {}
