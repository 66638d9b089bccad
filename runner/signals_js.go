package runner

import "os"

// Under Node only Ctrl+C reaches the program; the page has no signals.
func endSignals() []os.Signal { return []os.Signal{os.Interrupt} }

func catchPipe() {}

func notifyStatus(chan<- os.Signal) {}
