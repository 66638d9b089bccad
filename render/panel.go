package render

import (
	"image"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ebitenui/ebitenui"
	eimage "github.com/ebitenui/ebitenui/image"
	"github.com/ebitenui/ebitenui/widget"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"github.com/firefly-observatory/fireflies/live"
	"github.com/firefly-observatory/fireflies/systems"
)

// Setting is a setting the panel has a slider for and a key moves: a flag
// of [config.LiveFlags] that changes the running world in place. The
// slider's positions are whole steps; a value between two steps, given on
// the command line, shows as itself in the label and at the nearest step
// on the slider, and is not changed until the slider is moved.
type Setting struct {
	Name  string     // the flag
	Label string     // what the panel calls it
	Key   ebiten.Key // lowers it a step; with Shift, raises it
	Step  time.Duration
	Per   int // a fraction's steps per 1 (glow); 0 for a duration
	Lo    int // the lowest position
	Hi    int // the highest position, less where below the period (Below)
	Below bool
}

// Settings are the panel's sliders, in its order.
var Settings = []Setting{
	{Name: "period", Label: "period", Key: ebiten.KeyE, Step: 50 * time.Millisecond, Lo: 2, Hi: 200},
	{Name: "nudge", Label: "nudge", Key: ebiten.KeyU, Step: 10 * time.Millisecond, Hi: 100},
	{Name: "refractory", Label: "deaf (refractory)", Key: ebiten.KeyD, Step: 10 * time.Millisecond, Hi: 500, Below: true},
	{Name: "jitter", Label: "jitter", Key: ebiten.KeyJ, Step: 5 * time.Millisecond, Hi: 200, Below: true},
	{Name: "glow", Label: "glow", Key: ebiten.KeyG, Per: 20, Lo: 1, Hi: 20},
	{Name: "threshold", Label: "threshold (flashes)", Key: ebiten.KeyL, Per: 1, Lo: 1, Hi: 8},
	{Name: "period-spread", Label: "period spread ±", Key: ebiten.KeyW, Step: 50 * time.Millisecond, Hi: 100, Below: true},
	{Name: "noise", Label: "noise", Key: ebiten.KeyI, Step: 10 * time.Millisecond, Hi: 100},
}

// Choice is a setting the panel has a button for that steps through a
// few of its values, and a key steps too (Shift: backwards). A value not
// in the list, given on the command line, shows as itself until changed.
type Choice struct {
	Name   string // the flag
	Label  string
	Key    ebiten.Key
	Values []string
}

// Choices are the panel's buttons for the model's rules, in its order.
// The response and the threshold change the running world at the next
// tick; the neighbourhood, the edges and the graph give the running
// fireflies new neighbours, keeping their phases.
var Choices = []Choice{
	{Name: "response", Label: "response", Key: ebiten.KeyT, Values: []string{"advance", "fire", "reset", "proportional"}},
	{Name: "neighbours", Label: "neighbours", Key: ebiten.KeyV, Values: []string{"moore", "vonneumann", "radius:2", "radius:3", "radius:5"}},
	{Name: "edges", Label: "edges", Key: ebiten.KeyY, Values: []string{"torus", "free"}},
	{Name: "topology", Label: "graph", Key: ebiten.KeyO, Values: []string{"lattice", "smallworld:0.1", "random:8", "all"}},
	// The clock restarts the world (the session says so): phases kept on
	// whole ticks and phases carried exactly are not the same world.
	{Name: "clock", Label: "clock", Key: ebiten.KeyBackquote, Values: systems.Clocks},
}

// next is the value steps after v in the list; the first (or last) for a
// value not in it.
func (c Choice) next(v string, steps int) string {
	i := slices.Index(c.Values, v)
	n := len(c.Values)
	if i < 0 {
		return c.Values[pick(steps > 0, 0, n-1)]
	}
	return c.Values[((i+steps)%n+n)%n]
}

func setting(name string) Setting {
	return Settings[slices.IndexFunc(Settings, func(s Setting) bool { return s.Name == name })]
}

// read parses a value in the flag's syntax into the setting's unit:
// seconds, or the fraction.
func (s Setting) read(v string) (float64, bool) {
	if s.Per > 0 {
		f, err := strconv.ParseFloat(v, 64)
		return f, err == nil
	}
	d, err := time.ParseDuration(v)
	return d.Seconds(), err == nil
}

// snap is the slider position nearest to v.
func (s Setting) snap(v float64) int {
	if s.Per > 0 {
		return int(math.Round(v * float64(s.Per)))
	}
	return int(math.Round(v / s.Step.Seconds()))
}

// format is position pos as a value in the flag's syntax.
func (s Setting) format(pos int) string {
	if s.Per > 0 {
		return strconv.FormatFloat(float64(pos)/float64(s.Per), 'g', -1, 64)
	}
	return (time.Duration(pos) * s.Step).String()
}

// bounds are the slider's ends for params: within the period if it must
// be below it, and wide enough to hold pos, the value now.
func (s Setting) bounds(params map[string]string, pos int) (lo, hi int) {
	lo, hi = s.Lo, s.Hi
	if s.Below {
		if p, err := time.ParseDuration(params["period"]); err == nil {
			hi = min(hi, int((p-1)/s.Step))
		}
	}
	return min(lo, pos), max(hi, pos)
}

// Panel is the control panel, drawn in the canvas with ebitenui: a slider
// for each of [Settings], the coupling switch, speed, pause or resume,
// step, reset, new seed, the brush, and what the session says. Its values
// are read from [live.Session.Params] every frame, so they show the model
// actually running; its widgets act through [Controls]. It lies beside the
// grid, on its right, where the window has room there, and otherwise over
// the grid's right edge; a button in the top right corner (or C) opens and
// closes it.
type Panel struct {
	// Open: the panel shows. Until the user opens or closes it, it is open
	// where it fits beside the grid and closed where it would cover it.
	Open   bool
	chosen bool

	ctl    *Controls
	src    *text.GoTextFaceSource
	scale  float64 // the device scale factor it was built for
	ui     *ebitenui.UI
	root   *widget.Container
	box    *widget.Container
	toggle *widget.Button
	place  placer
	width  int

	labels   []*widget.Label
	sliders  []*synced
	choices  []*widget.Button
	coupling *widget.Checkbox
	speed    *widget.Label
	speedSl  *synced
	pause    *widget.Button
	step     *widget.Button
	brush    *widget.Button
	radius   *widget.Label
	radiusSl *synced
	status   *widget.Text
	note     string // the session's note last shown
	noteAt   time.Time

	// Rate is the simulated seconds per wall second, from the runner's
	// [live.Pace], for the speed readout.
	Rate float64
	// OnRecord starts or stops a GIF (the game's F9), and Recording says
	// whether one runs, for the button's label.
	OnRecord  func()
	Recording bool
	record    *widget.Button

	// The panel as last drawn, at the screen's coordinates, and when: a
	// frame draws it again only after input or [PanelEvery], and
	// otherwise copies its rectangles from here.
	cache   *ebiten.Image
	drawnAt time.Time
	cursor  image.Point
	keys    []ebiten.Key
	touches []ebiten.TouchID
	// Direct draws the panel straight onto the screen given, as it is
	// now: a screenshot's frame.
	Direct bool
}

// PanelEvery is how often the panel is drawn again while nobody touches
// it: its readouts (the speed's rate, the counts) change no faster.
const PanelEvery = time.Second / 4

var (
	buttonIdle    = color.NRGBA{55, 55, 65, 255}
	buttonHover   = color.NRGBA{80, 80, 95, 255}
	buttonPressed = color.NRGBA{120, 100, 40, 255}
	trackColor    = color.NRGBA{70, 70, 80, 255}
)

// NewPanel builds the panel for ctl's session, its text in src at the
// device scale factor scale.
func NewPanel(src *text.GoTextFaceSource, ctl *Controls, scale float64) *Panel {
	px := func(v float64) int { return int(math.Round(v * scale)) }
	var face text.Face = &text.GoTextFace{Source: src, Size: 13 * scale}
	p := &Panel{ctl: ctl, src: src, scale: scale, width: px(270)}
	ctl.Panel = p
	labelColor := &widget.LabelColor{Idle: textColor, Disabled: dimColor}
	btnText := &widget.ButtonTextColor{Idle: textColor, Disabled: dimColor, Hover: textColor, Pressed: textColor}
	btnImage := &widget.ButtonImage{
		Idle:    eimage.NewNineSliceColor(buttonIdle),
		Hover:   eimage.NewNineSliceColor(buttonHover),
		Pressed: eimage.NewNineSliceColor(buttonPressed),
	}
	stretch := widget.WidgetOpts.LayoutData(widget.RowLayoutData{Stretch: true})
	label := func(s string) *widget.Label {
		return widget.NewLabel(widget.LabelOpts.Text(s, &face, labelColor),
			widget.LabelOpts.TextOpts(widget.TextOpts.WidgetOpts(stretch)))
	}
	button := func(s string, click func()) *widget.Button {
		return widget.NewButton(
			widget.ButtonOpts.Image(btnImage),
			widget.ButtonOpts.Text(s, &face, btnText),
			widget.ButtonOpts.TextPadding(&widget.Insets{Left: px(6), Right: px(6), Top: px(3), Bottom: px(3)}),
			widget.ButtonOpts.DisableDefaultKeys(), // Space and Enter are the run's keys
			widget.ButtonOpts.ClickedHandler(func(*widget.ButtonClickedEventArgs) { click() }),
			widget.ButtonOpts.WidgetOpts(stretch),
		)
	}
	slider := func(changed func(int)) *synced {
		s := &synced{pos: -1}
		s.Slider = widget.NewSlider(
			widget.SliderOpts.Direction(widget.DirectionHorizontal),
			widget.SliderOpts.Images(
				&widget.SliderTrackImage{Idle: eimage.NewNineSliceColor(trackColor), Hover: eimage.NewNineSliceColor(trackColor)},
				&widget.ButtonImage{
					Idle:    eimage.NewNineSliceColor(amberColor),
					Hover:   eimage.NewNineSliceColor(color.NRGBA{255, 220, 120, 255}),
					Pressed: eimage.NewNineSliceColor(color.NRGBA{255, 240, 180, 255}),
				}),
			widget.SliderOpts.FixedHandleSize(px(8)),
			widget.SliderOpts.TrackPadding(widget.NewInsetsSimple(0)),
			widget.SliderOpts.DisableDefaultKeys(true), // the arrows pan the grid
			widget.SliderOpts.PageSizeFunc(func() int { return 1 }),
			widget.SliderOpts.ChangedHandler(func(a *widget.SliderChangedEventArgs) {
				if s.moved(a.Current) {
					changed(a.Current)
				}
			}),
			widget.SliderOpts.WidgetOpts(stretch, widget.WidgetOpts.MinSize(0, px(14))),
		)
		return s
	}

	row := func(bs ...*widget.Button) *widget.Container {
		c := widget.NewContainer(
			widget.ContainerOpts.Layout(widget.NewGridLayout(
				widget.GridLayoutOpts.Columns(len(bs)),
				widget.GridLayoutOpts.DefaultStretch(true, false),
				widget.GridLayoutOpts.Spacing(px(4), 0))),
			widget.ContainerOpts.WidgetOpts(stretch),
		)
		for _, b := range bs {
			c.AddChild(b)
		}
		return c
	}
	p.box = widget.NewContainer(
		widget.ContainerOpts.BackgroundImage(eimage.NewNineSliceColor(panelColor)),
		widget.ContainerOpts.Layout(widget.NewRowLayout(
			widget.RowLayoutOpts.Direction(widget.DirectionVertical),
			widget.RowLayoutOpts.Padding(widget.NewInsetsSimple(px(10))),
			widget.RowLayoutOpts.Spacing(px(4)))),
	)
	p.box.AddChild(label("Controls   (H: every key)"))
	for i, s := range Settings {
		p.labels = append(p.labels, label(s.Label))
		p.sliders = append(p.sliders, slider(func(pos int) {
			if ctl.Set(s.Name, s.format(pos)) != nil {
				p.sliders[i].seen = "" // refused: back to the value running
			}
		}))
		p.box.AddChild(p.labels[i], p.sliders[i])
	}
	p.coupling = widget.NewCheckbox(
		widget.CheckboxOpts.Text("coupling  (K)", &face, labelColor),
		widget.CheckboxOpts.Spacing(px(8)),
		widget.CheckboxOpts.Image(checkboxImage(px(14))),
		widget.CheckboxOpts.DisableDefaultKeys(),
		widget.CheckboxOpts.StateChangedHandler(func(a *widget.CheckboxChangedEventArgs) {
			if (a.State == widget.WidgetChecked) != ctl.Coupled() {
				ctl.ToggleCoupling()
			}
		}),
		widget.CheckboxOpts.WidgetOpts(stretch),
	)
	p.box.AddChild(p.coupling)
	for _, c := range Choices {
		b := button(c.Label, func() { ctl.Cycle(c.Name, 1) })
		p.choices = append(p.choices, b)
		p.box.AddChild(b)
	}
	p.speed = label("speed")
	p.speedSl = slider(func(pos int) { ctl.SetSpeed(live.Speeds[pos]) })
	p.speedSl.Min, p.speedSl.Max = 0, len(live.Speeds)-1
	p.box.AddChild(p.speed, p.speedSl)

	p.pause = button("pause  Space", ctl.TogglePause)
	p.step = button("step  S", ctl.Step)
	p.box.AddChild(row(p.pause, p.step))
	p.box.AddChild(row(button("reset  R", func() { ctl.Do("reset") }), button("new seed  N", func() { ctl.Do("reseed") })))
	p.record = button("record a GIF  F9", func() {
		if p.OnRecord != nil {
			p.OnRecord()
		}
	})
	p.box.AddChild(p.record)
	p.brush = button("brush", func() { ctl.Brush = (ctl.Brush + 1) % len(live.Brushes) })
	p.box.AddChild(label("left drag paints:"), p.brush)
	p.radius = label("radius")
	p.radiusSl = slider(func(pos int) { ctl.Radius = pos })
	p.radiusSl.Min, p.radiusSl.Max = 0, 32
	p.box.AddChild(p.radius, p.radiusSl)
	p.status = widget.NewText(
		widget.TextOpts.Text("", &face, textColor),
		widget.TextOpts.MaxWidth(float64(p.width-px(20))),
		widget.TextOpts.WidgetOpts(stretch),
	)
	p.box.AddChild(p.status)

	p.toggle = button("controls  C", p.Toggle)
	p.root = widget.NewContainer(widget.ContainerOpts.Layout(&p.place))
	p.root.AddChild(p.box, p.toggle)
	p.ui = &ebitenui.UI{Container: p.root, DisableDefaultFocus: true} // Tab is the overlay's key
	return p
}

// checkboxImage is a square box, filled amber when checked.
func checkboxImage(size int) *widget.CheckboxImage {
	box := func(fill color.Color) *eimage.NineSlice {
		img := ebiten.NewImage(size, size)
		img.Fill(textColor)
		inner := ebiten.NewImage(size-4, size-4)
		inner.Fill(fill)
		var op ebiten.DrawImageOptions
		op.GeoM.Translate(2, 2)
		img.DrawImage(inner, &op)
		return eimage.NewFixedNineSlice(img)
	}
	off, on := box(buttonIdle), box(amberColor)
	return &widget.CheckboxImage{
		Unchecked: off, Checked: on, UncheckedHovered: off, CheckedHovered: on,
		UncheckedDisabled: off, CheckedDisabled: on,
	}
}

// synced is a slider that shows a value kept elsewhere (the session's, or
// the brush's radius) and changes it when moved by hand. Setting its
// position makes ebitenui report a change, a frame later: that one, at
// the position last shown, is not a move.
type synced struct {
	*widget.Slider
	pos  int    // the position last shown or moved to
	seen string // the value last shown
}

// show puts the slider at pos if the value v is not the one last shown.
func (s *synced) show(v string, pos int) {
	if v != s.seen {
		s.seen, s.pos, s.Current = v, pos, pos
	}
}

// moved reports whether a change to pos is a move by hand, and takes it.
func (s *synced) moved(pos int) bool {
	if pos == s.pos {
		return false
	}
	s.pos = pos
	return true
}

// Text is what the panel shows, a line a widget, as of its last update
// ("" while closed), for FIREFLIES_DEBUG_OVERLAY and the tests.
func (p *Panel) Text() string {
	if !p.Open {
		return ""
	}
	var b strings.Builder
	for _, l := range p.labels {
		b.WriteString(l.Label + "\n")
	}
	b.WriteString(p.speed.Label + "\n")
	b.WriteString("coupling " + pick(p.coupling.State() == widget.WidgetChecked, "on", "off") + "\n")
	for _, c := range p.choices {
		b.WriteString(c.Text().Label + "\n")
	}
	b.WriteString(p.pause.Text().Label + "\n" + p.brush.Text().Label + "\n" + p.radius.Label + "\n")
	b.WriteString(p.status.Label)
	return b.String()
}

// StepAt is the middle of the step button on the screen as last laid
// out, for tests that click it as a user would.
func (p *Panel) StepAt() image.Point {
	r := p.step.GetWidget().Rect
	return image.Pt((r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2)
}

// AtScale is the panel built for the device scale factor scale (the page
// moved to another screen, or the browser zoomed), open or closed as p
// is; p itself where the scale is the same.
func (p *Panel) AtScale(scale float64) *Panel {
	if scale == p.scale {
		return p
	}
	q := NewPanel(p.src, p.ctl, scale)
	q.Open, q.chosen, q.Rate, q.OnRecord, q.Recording = p.Open, p.chosen, p.Rate, p.OnRecord, p.Recording
	if p.cache != nil {
		p.cache.Deallocate()
	}
	return q
}

// Toggle opens or closes the panel, as the user's choice from then on.
func (p *Panel) Toggle() { p.Open, p.chosen = !p.Open, true }

// Reserve is the room on the right the panel asks the grid to leave it:
// its width while open, where the grid fits beside it.
func (p *Panel) Reserve() float64 {
	if p.Open {
		return float64(p.width)
	}
	return 0
}

// Contains reports whether screen position (x, y) is on the panel or its
// button, where the mouse works the widgets and does not paint.
func (p *Panel) Contains(x, y int) bool {
	if p == nil {
		return false
	}
	pt := image.Pt(x, y)
	return pt.In(p.place.rects[1]) || (p.Open && pt.In(p.place.rects[0]))
}

// Update follows the session (the values shown are the params running)
// and handles the panel's input: call it first in the frontend's update,
// so that a click on the panel is the panel's.
func (p *Panel) Update() {
	sess, ctl := p.ctl.Sess, p.ctl
	params := sess.Params()
	for i, s := range Settings {
		v := params[s.Name]
		f, _ := s.read(v)
		pos := s.snap(f)
		sl := p.sliders[i]
		sl.Min, sl.Max = s.bounds(params, pos)
		sl.show(v, pos)
		p.labels[i].Label = s.Label + "  " + v + "   " + keyName(s.Key)
	}
	for i, c := range Choices {
		p.choices[i].SetText(c.Label + ": " + params[c.Name] + "   " + keyName(c.Key))
	}
	if c := ctl.Coupled(); c != (p.coupling.State() == widget.WidgetChecked) {
		p.coupling.SetState(pick(c, widget.WidgetChecked, widget.WidgetUnchecked))
	}
	p.speedSl.show(strconv.Itoa(sess.Speed()), slices.Index(live.Speeds, sess.Speed()))
	p.speed.Label = "speed " + SpeedName(sess.Speed()) + "  " + strconv.FormatFloat(p.Rate, 'f', 1, 64) + " sim s/s   1-6 [ ]"
	p.pause.SetText(pick(sess.Paused(), "resume  Space", "pause  Space"))
	p.record.SetText(pick(p.Recording, "stop and save the GIF  F9", "record a GIF  F9"))
	p.brush.SetText(live.Brushes[ctl.Brush] + "  B")
	p.radiusSl.Max = max(p.radiusSl.Max, ctl.Radius)
	p.radiusSl.show(strconv.Itoa(ctl.Radius), ctl.Radius)
	p.radius.Label = "radius " + strconv.Itoa(ctl.Radius) + " cells   Z X"
	if n := sess.Note(); n != p.note {
		p.note, p.noteAt = n, time.Now()
	}
	var b strings.Builder
	b.WriteString("seed " + params["seed"] + "   grid " + params["grid"])
	b.WriteString("\npacemakers " + strconv.Itoa(sess.Pacemakers()) + "   silenced " + strconv.Itoa(sess.Silenced()))
	if p.note != "" && time.Since(p.noteAt) < 8*time.Second {
		b.WriteString("\n" + p.note)
	}
	if ctl.Err != "" && time.Since(ctl.ErrAt) < 8*time.Second {
		b.WriteString("\n" + ctl.Err)
	}
	p.status.Label = b.String()
	p.box.GetWidget().SetVisibility(pick(p.Open, widget.Visibility_Show, widget.Visibility_Hide))
	p.toggle.SetText(pick(p.Open, "hide  C", "controls  C"))
	p.ui.Update()
}

// Follow opens the panel where it fits beside the grid and closes it
// where it would cover it, until the user has chosen: call it before the
// grid is drawn, with the camera placed on the screen of the last frame.
func (p *Panel) Follow(cam *Camera) {
	if !p.chosen && cam.sw > 0 {
		p.Open = cam.Beside(float64(p.width))
	}
	cam.Inset = p.Reserve()
}

// Draw places the panel for the screen and the grid where cam puts it,
// and draws it.
func (p *Panel) Draw(screen *ebiten.Image, cam *Camera) {
	sw, sh := screen.Bounds().Dx(), screen.Bounds().Dy()
	bw, bh := p.toggle.PreferredSize()
	toggle := image.Rect(sw-bw, 0, sw, bh)
	_, h := p.box.PreferredSize()
	ox, _ := cam.origin()
	right := int(math.Ceil(ox + cam.gw*cam.Zoom)) // the grid's right edge
	x := sw - p.width
	if sw-right >= p.width {
		x = right // beside the grid
	}
	box := image.Rect(x, bh, x+p.width, min(sh, bh+h))
	moved := p.place.rects[0] != box || p.place.rects[1] != toggle
	if moved {
		p.place.rects = [2]image.Rectangle{box, toggle}
		p.root.RequestRelayout()
	}
	if p.Direct {
		p.ui.Draw(screen)
		return
	}
	if p.cache == nil || p.cache.Bounds().Size() != screen.Bounds().Size() {
		if p.cache != nil {
			p.cache.Deallocate()
		}
		p.cache = ebiten.NewImage(sw, sh)
		moved = true
	}
	rects := []image.Rectangle{toggle}
	if p.Open {
		rects = append(rects, box)
	}
	if moved || p.touched() || time.Since(p.drawnAt) >= PanelEvery {
		for _, r := range rects {
			p.cache.SubImage(r).(*ebiten.Image).Clear()
		}
		p.ui.Draw(p.cache)
		p.drawnAt = time.Now()
	}
	for _, r := range rects {
		var op ebiten.DrawImageOptions
		op.GeoM.Translate(float64(r.Min.X), float64(r.Min.Y))
		screen.DrawImage(p.cache.SubImage(r).(*ebiten.Image), &op)
	}
}

// touched reports whether the pointer moved or a button or key is down
// since the last frame: the panel shows hovers, presses and drags at once.
func (p *Panel) touched() bool {
	x, y := ebiten.CursorPosition()
	at := image.Pt(x, y)
	moved := at != p.cursor
	p.cursor = at
	p.keys = inpututil.AppendPressedKeys(p.keys[:0])
	_, wy := ebiten.Wheel()
	p.touches = ebiten.AppendTouchIDs(p.touches[:0])
	return moved || len(p.keys) > 0 || wy != 0 ||
		ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft) || ebiten.IsMouseButtonPressed(ebiten.MouseButtonRight) ||
		len(p.touches) > 0
}

// placer lays out the panel's root: the panel and its button, each where
// [Panel.Draw] worked out.
type placer struct{ rects [2]image.Rectangle }

func (l *placer) PreferredSize([]widget.PreferredSizeLocateableWidget) (int, int) { return 0, 0 }

func (l *placer) Layout(ws []widget.PreferredSizeLocateableWidget, _ image.Rectangle) {
	for i, w := range ws {
		w.SetLocation(l.rects[i])
	}
}

// SpeedName is ×n, or max.
func SpeedName(speed int) string {
	if speed == 0 {
		return "max"
	}
	return "×" + strconv.Itoa(speed)
}

// keyName is how the panel and the help card write a setting's key.
// (lower case lowers, upper case raises).
func keyName(k ebiten.Key) string {
	n := strings.TrimPrefix(k.String(), "Key")
	return strings.ToLower(n) + "/" + n
}
