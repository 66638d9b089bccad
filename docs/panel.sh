#!/bin/sh
# panel.sh BIN OUT.png: the README's picture of the control panel, made by
# the window itself (run under an X server: make docs uses Xvfb). The
# window is made wide enough for the overlay and the panel to sit beside
# the grid; a row of pacemakers and a silenced hole are painted with real
# mouse drags, and the run goes ×16 to t = 40 s, when -screenshot keeps
# its last frame. Where the grid lies is read from the window's own
# layout line (FIREFLIES_DEBUG_OVERLAY), so the cells hit are the ones
# meant whatever the layout.
set -e
bin=$1
out=$2
log=$(mktemp)
FIREFLIES_DEBUG_OVERLAY=$log "$bin" -grid 160x140 -seed 7 -nudge 300ms -duration 40s -screenshot "$out" &
pid=$!
id=$(xdotool search --sync --name '^fireflies' | head -1)
xdotool windowsize --sync "$id" 1400 760
sleep 1.5
xdotool windowfocus --sync "$id"
# The grid is 5 pixels a cell from its corner (gx, gy): cell (x, y) is
# at gx+5x+2, gy+5y+2.
g=$(grep -o '"Grid":\[[0-9]*,[0-9]*' "$log" | tail -1 | tr -dc '0-9,')
gx=${g%,*}
gy=${g#*,}
cell() { xdotool mousemove --window "$id" $((gx + 5 * $1 + 2)) $((gy + 5 * $2 + 2)); }
# Each key is held for a few frames, so that a slow frame cannot miss it.
tap() {
	for k in "$@"; do
		xdotool keydown "$k"
		sleep 0.2
		xdotool keyup "$k"
		sleep 0.1
	done
}
tap b b x x # the pacemaker brush, radius 4
cell 40 50
xdotool mousedown 1
for x in 44 48 52 56 60 64; do
	sleep 0.2
	cell "$x" 50
done
sleep 0.2
xdotool mouseup 1
tap b x x # the silence brush, radius 6
cell 110 70
xdotool mousedown 1
sleep 0.3
xdotool mouseup 1
tap 5 # ×16
cell 52 50 # the readout of a pacemaker
wait "$pid"
rm -f "$log"
