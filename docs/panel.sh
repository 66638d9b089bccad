#!/bin/sh
# panel.sh BIN OUT.png: the README's picture of the control panel, made by
# the window itself (run under an X server: make docs uses Xvfb). The
# window is made wide enough for the panel to sit beside the grid; a row
# of pacemakers and a silenced hole are painted with real mouse drags, and
# the run goes ×16 to t = 40 s, when -screenshot keeps its last frame.
set -e
bin=$1
out=$2
"$bin" -grid 160x140 -seed 7 -nudge 300ms -duration 40s -screenshot "$out" &
pid=$!
id=$(xdotool search --sync --name '^fireflies' | head -1)
xdotool windowsize --sync "$id" 1100 760
sleep 1
xdotool windowfocus --sync "$id"
# Each key is held for a few frames, so that a slow frame cannot miss it.
tap() {
	for k in "$@"; do
		xdotool keydown "$k"
		sleep 0.2
		xdotool keyup "$k"
		sleep 0.1
	done
}
# The grid is 5 pixels a cell from (15, 30): cell (x, y) is at 15+5x, 30+5y.
tap b b x x # the pacemaker brush, radius 4
xdotool mousemove --window "$id" 217 282 mousedown 1
for x in 237 257 277 297 317 337; do
	sleep 0.2
	xdotool mousemove --window "$id" "$x" 282
done
sleep 0.2
xdotool mouseup 1
tap b x x # the silence brush, radius 6
xdotool mousemove --window "$id" 567 382 mousedown 1
sleep 0.3
xdotool mouseup 1
tap 5 # ×16
xdotool mousemove --window "$id" 277 283 # the readout of a pacemaker
wait "$pid"
