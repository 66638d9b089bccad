# Everything a user or CI runs. `make run` opens the window; `make test` is
# exactly what CI checks.
GO      ?= go
APT_DEV  = libx11-dev libxrandr-dev libxcursor-dev libxinerama-dev libxi-dev libgl1-mesa-dev libxxf86vm-dev pkg-config
APT_TEST = xvfb xauth libgl1-mesa-dri chromium nodejs xdotool x11-utils slurm-wlm munge
XVFB     = xvfb-run -a -s "-screen 0 1280x1024x24 -noreset"
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help run deps test-deps headless test vet test-unit test-fuzz test-race test-e2e fuzz soak original bench scaling machine bench-go bench-build bench-sweep profile clean docs

## help: list the targets and what each does
help:
	@awk '{ raw = $$0 } /^## [a-z-]+:/ { sub(/^## /, ""); name = $$0; sub(/:.*/, "", name); sub(/^[a-z-]+: /, ""); printf "  %-12s %s\n", name, $$0 } \
		/^## / && last ~ /^## / && raw !~ /^## [a-z-]+:/ { sub(/^## /, ""); printf "  %-12s %s\n", "", $$0 } { last = raw }' $(MAKEFILE_LIST)

## run: open the window (installs ebiten's X11/OpenGL headers first if missing)
run: deps
	$(GO) run . $(ARGS)

## deps: the Debian/Ubuntu packages ebiten needs to build a window
deps:
	@missing=$$(for p in $(APT_DEV); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing $$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

## test-deps: deps plus what the tests need (Xvfb, Mesa's software OpenGL, Chromium, Node, Slurm and munge)
test-deps: deps
	@missing=$$(for p in $(APT_TEST); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing $$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; \
	fi

## headless: build ./fireflies-headless with no window and cgo off
headless:
	CGO_ENABLED=0 $(GO) build -tags headless -o fireflies-headless .

## test: vet, the unit tests (no display, cgo off), the race detector on the
## packages with goroutines, and the end-to-end tests (binaries, Xvfb, Node,
## Chromium) from their own module in e2e/
test: test-deps vet test-unit test-fuzz test-race test-e2e

# PURE are the packages that must build and test with cgo off and no
# display: everything but the window's render package and the programs.
PURE = ./components ./systems/... ./live ./runner ./input ./summarize ./tour ./compare ./frame ./config ./report ./metrics ./analyze ./output ./sweep ./merge ./plot ./cmd/webserve ./preflight/x11

# FUZZ are the fuzz targets, as package:target:runs; their seed corpora are
# in each package's testdata/fuzz/. make test runs each target that many
# times (about 10 s each on this project's 2-core machine): Go 1.26's
# fuzzer can fail a run of a set duration with "context deadline exceeded"
# when its time is up, having found nothing (go.dev/issue/75804, fixed in
# Go 1.27); a count of runs has no deadline. FUZZTIME, when set, is the
# time or count of every target instead.
FUZZ = ./config:FuzzParse:200000 ./config:FuzzQueryArgs:200000 ./analyze:FuzzRun:30000 ./live:FuzzReadJournal:150000 ./merge:FuzzReadRows:150000 ./config:FuzzSweepValues:100000
FUZZTIME ?=

## vet: go vet in every build (window, headless, WebAssembly, e2e) and the import fences
vet:
	$(GO) vet ./...
	$(GO) vet -tags headless ./...
	GOOS=js GOARCH=wasm $(GO) vet . ./render
	GOOS=js GOARCH=wasm $(GO) vet -tags headless .
	cd e2e && $(GO) vet ./...
	@for p in ./systems/... ./components ./live ./frame ./config ./report ./runner ./input ./summarize ./tour ./sweep ./merge ./plot; do \
		if $(GO) list -deps $$p | grep -q ebiten; then echo "$$p depends on ebiten"; exit 1; fi; done
	@if $(GO) list -deps -tags headless . | grep -q ebiten; then echo "the headless build depends on ebiten"; exit 1; fi
	@if grep -q chromedp go.mod; then echo "chromedp belongs in e2e/go.mod, not the program's"; exit 1; fi

## test-unit: the unit tests of the packages that need no display, with cgo off
test-unit:
	CGO_ENABLED=0 env -u DISPLAY $(GO) test -count=1 $(PURE)

## test-fuzz: each fuzz target for its count of runs in FUZZ, or for FUZZTIME (make fuzz: 5 minutes each)
test-fuzz:
	@for t in $(FUZZ); do \
		pkg=$${t%%:*}; rest=$${t#*:}; name=$${rest%%:*}; time=$(or $(FUZZTIME),$${rest#*:}x); \
		echo "fuzz $$name for $$time"; \
		CGO_ENABLED=0 $(GO) test -run '^$$' -fuzz "^$$name$$" -fuzztime $$time $$pkg || exit 1; done

## fuzz: the fuzz targets at length; new failing inputs land in testdata/fuzz/
fuzz:
	$(MAKE) test-fuzz FUZZTIME=5m

## original: the README's table of this project against the original experiment's rules (50 seeds a cell)
original:
	cd e2e && FIREFLIES_ORIGINAL=50 $(GO) test -count=1 -timeout 60m -run '^TestOriginalAccount$$' -v . | grep '^|'

## soak: a 10-minute realtime run of a 1024x1024 swarm, RSS and tick p99 sampled every 10 s; fails on drift
soak:
	cd e2e && FIREFLIES_SOAK=10m $(GO) test -count=1 -timeout 20m -run '^TestSoak$$' -v .

## test-race: the worker pool, the worlds made at once, the metrics writer and the web server under the race detector
test-race:
	CGO_ENABLED=1 $(GO) test -race -short -count=1 ./components ./systems/... ./live ./sweep ./metrics ./cmd/webserve

## test-e2e: the built programs end to end, a one-node Slurm cluster among them; CI=true makes missing Chromium, Node, Slurm or a display fail instead of skip
test-e2e:
	$(XVFB) $(GO) test -count=1 ./render # ebiten's init wants a display
	cd e2e && $(XVFB) $(GO) test -count=1 -timeout 25m ./...

## bench: one table of size × workers against the plain-slice reference, a tick split by system (parallel and serial time, Amdahl's estimate for 16 workers) the pool's hand-off time and two workers lingering against parking, measured in one binary
bench:
	BENCH_TABLE=1 CGO_ENABLED=0 $(GO) test -count=1 -timeout 20m -run '^(TestBenchTable|TestTickBreakdown|TestLingerTable)$$' -v ./systems/ | grep -v -e '^=== RUN' -e '^--- PASS' -e '^PASS'
	BENCH_TABLE=1 CGO_ENABLED=0 $(GO) test -count=1 -timeout 5m -run '^TestPoolHandOff$$' -v ./systems/internal/work/ | grep -v -e '^=== RUN' -e '^--- PASS' -e '^PASS'
	BENCH_TABLE=1 CGO_ENABLED=0 $(GO) test -count=1 -timeout 20m -run '^TestVariantBenchTable$$' -v ./systems/ | grep -v -e '^=== RUN' -e '^--- PASS' -e '^PASS'

## scaling: one and two workers (plus SCALING_WORKERS, e.g. 4,8,16) at 1024² and 2048², interleaved SCALING_REPS (3) times, medians
SCALING_REPS ?= 3
SCALING_WORKERS ?=
scaling:
	SCALING=1 SCALING_REPS=$(SCALING_REPS) SCALING_WORKERS=$(SCALING_WORKERS) CGO_ENABLED=0 $(GO) test -count=1 -timeout 60m -run '^TestScalingTable$$' -v ./systems/ | grep -v -e '^=== RUN' -e '^--- PASS' -e '^PASS'

## bench-sweep: a sweep of SWEEP_RUNS (1000) runs of 50x50 for 600 simulated seconds against one run alone × the CPUs
SWEEP_RUNS ?= 1000
bench-sweep:
	cd e2e && FIREFLIES_SWEEP_RUNS=$(SWEEP_RUNS) $(GO) test -count=1 -timeout 60m -run '^TestSweepThroughput$$' -v . | grep -v -e '^=== RUN' -e '^--- PASS' -e '^PASS'

## bench-go: the Go benchmarks of a tick and its parts (BenchmarkTick, BenchmarkReference, BenchmarkNaiveQuery, BenchmarkBurstCycle, the brushes', the noise's)
bench-go:
	CGO_ENABLED=0 $(GO) test -run '^$$' -bench . -skip '^BenchmarkNew' -benchtime 100x ./systems/

## bench-build: building the 2048² world, until its entities are complete (BenchmarkNew) and with its garbage returned too (BenchmarkNewWorld), three builds each
bench-build:
	CGO_ENABLED=0 $(GO) test -run '^$$' -bench '^BenchmarkNew' -benchtime 3x -benchmem ./systems/

## profile: 900 fireflies for 15 simulated seconds at 60 TPS, as the original's profiling entry; top 30
profile:
	CGO_ENABLED=0 $(GO) build -tags headless -o build/fireflies-headless .
	build/fireflies-headless -grid 30x30 -seed 1 -duration 15s -realtime -cpuprofile build/cpu.pprof -memprofile build/mem.pprof
	$(GO) tool pprof -top -nodecount 30 build/fireflies-headless build/cpu.pprof

## docs: the pages and pictures a program writes: docs/flags.md from the flag table (a unit test fails when it differs),
## the README's GIF and screenshot, the curve of docs/studies.md, and docs/panel.png (the window under Xvfb, real input by xdotool)
docs: test-deps
	UPDATE_DOCS=1 $(GO) test -count=1 -run '^TestFlagReference$$' ./config
	$(GO) build -o build/fireflies .
	CGO_ENABLED=0 $(GO) build -tags headless -o build/fireflies-headless .
	build/fireflies-headless -grid 240x150 -seed 7 -nudge 300ms -duration 70s -record docs/syncing.gif -record-every 500ms -record-size 480x300 -record-fps 14
	$(XVFB) build/fireflies -grid 320x200 -seed 7 -nudge 300ms -duration 45s -screenshot docs/screenshot.png
	rm -f build/curve.csv && build/fireflies-headless sweep -grid 50 -nudge 100ms:400ms:7 -seeds 10 -duration 600s -until-sync -out build/curve.csv
	build/fireflies-headless plot curve -x nudge -z time_to_sync -out docs/time-to-sync-curve.png build/curve.csv
	$(XVFB) sh docs/panel.sh build/fireflies docs/panel.png

## machine: the static headless binary and the systems' test binary in build/, for bench/machine.sh on a machine with many cores
machine:
	CGO_ENABLED=0 $(GO) build -tags headless -o build/fireflies-headless .
	CGO_ENABLED=0 $(GO) test -c -o build/systems.test ./systems/

## clean: remove what the builds made
clean:
	rm -rf build fireflies fireflies-headless *.pprof *.test

# The browser build. build/web/ is a self-contained static folder that any
# static file server can host; make web serves it with cmd/webserve.
WEB_DIR  ?= build/web
WEB_ADDR ?= 127.0.0.1:8080
WEB_SIZES ?= 256,1024

.PHONY: web-build web web-perf window-perf carolinus

## web-build: index.html, Go's wasm_exec.js and fireflies.wasm in $(WEB_DIR)/
web-build:
	mkdir -p $(WEB_DIR)
	cp assets/web/index.html $(WEB_DIR)/
	cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" $(WEB_DIR)/
	GOOS=js GOARCH=wasm $(GO) build -o $(WEB_DIR)/fireflies.wasm .

## web: build the page and serve it on http://$(WEB_ADDR)/ (flags as a query: /?grid=256x256&seed=7)
web: web-build
	$(GO) run ./cmd/webserve -addr $(WEB_ADDR) -dir $(WEB_DIR)

## web-perf: TPS, FPS and a frame's parts in headless Chromium for each of WEB_SIZES in each of WEB_WINDOWS
## (WEB_QUERY adds URL parameters, such as WEB_QUERY='&resolution=1')
WEB_WINDOWS ?= 1280x800,1920x1080
WEB_QUERY ?=
web-perf:
	cd e2e && FIREFLIES_WEB_SIZES=$(WEB_SIZES) FIREFLIES_WEB_WINDOW=$(WEB_WINDOWS) FIREFLIES_WEB_QUERY='$(WEB_QUERY)' $(GO) test -count=1 -timeout 30m -run '^TestWebThroughput$$' -v . | grep -e '^|' -e FAIL -e '^ok'


## window-perf: TPS, FPS and a frame's parts of the window under Xvfb for each of WINDOW_GRIDS on each of WINDOW_SCREENS
WINDOW_GRIDS ?= 1024,2048
WINDOW_SCREENS ?= 1280x800,1920x1080
window-perf:
	cd e2e && FIREFLIES_WINDOW_GRIDS=$(WINDOW_GRIDS) FIREFLIES_WINDOW_SCREENS=$(WINDOW_SCREENS) $(GO) test -count=1 -timeout 30m -run '^TestWindowThroughput$$' -v . | grep -e '^|' -e FAIL -e '^ok'

## carolinus: the burst model of Photinus carolinus beside the field recordings (docs/carolinus/table.md and carolinus.png);
## CAROLINUS_DATA is a clone of github.com/peleg-lab/EmergentPeriodicity (the recordings are not shipped: see assets/carolinus/README.md)
CAROLINUS_DATA ?= EmergentPeriodicity
carolinus:
	@test -d "$(CAROLINUS_DATA)/Experimental_Results" || { echo "carolinus: CAROLINUS_DATA=$(CAROLINUS_DATA) is not a clone of peleg-lab/EmergentPeriodicity"; exit 2; }
	$(GO) run ./cmd/carolinus -data $(CAROLINUS_DATA) -out docs/carolinus
