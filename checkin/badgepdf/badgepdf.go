// Package badgepdf writes print-ready A4 sheets of attendee badges: the first
// name large, the last name, the organisation, and a QR code holding the badge
// code, in one of a few layouts (A6, business cards, label sheets).
//
// Text is set in the Go fonts (golang.org/x/image/font/gofont), embedded as
// Unicode TrueType subsets, so every French accent and ligature ("Éloïse
// Cœur-Dupré") prints and stays intact in the PDF text (copy, search,
// pdftotext). QR codes are drawn as vector squares, sharp at any printer
// resolution.
//
// # Any text
//
// Write takes any text and never panics. Names and organisations are cut
// down to what the embedded fonts can print (see printable): the Go fonts
// cover Latin, Greek and Cyrillic; an emoji (🌸, 🇫🇷, ZWJ sequences), a
// mathematical letter (𝐀), a script they lack (CJK, Arabic, Hebrew) and
// every control or format character (U+202E, which would reverse the text a
// reader extracts) are left out, and the rest of the badge prints. A line
// left empty is not printed; the QR code always is.
//
// The PDF writer is go-pdf/fpdf, which is archived upstream and panics on a
// rune beyond U+FFFF (it sizes its width table for the Basic Multilingual
// Plane) or on invalid UTF-8. It is kept, guarded: it only ever receives
// runes its font has glyphs for, and a panic from it would still come back
// as an error. A maintained writer (signintech/gopdf, pdfcpu) was weighed and
// not taken: the gain would be nil on the badge, since no font we can embed
// at a reasonable size has those glyphs (a CJK font is about 16 MB; colour
// emoji fonts are bitmaps or COLR tables that PDF writers do not render),
// and right-to-left text needs bidi reordering and Arabic shaping that
// neither offers with our fonts. The cost would be rewriting the layout and
// the byte-for-byte determinism for a library with open bugs of its own for
// the same runes. FuzzWrite feeds arbitrary names to every layout and checks
// that Write succeeds and every QR code still reads.
package badgepdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"icebreaker/checkin"
)

// Badge is what one printed badge shows. Code is the content of its QR code:
// a badge code (checkin.NewCode) or an imported ticket barcode.
type Badge struct {
	FirstName, LastName, Organisation, Code string
}

// ErrNoBadges is returned by Write when there is nothing to print.
var ErrNoBadges = errors.New("badgepdf: no badges to print")

const (
	fontFamily = "go"
	ptToMM     = 25.4 / 72
	// lineGap is the space between text lines, as a fraction of the line's size.
	lineGap = 0.25
)

// Write writes badges to w as a PDF of A4 sheets in layout, layout.PerSheet()
// badges a sheet, in order, row by row. Any text is accepted (see the package
// comment for what is printed). It fails, writing nothing, if the layout is
// invalid, if there are no badges, or if a badge has no code or a code too
// long for a QR code. The PDF is deterministic: the same badges and layout
// give the same bytes.
func Write(w io.Writer, badges []Badge, layout Layout) (err error) {
	if err := layout.Validate(); err != nil {
		return err
	}
	if len(badges) == 0 {
		return ErrNoBadges
	}
	qrs := make([][][]bool, len(badges))
	for i, b := range badges {
		if strings.TrimSpace(b.Code) == "" {
			return fmt.Errorf("badgepdf: badge %d (%s %s) has no code", i+1, b.FirstName, b.LastName)
		}
		m, err := checkin.QRModules(b.Code)
		if err != nil {
			return fmt.Errorf("badgepdf: badge %d (%s %s): %w", i+1, b.FirstName, b.LastName, err)
		}
		qrs[i] = m
	}

	current := -1 // the badge being drawn, for the error below; -1: none
	defer func() {
		r := recover() // fpdf is archived: a bug of its must not take the server down
		switch {
		case r == nil:
		case current < 0:
			err = fmt.Errorf("badgepdf: the PDF writer failed: %v", r)
		default:
			err = fmt.Errorf("badgepdf: the PDF writer failed on badge %d (%q %q): %v", current+1, badges[current].FirstName, badges[current].LastName, r)
		}
	}()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true) // resource dictionaries in a stable order: same badges, same bytes
	pdf.SetCreationDate(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	pdf.SetModificationDate(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	pdf.SetCreator("icebreaker", true)
	pdf.SetTitle("Badges", true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	pdf.AddUTF8FontFromBytes(fontFamily, "", goregular.TTF)
	pdf.AddUTF8FontFromBytes(fontFamily, "B", gobold.TTF)

	for i, b := range badges {
		current = i
		slot := i % layout.PerSheet()
		if slot == 0 {
			pdf.AddPage()
		}
		x, y := layout.cell(slot)
		drawBadge(pdf, layout, x, y, b, qrs[i])
	}
	current = -1
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("badgepdf: %w", err)
	}
	var out bytes.Buffer // whole, so that a failure writes nothing to w
	if err := pdf.Output(&out); err != nil {
		return fmt.Errorf("badgepdf: writing the PDF: %w", err)
	}
	if _, err := out.WriteTo(w); err != nil {
		return fmt.Errorf("badgepdf: writing the PDF: %w", err)
	}
	return nil
}

// textLine is one line of text on a badge, before fitting.
type textLine struct {
	text  string
	style string // "" regular, "B" bold
	maxPt float64
}

// drawBadge draws one badge with its top-left corner at (x, y). Landscape
// badges put the QR code on the right and the text, centred vertically, on
// its left; portrait badges put the text at the top and the QR code below.
func drawBadge(pdf *fpdf.Fpdf, l Layout, x, y float64, b Badge, qr [][]bool) {
	if l.CutGuides {
		pdf.SetDrawColor(200, 200, 200)
		pdf.SetLineWidth(0.1)
		pdf.Rect(x, y, l.Width, l.Height, "D")
	}
	lines := []textLine{
		{printable(b.FirstName, "B"), "B", l.FirstNamePt},
		{printable(b.LastName, "B"), "B", l.LastNamePt},
		{printable(b.Organisation, ""), "", l.OrganisationPt},
	}
	p := l.Padding
	pdf.SetTextColor(0, 0, 0)
	if l.Width >= l.Height {
		qrSide := min(l.Height-2*p, 0.4*l.Width)
		textW := l.Width - qrSide - 3*p
		fitted := fitLines(pdf, lines, textW, l.MinPt)
		top := y + (l.Height-blockHeight(fitted))/2
		drawLines(pdf, fitted, x+p, top, textW, false)
		drawQR(pdf, qr, x+l.Width-p-qrSide, y+(l.Height-qrSide)/2, qrSide)
		return
	}
	textW := l.Width - 2*p
	fitted := fitLines(pdf, lines, textW, l.MinPt)
	textH := blockHeight(fitted)
	drawLines(pdf, fitted, x+p, y+p, textW, true)
	qrSide := min(textW, l.Height-textH-3*p)
	qrTop := y + p + textH + p + (l.Height-textH-3*p-qrSide)/2
	drawQR(pdf, qr, x+(l.Width-qrSide)/2, qrTop, qrSide)
}

// fittedLine is a text line with the size and text it is printed with.
type fittedLine struct {
	text  string
	style string
	pt    float64
}

// fitLines sizes each non-empty line to fit width mm: its largest size if it
// fits, else the size that makes it fit (never below minPt), else minPt with
// the text cut and an ellipsis added.
func fitLines(pdf *fpdf.Fpdf, lines []textLine, width, minPt float64) []fittedLine {
	var out []fittedLine
	for _, ln := range lines {
		if ln.text == "" {
			continue
		}
		pdf.SetFont(fontFamily, ln.style, ln.maxPt)
		pt := ln.maxPt
		if w := pdf.GetStringWidth(ln.text); w > width {
			pt = ln.maxPt * width / w * 0.999
		}
		text := ln.text
		if pt < minPt {
			pt = minPt
			pdf.SetFontSize(pt)
			text = truncateToWidth(pdf, text, width)
		}
		out = append(out, fittedLine{text, ln.style, pt})
	}
	return out
}

// truncateToWidth cuts s, in whole runes and never just before a combining
// mark, so that s + "…" fits width mm in the current font: the longest such
// prefix, found by bisection (a prefix is never wider than a longer one).
func truncateToWidth(pdf *fpdf.Fpdf, s string, width float64) string {
	runes := []rune(s)
	cut := func(n int) string { return strings.TrimSpace(string(runes[:n])) + "…" }
	lo, hi := 0, len(runes)-1 // cut(lo) fits or lo is 0; cut(n) for n > hi does not matter
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if pdf.GetStringWidth(cut(mid)) <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	for lo > 0 && unicode.Is(unicode.Mn, runes[lo]) {
		lo--
	}
	if lo == 0 {
		return "…"
	}
	return cut(lo)
}

func blockHeight(lines []fittedLine) float64 {
	h := 0.0
	for i, ln := range lines {
		if i > 0 {
			h += ln.pt * ptToMM * lineGap
		}
		h += ln.pt * ptToMM
	}
	return h
}

// drawLines prints lines from top down, left-aligned at x or centred in width.
func drawLines(pdf *fpdf.Fpdf, lines []fittedLine, x, top, width float64, centred bool) {
	y := top
	for i, ln := range lines {
		size := ln.pt * ptToMM
		if i > 0 {
			y += size * lineGap
		}
		pdf.SetFont(fontFamily, ln.style, ln.pt)
		// The baseline sits at about 80 % of the size for the Go fonts
		// (ascent 0.93 em includes accents; capitals reach 0.73 em).
		baseline := y + 0.8*size
		tx := x
		if centred {
			tx = x + (width-pdf.GetStringWidth(ln.text))/2
		}
		pdf.Text(tx, baseline, ln.text)
		y += size
	}
}

// drawQR draws the module matrix qr (quiet zone included) in black in the
// side×side mm square at (x, y): one rectangle per horizontal run of dark
// modules, all in one path filled once. Filled one by one, abutting
// rectangles leave hairline seams wherever an edge falls inside a device
// pixel (each fill covers that pixel only in part), and at some resolutions
// the seams break the finder patterns: poppler at 100 or 300 dpi, and
// printers do the same. One fill covers the union, without seams.
func drawQR(pdf *fpdf.Fpdf, qr [][]bool, x, y, side float64) {
	module := side / float64(len(qr))
	pdf.SetFillColor(0, 0, 0)
	for row, modules := range qr {
		top, bottom := y+float64(row)*module, y+float64(row+1)*module
		for col := 0; col < len(modules); {
			if !modules[col] {
				col++
				continue
			}
			start := col
			for col < len(modules) && modules[col] {
				col++
			}
			left, right := x+float64(start)*module, x+float64(col)*module
			pdf.MoveTo(left, top)
			pdf.LineTo(right, top)
			pdf.LineTo(right, bottom)
			pdf.LineTo(left, bottom)
			pdf.ClosePath()
		}
	}
	pdf.DrawPath("f") // nonzero winding: every run turns the same way, the union is filled
}
