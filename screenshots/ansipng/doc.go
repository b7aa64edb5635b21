// Package ansipng turns the text of a terminal screen, with its SGR colour and attribute
// escapes (what `tmux capture-pane -e -p` prints), into a PNG picture.
//
// It is the renderer behind zdops's screenshots: Parse reads the escapes into a Grid of
// cells, and a Renderer draws the grid with DejaVu Sans Mono (DejaVu Sans for the glyphs the
// mono font lacks), drawing box-drawing lines and block elements geometrically so that
// borders join and the progress bar is solid. Parsing needs no fonts; drawing does.
package ansipng
