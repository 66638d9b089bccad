// Package systems is the firefly simulation: the world's construction and
// the ordered systems that advance it one fixed tick at a time. It imports
// no ebiten and has no build tags, so it runs and tests the same in every
// build, with cgo off and no display.
//
// # One tick
//
// [New] lists the systems in this order and [Sim.Update] runs them, then
// flushes the pool (a job left for its next run, if none came). The
// columns are [components.SwarmData]'s, Obs is
// [components.ObservationsData], and "waves" are the tick's wave lists
// and bitmaps (waves.go), which only the default model's rules share:
//
//	system      file           reads                              writes
//	Brushes     brushes.go     Pacemaker, Silenced entities       Phase, Refractory, Queued of the painted
//	Advance     advance.go     Phase, Refractory, Fired, Hits,    Tick, Phase, Refractory, Glow, Fired, Hits,
//	                           Queued                             Queued, waves; Obs.Waves, Spread
//	Cascade     cascade.go     waves, Phase, Refractory, Fired,   Phase, Refractory, Glow, Fired, Hits,
//	                           Hits                               Queued, waves; Obs.Waves, Spread
//	Settle      settle.go      waves (touched), Phase, Hits       Phase, Hits (cleared)
//	Avalanches  avalanches.go  Fired, Obs.Spread, the coupling    Obs.Avalanches, LargestAvalanche,
//	                                                              TotalAvalanches, MaxAvalanche, AvalancheSizes
//	Measures    measures.go    Fired, Obs.Spread, Avalanches,     Obs.Groups, Locked, FullSyncAt
//	                           LargestAvalanche
//	Trace       trace.go       Fired, Tick                        Fired (cleared); Obs.TraceHash, Flashes,
//	                                                              TotalFlashes
//	Order       order.go       Phase, Glow (RFromFlashes)         Obs.R, RPhases, RFlashes, RTick
//	Monitor     monitor.go     Obs.R, TotalFlashes                Obs.Pulse, AboveSince, SyncedAt
//
// Settle's bands run inside the pool's next run, Avalanches' (measured
// only with [Options.Avalanches], [Options.AvalancheSizes] or
// [Options.Measures]) or else Trace's; Measures runs only with
// [Options.Measures]. Order and Monitor act every [OrderEvery] ticks. A model the default engine does not run puts
// one system in the place of Advance, Cascade and Settle:
//
//	Variant     variant.go     Phase, Refractory, Glow            Tick, Phase, Refractory, Glow, Fired, its
//	                                                              own hit counts and (-clock exact) flash
//	                                                              times; Obs.Waves, Spread
//
// The burst model of Photinus carolinus (-model carolinus) puts two in
// their place: its engine, [Carolinus] (burst.go: reads the last tick's
// flashes, Glow; writes Tick, Phase, Glow, Fired, its own state;
// Obs.Waves, Spread, on one goroutine), then [Interbursts]
// (interbursts.go: reads the engine's flashes; writes the Bursts
// singleton, the groups' interburst intervals).
//
// The renderer stress mode ([Options.Load]) runs only two:
//
//	Sources     sources.go     Tick                               Tick, Glow, Fired; Obs.Events
//	Trace       trace.go       as above
//
// The rest is what the systems share: params.go (the model's constants),
// clock.go (the exact clock's rules and the coupling's scale),
// deaf.go (deafness as a tick), steps.go (each firefly's own step),
// graph.go (the variant's neighbourhoods and graphs), quiet.go (the burst
// model's quiet-time tables) and rand.go; and the
// world's construction, world.go and sim.go. The worker pool that runs
// the bands, and the build's yielding of the cores, are package work;
// the columns' huge pages, package mem (both under internal/).
package systems
