package systems

// SplitMin lets the external tests split every sparse wave across the
// bands, however small.
var SplitMin = &splitMin
