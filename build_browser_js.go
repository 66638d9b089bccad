//go:build !headless

// The browser build: the page's canvas through ebiten in WebAssembly. Its
// flags are the page's URL query; its results are window.fireflies, an
// object the page's scripts (and the tests) read and drive. The headless
// build for js/wasm runs under Node instead (build_headless.go).

package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/firefly-observatory/fireflies/config"
	"github.com/firefly-observatory/fireflies/frame"
	"github.com/firefly-observatory/fireflies/live"
	"github.com/firefly-observatory/fireflies/picture"
	"github.com/firefly-observatory/fireflies/render"
	"github.com/firefly-observatory/fireflies/runner"
)

const build = config.Browser

// commandLine turns the page's URL query into flags, in the query's order:
// ?grid=256x256&seed=7 becomes -grid=256x256 -seed=7, so the URL
// reproduces the run. A query it cannot read fails the run.
func commandLine() []string {
	args, err := config.QueryArgs(js.Global().Get("location").Get("search").String())
	if err != nil {
		fail(err, 2)
	}
	return args
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

// run runs cfg in the page's canvas, publishing window.fireflies.
func run(cfg config.Config) error {
	scale = setResolution(cfg.Resolution)
	opaqueCanvas()
	return render.Run(cfg, render.Frontend{Exit: exit, Publish: publish, CrashAt: crashTick(), Resolution: scale})
}

// scale is the canvas' pixels a display pixel that the page draws at
// (fireflies.resolution), and renderer the WebGL renderer's name.
var (
	scale    = 1.0
	renderer string
)

// SoftwareMegapixels is the canvas size -resolution auto keeps to on a
// software renderer, and SoftwareLeast the least fraction of the display's
// pixels it goes down to (text stays readable).
const (
	SoftwareMegapixels = 0.5
	SoftwareLeast      = 0.5
)

// setResolution makes the canvas draw at want of the display's pixels
// (auto, 0: see -resolution) and returns the fraction. A software renderer
// (SwiftShader, llvmpipe) draws, reads back and composites every canvas
// pixel on the CPU, and the page's frame time follows the canvas' area: at
// 1280×800 an empty ebiten game drew 25 FPS at full resolution and 51 at
// half (docs/performance.md). ebiten sizes its canvas and its screen by
// window.devicePixelRatio, read first once the game runs, so the page
// lowers that; the browser stretches the canvas to the window, and every
// position ebiten reports stays in the window's pixels.
func setResolution(want float64) float64 {
	window := js.Global()
	dpr := window.Get("devicePixelRatio").Float()
	if dpr <= 0 {
		dpr = 1
	}
	name, soft := webGLRenderer()
	renderer = name
	f := want
	if f == 0 {
		f = 1
		if w, h := window.Get("innerWidth").Float()*dpr, window.Get("innerHeight").Float()*dpr; soft && w*h > 0 {
			f = min(1, max(SoftwareLeast, math.Sqrt(SoftwareMegapixels*1e6/(w*h))))
		}
	}
	if f < 1 {
		desc := window.Get("Object").New()
		desc.Set("value", dpr*f)
		desc.Set("configurable", true)
		window.Get("Object").Call("defineProperty", window, "devicePixelRatio", desc)
		fmt.Fprintf(os.Stderr, "fireflies: drawing at %.2f of the display's resolution (renderer %q; ?resolution=1 for full)\n", f, name)
	}
	return f
}

// opaqueCanvas makes the WebGL2 context ebiten asks for opaque and without
// multisampling. ebiten draws each frame into its own textures and copies
// the last one onto the canvas, so the canvas' own antialiasing (WebGL's
// default) only adds a resolve of every pixel each frame, and its alpha a
// blend of the canvas over the page in the compositor; the desktop build
// asks for neither. On a software renderer the two cost about a third of
// a frame: a bare ebiten game at 1280×800 drew 15 FPS with them and 24–33
// without (docs/performance.md).
func opaqueCanvas() {
	wrap := js.Global().Get("Function").New("get", `return function (kind, attr) {
		if (kind === "webgl2") {
			attr = Object.assign({}, attr, {alpha: false, antialias: false});
		}
		return get.call(this, kind, attr);
	};`)
	proto := js.Global().Get("HTMLCanvasElement").Get("prototype")
	proto.Set("getContext", wrap.Invoke(proto.Get("getContext")))
}

// webGLRenderer names the browser's WebGL renderer and says whether it
// is a software one, from a context made and lost at once.
func webGLRenderer() (string, bool) {
	gl := js.Global().Get("document").Call("createElement", "canvas").Call("getContext", "webgl")
	if !gl.Truthy() {
		return "", false
	}
	name := gl.Call("getParameter", gl.Get("RENDERER")).String()
	if info := gl.Call("getExtension", "WEBGL_debug_renderer_info"); info.Truthy() {
		name = gl.Call("getParameter", info.Get("UNMASKED_RENDERER_WEBGL")).String()
	}
	if lose := gl.Call("getExtension", "WEBGL_lose_context"); lose.Truthy() {
		lose.Call("loseContext")
	}
	low := strings.ToLower(name)
	for _, soft := range []string{"swiftshader", "llvmpipe", "softpipe", "software"} {
		if strings.Contains(low, soft) {
			return name, true
		}
	}
	return name, false
}

func command(name string, args []string) error { return analyzeOnly(name, args) }

// crashTick is the tick at which the page panics on purpose, for the
// test of what a crash shows: window.firefliesTestCrashTick, or 0 (never).
func crashTick() int32 {
	if v := js.Global().Get("firefliesTestCrashTick"); v.Type() == js.TypeNumber {
		return int32(v.Int())
	}
	return 0
}

// page is window.fireflies: one object, made at the first publish and
// updated in place, so that publishing allocates little on either side.
var page js.Value

// pageParams is the params object published last, and the settings it
// holds, so that a new one is made (and the URL changed) only when they
// change.
var (
	pageParams js.Value
	pageKey    string
)

// publications counts the publications, for fireflies.published.
var publications int

// publish sets window.fireflies = {fireflies, seed, ticks, tps, fps,
// flashes, r, paused, speed, params, trace_hash, pacemakers, silenced,
// published, summary, overlay, resolution, renderer, layout, screenshot(),
// set({...}), control(a), speed(n), paint({...}), journal()} for people
// and tests to read and drive, all of one tick; published counts the
// publications, so that a reader can wait for the next one, summary is
// the overlay's first lines and overlay all of them.
func publish(r *runner.Run) {
	if page.IsUndefined() {
		page = js.Global().Get("Object").New()
		page.Set("screenshot", js.FuncOf(func(js.Value, []js.Value) any { return screenshot(r) }))
		page.Set("set", js.FuncOf(func(_ js.Value, args []js.Value) any { return jsSet(r, args) }))
		page.Set("control", js.FuncOf(func(_ js.Value, args []js.Value) any {
			return jsDone(r, stringArg(args, 0, func(a string) error { return r.Sess.Control(a) }))
		}))
		page.Set("paint", js.FuncOf(func(_ js.Value, args []js.Value) any { return jsPaint(r, args) }))
		page.Set("journal", js.FuncOf(func(js.Value, []js.Value) any { return string(r.Sess.Journal()) }))
		page.Set("replay", js.FuncOf(func(_ js.Value, args []js.Value) any { return jsReplay(r, args) }))
		// record() starts a GIF of the run, or stops it and returns it as a
		// data URL (the page's Record button downloads it).
		page.Set("record", js.FuncOf(func(js.Value, []js.Value) any {
			if !r.Recording() {
				return jsDone(r, r.StartRecording(""))
			}
			gif, _, _, err := r.StopRecording()
			if err != nil {
				return jsError(err)
			}
			r.Republish = true
			return "data:image/gif;base64," + base64.StdEncoding.EncodeToString(gif)
		}))
		// tour(n) shows the guided tour's chapter n (from 1), or closes it
		// (0); tour_state is what it shows.
		page.Set("tour", js.FuncOf(func(_ js.Value, args []js.Value) any {
			if len(args) == 0 || args[0].Type() != js.TypeNumber {
				return jsError(fmt.Errorf("tour: want a chapter, such as tour(1), or tour(0) to close it"))
			}
			return jsDone(r, r.Sess.Tour(args[0].Int()))
		}))
		// speed is a method and a field at once: speed(n) sets it, speed()
		// reads it, and the function's value is the speed, so that
		// fireflies.speed == 4 holds at ×4 (0 is max).
		speed := js.FuncOf(func(_ js.Value, args []js.Value) any {
			if len(args) == 0 || args[0].IsUndefined() {
				return r.Sess.Speed()
			}
			if args[0].Type() != js.TypeNumber {
				return jsError(fmt.Errorf("speed: got %s, want a number: 1, 2, 4, 8, 16, or 0 for max", args[0].Type()))
			}
			return jsDone(r, r.Sess.SetSpeed(args[0].Int()))
		})
		speed.Value.Set("valueOf", js.FuncOf(func(js.Value, []js.Value) any { return r.Sess.Speed() }))
		page.Set("speed", speed.Value)
		defer js.Global().Set("fireflies", page)
	}
	publications++
	sim := r.Sess.Sim()
	page.Set("fireflies", sim.Model.Fireflies())
	page.Set("seed", float64(sim.Model.Seed))
	page.Set("ticks", float64(sim.Swarm.Tick))
	page.Set("tps", ebiten.ActualTPS())
	page.Set("fps", ebiten.ActualFPS())
	page.Set("flashes", float64(sim.Obs.TotalFlashes))
	page.Set("r", sim.Obs.R)
	// Whether the swarm is in step now, how many times it has been, and
	// when it last fell out (null if never): the status, as the overlay says it.
	page.Set("synced", sim.Obs.InSync)
	page.Set("sync_episodes", sim.Obs.Episodes)
	if t := sim.Obs.LostAt; t >= 0 {
		page.Set("lost_sync_at", t)
	} else {
		page.Set("lost_sync_at", js.Null())
	}
	page.Set("paused", r.Sess.Paused())
	page.Set("recording", r.Recording())
	page.Set("trace_hash", fmt.Sprintf("%016x", sim.Obs.TraceHash))
	page.Set("pacemakers", r.Sess.Pacemakers())
	page.Set("silenced", r.Sess.Silenced())
	page.Set("note", r.Sess.Note())
	publishParams(r)
	frameMs := js.Global().Get("Object").New()
	for name, ms := range r.Shown.FrameMs {
		frameMs.Set(name, ms)
	}
	page.Set("frame_ms", frameMs)
	page.Set("resolution", scale)
	page.Set("renderer", renderer)
	// The layout and the tour's button in the window's (CSS) pixels, where
	// a script's clicks land, whatever the canvas' resolution.
	css := func(r [4]int) []any {
		d := js.Global().Get("devicePixelRatio").Float()
		c := func(v int) any { return math.Round(float64(v) / d) }
		return []any{c(r[0]), c(r[1]), c(r[2]), c(r[3])}
	}
	layout := js.Global().Get("Object").New()
	for name, r := range r.Shown.Layout {
		layout.Set(name, css(r))
	}
	page.Set("layout", layout)
	ts := js.Global().Get("Object").New()
	ts.Set("chapter", r.Shown.Tour.Chapter)
	ts.Set("title", r.Shown.Tour.Title)
	ts.Set("ready", r.Shown.Tour.Ready)
	ts.Set("seen", r.Shown.Tour.Seen)
	ts.Set("of", r.Shown.Tour.Of)
	ts.Set("next", css(r.Shown.Tour.Next))
	page.Set("tour_state", ts)
	page.Set("published", publications)
	// The overlay's first lines, for screen readers: the page mirrors them
	// into an aria-live element.
	lines := strings.SplitN(r.Shown.Text, "\n", 4)
	page.Set("summary", strings.Join(lines[:min(3, len(lines))], "; "))
	page.Set("overlay", r.Shown.Text)
}

// publishParams sets fireflies.params and makes the address follow the
// settings (history.replaceState), so that a copied address starts a new
// run from them. Only a change makes a new object.
func publishParams(r *runner.Run) {
	params := r.Sess.Params()
	var key strings.Builder
	for _, name := range config.LiveFlags {
		key.WriteString(params[name])
		key.WriteByte(0)
	}
	if pageParams.Truthy() && key.String() == pageKey {
		return
	}
	pageKey = key.String()
	pageParams = js.Global().Get("Object").New()
	for _, name := range config.LiveFlags {
		pageParams.Set(name, params[name])
	}
	page.Set("params", pageParams)

	u := js.Global().Get("URL").New(js.Global().Get("location").Get("href"))
	q := u.Get("searchParams")
	def := pageDefaults()
	for _, name := range config.LiveFlags {
		// The rules are left out at their defaults; the model's numbers
		// and the seed are always written, as the refractory time's
		// default follows the period.
		switch name {
		case "preset", "deaf-flashes", "refractory-clock", "start-deaf", "r-from":
			if params[name] == def.Value(name) {
				q.Call("delete", name)
				continue
			}
		}
		q.Call("set", name, params[name])
	}
	js.Global().Get("history").Call("replaceState", js.Null(), "", u.Call("toString"))
}

// pageDefaults is the page's configuration without parameters.
func pageDefaults() config.Config {
	c, _ := config.Parse([]string{"-seed=1"}, config.Browser, io.Discard)
	return c
}

// jsSet is fireflies.set({name: value, ...}): the flags' names and value
// syntax, such as set({nudge: "300ms"}); a number is taken as written.
func jsSet(r *runner.Run, args []js.Value) any {
	if len(args) == 0 || args[0].Type() != js.TypeObject {
		return jsError(fmt.Errorf(`set: want an object of settings, such as set({nudge: "300ms"})`))
	}
	keys := js.Global().Get("Object").Call("keys", args[0])
	for k := range keys.Length() {
		name := keys.Index(k).String()
		v := args[0].Get(name)
		value := v.String()
		if v.Type() == js.TypeNumber || v.Type() == js.TypeBoolean {
			value = js.Global().Call("String", v).String()
		}
		if err := r.Sess.Set(name, value); err != nil {
			return jsError(err)
		}
	}
	return jsDone(r, nil)
}

// jsPaint is fireflies.paint({brush, x, y, radius}): a brush stroke on
// cell (x, y), radius in cells (0 if left out).
func jsPaint(r *runner.Run, args []js.Value) any {
	if len(args) == 0 || args[0].Type() != js.TypeObject {
		return jsError(fmt.Errorf(`paint: want {brush, x, y, radius}, such as paint({brush: "pacemaker", x: 10, y: 5, radius: 2})`))
	}
	o := args[0]
	num := func(name string) (int, error) {
		v := o.Get(name)
		switch {
		case v.IsUndefined() && name == "radius":
			return 0, nil
		case v.Type() != js.TypeNumber:
			return 0, fmt.Errorf("paint: %s: want a whole number of cells", name)
		}
		return v.Int(), nil
	}
	x, err := num("x")
	if err != nil {
		return jsError(err)
	}
	y, err := num("y")
	if err != nil {
		return jsError(err)
	}
	radius, err := num("radius")
	if err != nil {
		return jsError(err)
	}
	return jsDone(r, r.Sess.Paint(o.Get("brush").String(), x, y, radius))
}

func stringArg(args []js.Value, i int, f func(string) error) error {
	if len(args) <= i || args[i].Type() != js.TypeString {
		return fmt.Errorf("control: want one of pause, resume, step, reset, reseed, such as control(\"pause\")")
	}
	return f(args[i].String())
}

// jsDone answers a call: null when it was taken (it applies at the next
// tick, and the next frame publishes it), else an Error saying why.
func jsDone(r *runner.Run, err error) any {
	if err != nil {
		return jsError(err)
	}
	r.Republish = true
	return js.Null()
}

// jsReplay runs a journal's text in the page, as -replay runs a file: its
// flags, its events at their ticks, to its end tick, where the run stops
// (the page stays, showing the last tick). The page's own settings stop
// mattering; a bad journal is an Error naming its line.
func jsReplay(r *runner.Run, args []js.Value) any {
	if len(args) == 0 || args[0].Type() != js.TypeString {
		return jsError(fmt.Errorf("replay: want a journal's text, such as fireflies.journal() returns"))
	}
	j, err := live.ReadJournal(strings.NewReader(args[0].String()), "journal")
	if err != nil {
		return jsError(err)
	}
	s, err := live.NewReplay(r.Cfg, j, nil, true, nil)
	if err != nil {
		return jsError(err)
	}
	r.Replay(s)
	return jsDone(r, nil)
}

func jsError(err error) js.Value { return js.Global().Get("Error").New(err.Error()) }

// screenshot returns the grid as it is now, in the current view, as a PNG
// data URL: one pixel a cell, averaged down to at most 4096 pixels a side.
func screenshot(r *runner.Run) any {
	sim := r.Sess.Sim()
	px := frame.NewPixels(sim)
	px.View = r.Shown.View
	px.Update()
	var b bytes.Buffer
	m := sim.Model
	if err := picture.WritePNG(&b, px.Pix, m.Width, m.Height); err != nil {
		return js.Global().Get("Error").New(err.Error())
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Bytes())
}
