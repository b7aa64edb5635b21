package ansipng

import (
	"image"
	"image/color"
	"math"
)

// Box-drawing characters (U+2500-U+257F) and block elements (U+2580-U+259F) are drawn as
// geometry rather than glyphs: a font's lines rarely reach the cell's edges exactly, and
// then borders show gaps and a progress bar shows seams. Straight lines are whole pixels;
// arcs and diagonals are antialiased.

// Arm weights: none, light, heavy, double.
const (
	armNone = iota
	armLight
	armHeavy
	armDouble
)

// boxArms holds, for U+2500-U+257F, the weight of each arm as four digits: up, right,
// down, left. The dashed lines, arcs and diagonals ("") are drawn by their own code.
var boxArms = [0x80]string{
	"0101", "0202", "1010", "2020", "", "", "", "", "", "", "", "", // ─━│┃ ┄┅┆┇┈┉┊┋
	"0110", "0210", "0120", "0220", // ┌┍┎┏
	"0011", "0012", "0021", "0022", // ┐┑┒┓
	"1100", "1200", "2100", "2200", // └┕┖┗
	"1001", "1002", "2001", "2002", // ┘┙┚┛
	"1110", "1210", "2110", "1120", "2120", "2210", "1220", "2220", // ├┝┞┟┠┡┢┣
	"1011", "1012", "2011", "1021", "2021", "2012", "1022", "2022", // ┤┥┦┧┨┩┪┫
	"0111", "0112", "0211", "0212", "0121", "0122", "0221", "0222", // ┬┭┮┯┰┱┲┳
	"1101", "1102", "1201", "1202", "2101", "2102", "2201", "2202", // ┴┵┶┷┸┹┺┻
	"1111", "1112", "1211", "1212", "2111", "1121", "2121", // ┼┽┾┿╀╁╂
	"2112", "2211", "1122", "1221", "2212", "1222", "2122", "2221", "2222", // ╃╄╅╆╇╈╉╊╋
	"", "", "", "", // ╌╍╎╏
	"0303", "3030", // ═║
	"0310", "0130", "0330", // ╒╓╔
	"0013", "0031", "0033", // ╕╖╗
	"1300", "3100", "3300", // ╘╙╚
	"1003", "3001", "3003", // ╛╜╝
	"1310", "3130", "3330", // ╞╟╠
	"1013", "3031", "3033", // ╡╢╣
	"0313", "0131", "0333", // ╤╥╦
	"1303", "3101", "3303", // ╧╨╩
	"1313", "3131", "3333", // ╪╫╬
	"", "", "", "", "", "", "", // ╭╮╯╰╱╲╳
	"0001", "1000", "0100", "0010", "0002", "2000", "0200", "0020", // ╴╵╶╷╸╹╺╻
	"0201", "1020", "0102", "2010", // ╼╽╾╿
}

// isGeometric says whether r is drawn by drawGeometric rather than from a font.
func isGeometric(r rune) bool {
	return r >= 0x2500 && r <= 0x259f
}

// lines are the stroke sizes for one cell size.
type lines struct {
	light, heavy, gap int // gap: distance from the centre line to each stroke of a double line
}

func lineSizes(cellW int) lines {
	light := max(1, (cellW+4)/9)
	return lines{light: light, heavy: max(light+1, light*2), gap: light + 1}
}

// drawGeometric draws the box-drawing or block character r in the cell at rect.
func drawGeometric(img *image.RGBA, rect image.Rectangle, r rune, fg, bg color.RGBA, ls lines) {
	switch {
	case r >= 0x2580:
		drawBlock(img, rect, r, fg, bg)
	case boxArms[r-0x2500] != "":
		a := boxArms[r-0x2500]
		drawArms(img, rect, [4]int{int(a[0] - '0'), int(a[1] - '0'), int(a[2] - '0'), int(a[3] - '0')}, fg, ls)
	case r >= 0x256d && r <= 0x2570:
		drawArc(img, rect, r, fg, bg, ls)
	case r >= 0x2571 && r <= 0x2573:
		drawDiagonal(img, rect, r, fg, bg, ls)
	default:
		drawDashes(img, rect, r, fg, ls)
	}
}

// lo is how far a stroke of thickness t reaches before its centre pixel, so that a stroke
// centred on c covers [c-lo(t), c-lo(t)+t).
func lo(t int) int { return t / 2 }

func fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.SetRGBA(x, y, c)
		}
	}
}

// stroke is one line across the cell's centre: its centre coordinate and thickness.
type stroke struct{ c, t int }

// strokes returns the strokes of an arm of weight w around centre c.
func (ls lines) strokes(w, c int) []stroke {
	switch w {
	case armLight:
		return []stroke{{c, ls.light}}
	case armHeavy:
		return []stroke{{c, ls.heavy}}
	case armDouble:
		return []stroke{{c - ls.gap, ls.light}, {c + ls.gap, ls.light}}
	}
	return nil
}

// drawArms draws the arms up, right, down, left of a box-drawing character. Each stroke
// of an arm runs from the cell's edge to the perpendicular stroke it meets: past it when
// the lines cross, to its near side when it ends there, which is what makes double-line
// corners and tees look drawn by hand.
func drawArms(img *image.RGBA, rect image.Rectangle, arms [4]int, fg color.RGBA, ls lines) {
	const up, right, down, left = 0, 1, 2, 3
	w, h := rect.Dx(), rect.Dy()
	cx, cy := rect.Min.X+w/2, rect.Min.Y+h/2
	for arm, weight := range arms {
		if weight == armNone {
			continue
		}
		horizontal := arm == left || arm == right
		centre, perpCentre := cy, cx
		perpA, perpB := arms[up], arms[down] // the perpendicular arms: first the side nearer 0
		if !horizontal {
			centre, perpCentre = cx, cy
			perpA, perpB = arms[left], arms[right]
		}
		opposite := arms[(arm+2)%4]
		towardEnd := arm == right || arm == down // the arm runs from the centre to the far edge
		for _, s := range ls.strokes(weight, centre) {
			p := ls.meets(weight, s.c-centre, perpA, perpB, opposite, perpCentre, towardEnd, s.t)
			edgeMin, edgeMax := rect.Min.Y, rect.Max.Y
			if horizontal {
				edgeMin, edgeMax = rect.Min.X, rect.Max.X
			}
			span := [2]int{edgeMin, p.c - lo(p.t) + p.t} // along the arm
			if towardEnd {
				span = [2]int{p.c - lo(p.t), edgeMax}
			}
			across := [2]int{s.c - lo(s.t), s.c - lo(s.t) + s.t}
			var r image.Rectangle
			if horizontal {
				r = image.Rect(span[0], across[0], span[1], across[1])
			} else {
				r = image.Rect(across[0], span[0], across[1], span[1])
			}
			fill(img, r.Intersect(rect), fg)
		}
	}
}

// meets returns the perpendicular stroke that one stroke of an arm ends at. side is the
// stroke's offset from the centre (negative: towards the perpendicular arm A).
func (ls lines) meets(weight, side, perpA, perpB, opposite, perpCentre int, towardEnd bool, own int) stroke {
	if perpA == armNone && perpB == armNone {
		return stroke{perpCentre, own} // a straight line or a half line: meet at the centre
	}
	if perpA != armDouble && perpB != armDouble {
		return stroke{perpCentre, max(ls.thickness(perpA), ls.thickness(perpB))}
	}
	var near bool
	if weight == armDouble {
		// A double arm's stroke stops at the near perpendicular stroke when an arm leaves on
		// its side (the inner corner), and runs to the far one when none does (the outer line).
		near = (side < 0 && perpA != armNone) || (side > 0 && perpB != armNone)
	} else {
		// A single line stops at a double line it only touches (╟), and crosses one it
		// turns into or passes through (╓, ╫).
		near = perpA != armNone && perpB != armNone && opposite == armNone
	}
	// near means the perpendicular stroke on the arm's own side of the centre.
	if near != towardEnd {
		return stroke{perpCentre - ls.gap, ls.light}
	}
	return stroke{perpCentre + ls.gap, ls.light}
}

func (ls lines) thickness(w int) int {
	switch w {
	case armHeavy:
		return ls.heavy
	case armLight, armDouble:
		return ls.light
	}
	return 0
}

// drawDashes draws ┄┅┆┇┈┉┊┋ and ╌╍╎╏: two, three or four dashes along the cell.
func drawDashes(img *image.RGBA, rect image.Rectangle, r rune, fg color.RGBA, ls lines) {
	var n int
	var heavy, vertical bool
	switch {
	case r >= 0x2504 && r <= 0x250b:
		i := int(r - 0x2504)
		n, heavy, vertical = 3+i/4, i%2 == 1, i/2%2 == 1
	case r >= 0x254c && r <= 0x254f:
		i := int(r - 0x254c)
		n, heavy, vertical = 2, i%2 == 1, i/2 == 1
	default:
		return
	}
	t := ls.light
	if heavy {
		t = ls.heavy
	}
	w, h := rect.Dx(), rect.Dy()
	cx, cy := rect.Min.X+w/2, rect.Min.Y+h/2
	length := w
	if vertical {
		length = h
	}
	for i := range n {
		a, b := i*length/n, (i+1)*length/n
		gap := max(1, (b-a)/4)
		a, b = a+gap/2, b-(gap-gap/2)
		if vertical {
			fill(img, image.Rect(cx-lo(t), rect.Min.Y+a, cx-lo(t)+t, rect.Min.Y+b), fg)
		} else {
			fill(img, image.Rect(rect.Min.X+a, cy-lo(t), rect.Min.X+b, cy-lo(t)+t), fg)
		}
	}
}

// coverage draws a shape given as a distance: every pixel is sampled 4x4 times, and a
// sample within half the thickness of the shape's centre line counts as covered.
func coverage(img *image.RGBA, rect image.Rectangle, fg, bg color.RGBA, half float64, dist func(x, y float64) float64) {
	const n = 4
	for py := rect.Min.Y; py < rect.Max.Y; py++ {
		for px := rect.Min.X; px < rect.Max.X; px++ {
			hits := 0
			for sy := range n {
				for sx := range n {
					x := float64(px) + (float64(sx)+0.5)/n
					y := float64(py) + (float64(sy)+0.5)/n
					if dist(x, y) < half {
						hits++
					}
				}
			}
			if hits > 0 && image.Pt(px, py).In(img.Bounds()) {
				under := img.RGBAAt(px, py)
				if under.A == 0 {
					under = bg
				}
				img.SetRGBA(px, py, mix(fg, under, float64(hits)/(n*n)))
			}
		}
	}
}

// segmentDist is the distance from (x, y) to the segment (ax, ay)-(bx, by).
func segmentDist(x, y, ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	l := dx*dx + dy*dy
	t := 0.0
	if l > 0 {
		t = math.Max(0, math.Min(1, ((x-ax)*dx+(y-ay)*dy)/l))
	}
	return math.Hypot(x-(ax+t*dx), y-(ay+t*dy))
}

// drawArc draws the rounded corners ╭╮╯╰: straight light lines from two edges joined by a
// quarter circle, on the same centre lines as ─ and │ so that they join them exactly.
func drawArc(img *image.RGBA, rect image.Rectangle, r rune, fg, bg color.RGBA, ls lines) {
	t := ls.light
	w, h := rect.Dx(), rect.Dy()
	// The centre lines of ─ and │ in this cell, in continuous coordinates.
	cx := float64(rect.Min.X+w/2-lo(t)) + float64(t)/2
	cy := float64(rect.Min.Y+h/2-lo(t)) + float64(t)/2
	radius := float64(min(w, h)) / 2
	// dirX, dirY: where the horizontal and vertical arms go (+1 right/down, -1 left/up).
	dirX, dirY := 1.0, 1.0
	switch r {
	case 0x256e: // ╮
		dirX = -1
	case 0x256f: // ╯
		dirX, dirY = -1, -1
	case 0x2570: // ╰
		dirY = -1
	}
	edgeX := float64(rect.Max.X) + 1
	if dirX < 0 {
		edgeX = float64(rect.Min.X) - 1
	}
	edgeY := float64(rect.Max.Y) + 1
	if dirY < 0 {
		edgeY = float64(rect.Min.Y) - 1
	}
	ox, oy := cx+dirX*radius, cy+dirY*radius // the circle's centre
	coverage(img, rect, fg, bg, float64(t)/2, func(x, y float64) float64 {
		d := math.Min(segmentDist(x, y, ox, cy, edgeX, cy), segmentDist(x, y, cx, oy, cx, edgeY))
		// The quarter circle lies where the point is on the centre's side of both arms.
		if (x-ox)*dirX <= 0 && (y-oy)*dirY <= 0 {
			d = math.Min(d, math.Abs(math.Hypot(x-ox, y-oy)-radius))
		}
		return d
	})
}

// drawDiagonal draws ╱, ╲ and ╳ from corner to corner.
func drawDiagonal(img *image.RGBA, rect image.Rectangle, r rune, fg, bg color.RGBA, ls lines) {
	x0, y0, x1, y1 := float64(rect.Min.X), float64(rect.Min.Y), float64(rect.Max.X), float64(rect.Max.Y)
	coverage(img, rect, fg, bg, float64(ls.light)/2+0.15, func(x, y float64) float64 {
		d := math.Inf(1)
		if r != 0x2572 {
			d = segmentDist(x, y, x1, y0, x0, y1) // ╱
		}
		if r != 0x2571 {
			d = math.Min(d, segmentDist(x, y, x0, y0, x1, y1)) // ╲
		}
		return d
	})
}

// drawBlock draws the block elements: eighths from the bottom and from the left, halves,
// quadrants, and the three shades (drawn as the foreground mixed into the background, as a
// flat tone rather than a dot pattern).
func drawBlock(img *image.RGBA, rect image.Rectangle, r rune, fg, bg color.RGBA) {
	x0, y0, x1, y1 := rect.Min.X, rect.Min.Y, rect.Max.X, rect.Max.Y
	w, h := rect.Dx(), rect.Dy()
	mx, my := x0+(w+1)/2, y0+(h+1)/2
	eighthH := func(k int) int { return (h*k + 4) / 8 }
	eighthW := func(k int) int { return (w*k + 4) / 8 }
	quads := func(ul, ur, ll, lr bool) {
		for _, q := range []struct {
			on bool
			r  image.Rectangle
		}{
			{ul, image.Rect(x0, y0, mx, my)}, {ur, image.Rect(mx, y0, x1, my)},
			{ll, image.Rect(x0, my, mx, y1)}, {lr, image.Rect(mx, my, x1, y1)},
		} {
			if q.on {
				fill(img, q.r, fg)
			}
		}
	}
	switch {
	case r == 0x2580: // ▀
		fill(img, image.Rect(x0, y0, x1, my), fg)
	case r >= 0x2581 && r <= 0x2588: // ▁▂▃▄▅▆▇█
		fill(img, image.Rect(x0, y1-eighthH(int(r-0x2580)), x1, y1), fg)
	case r >= 0x2589 && r <= 0x258f: // ▉▊▋▌▍▎▏
		fill(img, image.Rect(x0, y0, x0+eighthW(int(0x2590-r)), y1), fg)
	case r == 0x2590: // ▐
		fill(img, image.Rect(mx, y0, x1, y1), fg)
	case r >= 0x2591 && r <= 0x2593: // ░▒▓
		fill(img, rect, mix(fg, bg, float64(r-0x2590)/4))
	case r == 0x2594: // ▔
		fill(img, image.Rect(x0, y0, x1, y0+eighthH(1)), fg)
	case r == 0x2595: // ▕
		fill(img, image.Rect(x1-eighthW(1), y0, x1, y1), fg)
	case r == 0x2596:
		quads(false, false, true, false) // ▖
	case r == 0x2597:
		quads(false, false, false, true) // ▗
	case r == 0x2598:
		quads(true, false, false, false) // ▘
	case r == 0x2599:
		quads(true, false, true, true) // ▙
	case r == 0x259a:
		quads(true, false, false, true) // ▚
	case r == 0x259b:
		quads(true, true, true, false) // ▛
	case r == 0x259c:
		quads(true, true, false, true) // ▜
	case r == 0x259d:
		quads(false, true, false, false) // ▝
	case r == 0x259e:
		quads(false, true, true, false) // ▞
	case r == 0x259f:
		quads(false, true, true, true) // ▟
	}
}
