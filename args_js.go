//go:build !headless

package main

import (
	"fmt"
	"net/url"
	"os"
	"syscall/js"
)

// commandLine turns the page's URL query into flags: ?grid=256x256&seed=7
// becomes -grid=256x256 -seed=7, so the URL reproduces the run.
func commandLine() []string {
	q, err := url.ParseQuery(js.Global().Get("location").Get("search").String()[min(1, len(js.Global().Get("location").Get("search").String())):])
	if err != nil {
		return []string{"-bad-url-query"}
	}
	var args []string
	for k, vs := range q {
		for _, v := range vs {
			args = append(args, "-"+k+"="+v)
		}
	}
	return args
}

// fail shows err on the page, as readable text instead of a blank canvas.
func fail(err error, code int) {
	msg := "fireflies: " + err.Error()
	fmt.Fprintln(os.Stderr, msg)
	if show := js.Global().Get("firefliesFail"); show.Type() == js.TypeFunction {
		show.Invoke(msg, code)
	}
}
