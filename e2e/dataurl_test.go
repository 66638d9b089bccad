package e2e

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// dataURL evaluates js in the page, a call that returns a data URL of
// the given type (window.fireflies.screenshot(), record()), and returns
// the bytes it holds.
func dataURL(t *testing.T, ctx context.Context, js, mime string) []byte {
	t.Helper()
	var url string
	if err := chromedp.Run(ctx, chromedp.Evaluate(js, &url)); err != nil {
		t.Fatal(err)
	}
	data, ok := strings.CutPrefix(url, "data:"+mime+";base64,")
	if !ok {
		t.Fatalf("%s returned %.40q, want a %s data URL", js, url, mime)
	}
	b, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
