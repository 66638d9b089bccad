package components

import "github.com/yohamta/donburi"

// ObservationsData is what the systems measure about the swarm, written by
// the systems that measure it and read by the overlay, the metrics log and
// the summary alike. It is a singleton next to [SwarmData].
type ObservationsData struct {
	Flashes      int    // flashes in the last tick
	Waves        int    // waves of the last tick's cascade, the first included
	Spread       int    // flashes the last tick's waves spread; equals Flashes
	TotalFlashes int64  // flashes since the start
	TraceHash    uint64 // hash of every (tick, firefly) flash so far
	Events       int64  // render mode: synthetic events so far (a cell lit twice in a tick flashes once)

	// Avalanches are the connected clusters of a tick's flashes (see
	// systems.Avalanches); their sizes sum to the flashes.
	Avalanches       int   // avalanches in the last tick
	LargestAvalanche int   // fireflies in the last tick's largest avalanche
	TotalAvalanches  int64 // avalanches since the start
	MaxAvalanche     int   // fireflies in the largest avalanche since the start
	// AvalancheSizes counts the avalanches since the start by size (index
	// 1 to the number of fireflies); nil unless the run asked for the
	// distribution, as it costs 8 bytes a firefly.
	AvalancheSizes []int64

	R     float64 // order parameter, 0 (incoherent) to 1 (in step), at RTick
	RTick int32   // tick at which R was measured; -1 before the first
	// RPhases and RFlashes are R by each estimator, at RTick: from the
	// phases, and (with Model.RFromFlashes, else 0) from the time since
	// each firefly's last flash. R is the one the model uses.
	RPhases, RFlashes float64

	Pulse float64 // flashes per firefly over the half second before RTick
	// SyncedAt is the first simulated time, in seconds, from which R stayed
	// at least the sync threshold for a full period; negative until then.
	SyncedAt float64
	// AboveSince is when R last rose to the sync threshold, in simulated
	// seconds; negative while it is below.
	AboveSince float64
	// InSync says the swarm is synchronised now: R has stayed at the sync
	// threshold for a full period and not fallen below the lost threshold
	// since. SyncSince is when the current (or the last) such episode
	// began, LostAt when the last one ended (both in simulated seconds,
	// negative for never), and Episodes counts them.
	InSync    bool
	SyncSince float64
	LostAt    float64
	Episodes  int

	// What systems.Measures finds, in runs that ask for it (else 0), at
	// RTick but FullSyncAt: Groups, the ticks of the last period with
	// flashes; Locked, the fraction of fireflies whose mean interval
	// between flashes is within 2 % of the median's; FullSyncAt, the
	// first simulated time, in seconds, from which two cycles running
	// flashed as one avalanche of every firefly, negative until then.
	Groups     int
	Locked     float64
	FullSyncAt float64
}

// Observations is the component type of [ObservationsData].
var Observations = donburi.NewComponentType[ObservationsData]()
