package components

import "testing"

// TestColumnRefusesToMakeMoreThanLent: a component made while a column
// is lent, beyond its elements, is someone else's entity taking one of
// them, and would leave the lent world's last entity unpointed.
func TestColumnRefusesToMakeMoreThanLent(t *testing.T) {
	lending.Lock()
	defer lending.Unlock()
	lend(Phase, make([]PhaseData, 1))
	defer lend(Phase, nil)
	Phase.New()
	defer func() {
		if recover() == nil {
			t.Error("a second New with one element lent did not panic")
		}
	}()
	Phase.New()
}
