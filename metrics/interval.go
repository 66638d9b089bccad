package metrics

import (
	"math"
	"strconv"
	"time"
)

// Stats summarises the observations of one metric over one interval. The
// zero value holds no observations.
type Stats struct {
	Sum   float64
	Min   float64 // meaningless while Count is 0
	Max   float64 // meaningless while Count is 0
	Count int
}

// Observe adds v. NaN and ±Inf are ignored: they would poison every later
// sum and cannot be written as JSON.
func (s *Stats) Observe(v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return
	}
	if s.Count == 0 {
		s.Min, s.Max = v, v
	} else {
		s.Min = min(s.Min, v)
		s.Max = max(s.Max, v)
	}
	s.Sum += v
	s.Count++
}

// Avg returns the mean of the observations, or 0 when there are none.
func (s Stats) Avg() float64 {
	if s.Count == 0 {
		return 0
	}
	return s.Sum / float64(s.Count)
}

// Interval holds the stats of every metric over one interval. It is a
// plain value with no pointers, so handing it to [Writer.Write] copies it
// without allocating.
type Interval struct {
	TS      float64 // unix seconds, wall clock at the end of the interval
	SimTime float64 // simulated seconds at the end of the interval
	Stats   [NumMetrics]Stats
}

// Observe adds v to metric m; see [Stats.Observe]. It panics if m is not a
// metric.
func (iv *Interval) Observe(m Metric, v float64) {
	iv.Stats[m].Observe(v)
}

// Empty reports whether no metric has an observation.
func (iv *Interval) Empty() bool {
	for i := range iv.Stats {
		if iv.Stats[i].Count > 0 {
			return false
		}
	}
	return true
}

// AppendJSON appends iv as one JSON object, without a newline, and returns
// the extended buffer. Keys come in a fixed order: ts, sim_time, then each
// metric with at least one observation in declaration order, as in
//
//	{"ts": 1700000000.5, "sim_time": 12.5, "fps": {"avg": 59.5, "max": 60, "min": 59, "sum": 119, "count": 2}}
//
// A number that is not finite (a sum that overflowed, or a NaN time passed
// by the caller) is written as null, because JSON has no NaN or Inf.
// It allocates only when dst lacks capacity.
func (iv *Interval) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"ts": `...)
	dst = appendFloat(dst, iv.TS)
	dst = append(dst, `, "sim_time": `...)
	dst = appendFloat(dst, iv.SimTime)
	for m := range NumMetrics {
		s := &iv.Stats[m]
		if s.Count == 0 {
			continue
		}
		dst = append(dst, `, "`...)
		dst = append(dst, names[m]...)
		dst = append(dst, `": {"avg": `...)
		dst = appendFloat(dst, s.Avg())
		dst = append(dst, `, "max": `...)
		dst = appendFloat(dst, s.Max)
		dst = append(dst, `, "min": `...)
		dst = appendFloat(dst, s.Min)
		dst = append(dst, `, "sum": `...)
		dst = appendFloat(dst, s.Sum)
		dst = append(dst, `, "count": `...)
		dst = strconv.AppendInt(dst, int64(s.Count), 10)
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

// appendFloat writes v the way encoding/json does: plain decimals, with an
// exponent only for magnitudes where decimals would be unreadably long.
func appendFloat(dst []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(dst, "null"...)
	}
	format := byte('f')
	if a := math.Abs(v); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	return strconv.AppendFloat(dst, v, format, -1, 64)
}

// Aggregator accumulates observations into the current interval. The
// caller decides when an interval ends, by wall clock or simulated time,
// and calls [Aggregator.Flush]; on exit it flushes the partial last
// interval the same way. The zero value is ready to use. An Aggregator is
// not safe for concurrent use: it belongs to the simulation loop.
type Aggregator struct {
	cur Interval
}

// Observe adds v to metric m in the current interval. It does not
// allocate. NaN and ±Inf are ignored; see [Stats.Observe].
func (a *Aggregator) Observe(m Metric, v float64) {
	a.cur.Stats[m].Observe(v)
}

// Empty reports whether the current interval has no observations yet.
func (a *Aggregator) Empty() bool {
	return a.cur.Empty()
}

// Flush ends the current interval at wall-clock time now and simulated
// time simTime (seconds), returns it, and starts an empty one.
func (a *Aggregator) Flush(now time.Time, simTime float64) Interval {
	iv := a.cur
	iv.TS = float64(now.Unix()) + float64(now.Nanosecond())/1e9
	iv.SimTime = simTime
	a.cur = Interval{}
	return iv
}
