package output

// Unhurry undoes [Hurry], so that the tests after one that hurried wait
// for their pipes' readers as a program that is not ending does.
func Unhurry() { hurried.Store(0) }
