// Package badgepdf writes print-ready A4 sheets of attendee badges: the first
// name large, the last name, the organisation, and a QR code holding the badge
// code, in one of a few layouts (A6, business cards, label sheets).
//
// Text is set in the Go fonts (golang.org/x/image/font/gofont), embedded as
// Unicode TrueType subsets, so every French accent and ligature ("Éloïse
// Cœur-Dupré") prints and stays intact in the PDF text (copy, search,
// pdftotext). QR codes are drawn as vector squares, sharp at any printer
// resolution.
package badgepdf

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

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
// badges a sheet, in order, row by row. It fails, writing nothing, if the
// layout is invalid, if there are no badges, or if a badge has no code or a
// code too long for a QR code. The PDF is deterministic: the same badges and
// layout give the same bytes.
func Write(w io.Writer, badges []Badge, layout Layout) error {
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
		slot := i % layout.PerSheet()
		if slot == 0 {
			pdf.AddPage()
		}
		x, y := layout.cell(slot)
		drawBadge(pdf, layout, x, y, b, qrs[i])
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("badgepdf: %w", err)
	}
	if err := pdf.Output(w); err != nil {
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
		{strings.TrimSpace(b.FirstName), "B", l.FirstNamePt},
		{strings.TrimSpace(b.LastName), "B", l.LastNamePt},
		{strings.TrimSpace(b.Organisation), "", l.OrganisationPt},
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

// truncateToWidth cuts s, in whole runes, so that s + "…" fits width mm in the
// current font.
func truncateToWidth(pdf *fpdf.Fpdf, s string, width float64) string {
	runes := []rune(s)
	for n := len(runes) - 1; n > 0; n-- {
		cut := strings.TrimSpace(string(runes[:n])) + "…"
		if pdf.GetStringWidth(cut) <= width {
			return cut
		}
	}
	return "…"
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

// drawQR draws the module matrix qr (quiet zone included) as black squares in
// the side×side mm square at (x, y), one rectangle per horizontal run of dark
// modules to keep the PDF small.
func drawQR(pdf *fpdf.Fpdf, qr [][]bool, x, y, side float64) {
	module := side / float64(len(qr))
	pdf.SetFillColor(0, 0, 0)
	for row, modules := range qr {
		for col := 0; col < len(modules); {
			if !modules[col] {
				col++
				continue
			}
			start := col
			for col < len(modules) && modules[col] {
				col++
			}
			pdf.Rect(x+float64(start)*module, y+float64(row)*module, float64(col-start)*module, module, "F")
		}
	}
}
