// Package e2e tests the fireflies program end to end, as its users run it:
// the headless binary, the window binary under Xvfb, the headless build
// for js/wasm under Node, and the page (make web-build, cmd/webserve) in
// headless Chromium. It is a module of its own so that the program's users
// never download the test drivers (chromedp).
//
// The tests build each program once per run, when a test first needs it,
// from the module in the parent folder. Run them from this folder:
//
//	xvfb-run -a -s "-screen 0 1280x1024x24 -noreset" go test -count=1 -timeout 20m ./...
//
// Without a display the window tests skip, without Chromium the browser
// tests, without Node the WebAssembly tests; with CI=true each of these
// fails instead, so that CI cannot pass a test it never ran. The same
// holds for the full-disk test, which mounts a small tmpfs and so needs
// root, and for the window-ending tests, which need xdotool and x11-utils.
//
// FIREFLIES_E2E_HUGE=1 adds a window run of the largest grid allowed,
// 16384x2048 (33.5M fireflies: about 2 minutes and 9.5 GB on 2 cores).
package e2e
