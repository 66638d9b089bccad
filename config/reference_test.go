package config_test

import (
	"os"
	"runtime"
	"testing"

	"github.com/firefly-observatory/fireflies/config"
)

// TestFlagReference keeps docs/flags.md equal to what the flag table
// makes of it; with UPDATE_DOCS=1 it writes the page instead.
func TestFlagReference(t *testing.T) {
	if runtime.GOARCH == "wasm" {
		t.Skip("the page is the native build's: a grid's limit differs in WebAssembly")
	}
	const path = "../docs/flags.md"
	want := config.Reference()
	if os.Getenv("UPDATE_DOCS") == "1" {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v; make it with %s", err, config.ReferenceCommand)
	}
	if string(got) != want {
		t.Errorf("%s differs from the flag table's reference; make it again with %s", path, config.ReferenceCommand)
	}
}
