package systems

// mix64 is splitmix64's finaliser: a bijection that scatters every input
// bit over the whole word.
func mix64(z uint64) uint64 {
	z ^= z >> 30
	z *= 0xbf58476d1ce4e5b9
	z ^= z >> 27
	z *= 0x94d049bb133111eb
	z ^= z >> 31
	return z
}

// unit returns a number uniform in [0, 1) that depends only on the seed,
// the firefly and the tick: a counter-based generator, so no result depends
// on the order in which fireflies are visited or on how work is split.
// Tick 0 is the initial state. 23 bits keep u·x below x for any float32 x.
func unit(seed uint64, i int32, tick int32) float32 {
	z := mix64(seed + (uint64(uint32(tick))<<32 | uint64(uint32(i))))
	return float32(z>>41) * (1.0 / (1 << 23))
}
