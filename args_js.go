//go:build !headless

// The browser build only: the headless build for js/wasm runs under Node,
// takes its flags from the command line and publishes nothing.

package main

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"syscall/js"
)

// commandLine turns the page's URL query into flags, in the query's order:
// ?grid=256x256&seed=7 becomes -grid=256x256 -seed=7, so the URL
// reproduces the run. A query it cannot read fails the run.
func commandLine() []string {
	args, err := queryArgs(js.Global().Get("location").Get("search").String())
	if err != nil {
		fail(err, 2)
	}
	return args
}

// queryArgs turns a URL query ("?a=1&b", with or without the "?") into
// flags. A key without "=" is a flag without a value, as ?help or ?json;
// "+" and %XX are decoded as in any query.
func queryArgs(search string) ([]string, error) {
	var args []string
	for part := range strings.SplitSeq(strings.TrimPrefix(search, "?"), "&") {
		if part == "" {
			continue // "?", "a=1&&b=2", a trailing "&"
		}
		rawKey, rawValue, hasValue := strings.Cut(part, "=")
		key, err := url.QueryUnescape(rawKey)
		if err != nil {
			return nil, fmt.Errorf("URL query: cannot read %q: %v", part, err)
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			return nil, fmt.Errorf("URL query: cannot read %q: %v", part, err)
		}
		key = strings.TrimLeft(key, "-") // ?-grid=5 is -grid=5 too
		if key == "" {
			return nil, errors.New("URL query: " + part + ": want a flag name before the =, such as grid=256x256")
		}
		if hasValue {
			args = append(args, "-"+key+"="+value)
		} else {
			args = append(args, "-"+key)
		}
	}
	return args, nil
}

// fail shows err on the page, as readable text instead of a blank canvas,
// in the one line the native build prints, and ends the program.
func fail(err error, code int) {
	msg := "fireflies: " + err.Error()
	fmt.Fprintln(os.Stderr, msg)
	if show := js.Global().Get("firefliesFail"); show.Type() == js.TypeFunction {
		show.Invoke(msg, code)
	}
	os.Exit(code)
}
