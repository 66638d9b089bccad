// Package tour is the guided tour: its chapters, read from one text file
// (assets/tour.txt, which can be edited and translated without touching
// code), and a tour's progress through them. A chapter has a few
// sentences, settings it applies as it starts, the brush it offers, and
// what the reader must see before "next" appears: the swarm in step, out
// of step, R past a level, a brush stroke of a kind, a stretch of
// simulated time. The tour only reads what the world measured and what
// the session did; its settings go through the session like any other
// change, so a tour replays from its journal.
package tour

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Chapter is one chapter of the tour.
type Chapter struct {
	Title string
	Text  string   // a few sentences, lines joined by spaces
	Setup []string // flag=value settings applied as it starts
	Brush string   // the brush the drag paints with ("": unchanged)
	Next  []Cond   // seen in order before next appears; none: the last chapter
}

// Cond is one thing the reader must see.
type Cond struct {
	Kind  string  // synced, lost, r<, r>=, stroke, wait
	Level float64 // r< and r>=: the level; wait: simulated seconds
	Brush string  // stroke: the brush
}

// Parse reads a tour's text; an error names the line.
func Parse(text string) ([]Chapter, error) {
	var cs []Chapter
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		line = strings.TrimRight(line, " \t\r")
		switch {
		case strings.HasPrefix(line, "## "):
			cs = append(cs, Chapter{Title: strings.TrimSpace(line[3:])})
		case len(cs) == 0 || strings.HasPrefix(line, "#") || line == "" && cs[len(cs)-1].Text == "":
			// the file's own comments, before the first chapter
		case strings.HasPrefix(line, "setup:"):
			cs[len(cs)-1].Setup = strings.Fields(line[len("setup:"):])
			for _, s := range cs[len(cs)-1].Setup {
				if k, v, ok := strings.Cut(s, "="); !ok || k == "" || v == "" {
					return nil, fmt.Errorf("tour line %d: setup %q: want flag=value, such as nudge=400ms", n, s)
				}
			}
		case strings.HasPrefix(line, "brush:"):
			cs[len(cs)-1].Brush = strings.TrimSpace(line[len("brush:"):])
		case strings.HasPrefix(line, "next:"):
			for _, w := range strings.Fields(line[len("next:"):]) {
				c, err := cond(w)
				if err != nil {
					return nil, fmt.Errorf("tour line %d: %v", n, err)
				}
				cs[len(cs)-1].Next = append(cs[len(cs)-1].Next, c)
			}
		default:
			c := &cs[len(cs)-1]
			c.Text = strings.TrimSpace(c.Text + " " + strings.TrimSpace(line))
		}
	}
	if len(cs) == 0 {
		return nil, fmt.Errorf("tour: no chapter (a chapter starts with a line \"## Title\")")
	}
	for i, c := range cs[:len(cs)-1] {
		if len(c.Next) == 0 {
			return nil, fmt.Errorf("tour: chapter %d (%s) has no next: only the last may end the tour", i+1, c.Title)
		}
	}
	return cs, nil
}

func cond(w string) (Cond, error) {
	switch {
	case w == "synced" || w == "lost":
		return Cond{Kind: w}, nil
	case w == "scrambled":
		return Cond{Kind: "stroke", Brush: "scramble"}, nil
	case w == "pacemaker" || w == "silence" || w == "flash" || w == "erase":
		return Cond{Kind: "stroke", Brush: w}, nil
	case strings.HasPrefix(w, "wait:"):
		d, err := time.ParseDuration(w[len("wait:"):])
		if err != nil || d <= 0 {
			return Cond{}, fmt.Errorf("%s: want wait:DURATION, such as wait:20s", w)
		}
		return Cond{Kind: "wait", Level: d.Seconds()}, nil
	case strings.HasPrefix(w, "r>="), strings.HasPrefix(w, "r<"):
		kind, v := "r>=", w[3:]
		if strings.HasPrefix(w, "r<") {
			kind, v = "r<", w[2:]
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || x < 0 || x > 1 {
			return Cond{}, fmt.Errorf("%s: want a level of R from 0 to 1, such as r>=0.9", w)
		}
		return Cond{Kind: kind, Level: x}, nil
	}
	return Cond{}, fmt.Errorf("next: %q: want synced, lost, r<X, r>=X, scrambled, pacemaker, silence or wait:DURATION", w)
}

// Seen is what the tour reads of the run, as it is now.
type Seen struct {
	T        float64        // simulated seconds
	R        float64        // the order parameter
	InSync   bool           // the swarm is in step
	Episodes int            // of synchrony so far
	Strokes  map[string]int // brush strokes so far, by brush
}

// Tour is a reader's progress through the chapters.
type Tour struct {
	Chapters []Chapter
	At       int  // the chapter shown, from 0
	next     int  // the first of its conditions not yet seen
	since    Seen // the run as the last condition was seen, or the chapter began
}

// Start shows chapter i (from 0) as of s.
func (t *Tour) Start(i int, s Seen) {
	t.At, t.next = min(max(i, 0), len(t.Chapters)-1), 0
	t.mark(s)
}

// mark notes s as where the next condition counts from.
func (t *Tour) mark(s Seen) {
	t.since = s
	t.since.Strokes = map[string]int{}
	for k, v := range s.Strokes {
		t.since.Strokes[k] = v
	}
}

// Chapter is the chapter shown.
func (t *Tour) Chapter() Chapter { return t.Chapters[t.At] }

// Last reports whether the chapter shown is the last.
func (t *Tour) Last() bool { return t.At == len(t.Chapters)-1 }

// Update follows the run: each condition seen, in order, moves on to
// the next one.
func (t *Tour) Update(s Seen) {
	c := t.Chapter()
	for t.next < len(c.Next) && t.met(c.Next[t.next], s) {
		t.next++
		t.mark(s)
	}
}

func (t *Tour) met(c Cond, s Seen) bool {
	switch c.Kind {
	case "synced":
		return s.InSync
	case "lost": // out of step, having been in step since the mark
		return !s.InSync && (t.since.InSync || s.Episodes > t.since.Episodes)
	case "r>=":
		return s.R >= c.Level
	case "r<":
		return s.R < c.Level
	case "stroke":
		return s.Strokes[c.Brush] > t.since.Strokes[c.Brush]
	case "wait": // since the condition before it was seen, or the chapter began
		return s.T-t.since.T >= c.Level
	}
	return false
}

// Ready reports whether "next" shows: every condition of the chapter has
// been seen, and there is a chapter after it.
func (t *Tour) Ready() bool { return !t.Last() && t.next >= len(t.Chapter().Next) }

// Progress is how many of the chapter's conditions have been seen, of how
// many.
func (t *Tour) Progress() (seen, of int) { return t.next, len(t.Chapter().Next) }
