package components

// NeverFlashed is the [GlowData.FlashTick] of a firefly that has not flashed
// yet: far enough in the past that its glow is 0.
const NeverFlashed = -1 << 30

// GlowData records a firefly's last flash. Its glow is 1 on that tick and
// fades linearly to 0 over the glow time; keeping the tick rather than the
// fading value means no system has to touch every firefly each tick to fade
// it, and the glow at any tick is exact.
type GlowData struct {
	FlashTick int32 // tick of the last flash, or NeverFlashed
}

// Glow is the component type of [GlowData].
var Glow = newColumn[GlowData]()
