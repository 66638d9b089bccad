package assets

import _ "embed"

// CarolinusQuiet is the burst model's default distribution of a single
// firefly's interburst intervals: the quantiles of a Photinus carolinus
// male's, recorded alone in a tent (carolinus/README.md says where from
// and on what terms).
//
//go:embed carolinus/quiet.csv
var CarolinusQuiet string
