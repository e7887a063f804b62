package badgepdf

import (
	"fmt"
	"strings"
)

// A4 page size in millimetres. Every layout prints on A4 portrait sheets.
const (
	PageWidth  = 210.0
	PageHeight = 297.0
)

// Layout places badges on A4 sheets: Cols×Rows cells of Width×Height mm, the
// first one's top-left corner at (Left, Top), the next ones every
// Width+GapX across and Height+GapY down. All lengths are in millimetres,
// font sizes in points. Values are copied: change a copy freely.
type Layout struct {
	Name        string // lookup key for LayoutByName, e.g. "a6"
	Description string // for help texts and the admin, in FR / EN

	Width, Height float64 // one badge
	Cols, Rows    int     // badges per sheet across and down
	Left, Top     float64 // sheet margin to the first badge
	GapX, GapY    float64 // space between neighbouring badges

	// Padding is the blank border inside each badge: printers do not print
	// to the very edge, and label-sheet die cuts drift by a millimetre.
	Padding float64
	// CutGuides draws hairline outlines around badges cut from plain paper
	// (A6, business cards). Label sheets are pre-cut and need none.
	CutGuides bool
	// FirstNamePt, LastNamePt and OrganisationPt are the largest font sizes;
	// longer texts shrink to fit the width, down to MinPt, then are cut
	// with an ellipsis.
	FirstNamePt, LastNamePt, OrganisationPt, MinPt float64
}

// PerSheet is the number of badges on one A4 sheet.
func (l Layout) PerSheet() int { return l.Cols * l.Rows }

// cell returns the top-left corner of the i-th badge on a sheet (0 ≤ i < PerSheet),
// row by row from the top left.
func (l Layout) cell(i int) (x, y float64) {
	col, row := i%l.Cols, i/l.Cols
	return l.Left + float64(col)*(l.Width+l.GapX), l.Top + float64(row)*(l.Height+l.GapY)
}

// Validate reports whether the layout is usable: positive sizes, and all its
// badges on the A4 sheet.
func (l Layout) Validate() error {
	switch {
	case l.Cols < 1 || l.Rows < 1:
		return fmt.Errorf("badgepdf: layout %q: %d×%d badges per sheet", l.Name, l.Cols, l.Rows)
	case l.Width <= 2*l.Padding || l.Height <= 2*l.Padding || l.Padding < 0:
		return fmt.Errorf("badgepdf: layout %q: badge %.1f×%.1f mm with %.1f mm padding", l.Name, l.Width, l.Height, l.Padding)
	case l.MinPt <= 0 || l.FirstNamePt < l.MinPt || l.LastNamePt < l.MinPt || l.OrganisationPt < l.MinPt:
		return fmt.Errorf("badgepdf: layout %q: font sizes must be at least MinPt > 0", l.Name)
	}
	right, bottom := l.cell(l.PerSheet() - 1)
	right, bottom = right+l.Width, bottom+l.Height
	const slack = 0.01 // rounding in published label dimensions
	if l.Left < 0 || l.Top < 0 || right > PageWidth+slack || bottom > PageHeight+slack {
		return fmt.Errorf("badgepdf: layout %q does not fit on A4: badges reach %.1f×%.1f mm", l.Name, right, bottom)
	}
	return nil
}

// The built-in layouts.
var (
	// A6 is four A6 badges (105×148 mm, portrait) per A4 sheet, for
	// lanyard pouches; cut the sheet in four.
	A6 = Layout{
		Name: "a6", Description: "A6 105×148 mm, 4 par feuille A4 / 4 per A4 sheet",
		Width: 105, Height: 148, Cols: 2, Rows: 2, Left: 0, Top: 0.5,
		Padding: 8, CutGuides: true,
		FirstNamePt: 48, LastNamePt: 30, OrganisationPt: 20, MinPt: 8,
	}
	// BusinessCard is ten 90×54 mm badges (2×5) per A4 sheet, for standard
	// badge holders; cut along the guides or use micro-perforated card stock.
	BusinessCard = Layout{
		Name: "business-card", Description: "Carte de visite / business card 90×54 mm, 2×5 par feuille A4 / per A4 sheet",
		Width: 90, Height: 54, Cols: 2, Rows: 5, Left: 15, Top: 13.5,
		Padding: 4, CutGuides: true,
		FirstNamePt: 28, LastNamePt: 17, OrganisationPt: 11, MinPt: 6,
	}
	// AveryL7163 is the common 14-label sheet (Avery L7163, J8163 and
	// compatibles): 99.1×38.1 mm labels, 2×7, stuck on a lanyard card.
	AveryL7163 = Layout{
		Name: "avery-l7163", Description: "Étiquettes / labels Avery L7163 99,1×38,1 mm, 2×7",
		Width: 99.1, Height: 38.1, Cols: 2, Rows: 7, Left: 4.65, Top: 15.15, GapX: 2.5,
		Padding:     3,
		FirstNamePt: 24, LastNamePt: 15, OrganisationPt: 10, MinPt: 6,
	}
	// AveryL7165 is the 8-label sheet (Avery L7165 and compatibles):
	// 99.1×67.7 mm labels, 2×4, for larger name badges.
	AveryL7165 = Layout{
		Name: "avery-l7165", Description: "Étiquettes / labels Avery L7165 99,1×67,7 mm, 2×4",
		Width: 99.1, Height: 67.7, Cols: 2, Rows: 4, Left: 4.65, Top: 13.1, GapX: 2.5,
		Padding:     4,
		FirstNamePt: 32, LastNamePt: 20, OrganisationPt: 13, MinPt: 6,
	}
)

// Layouts returns the built-in layouts, the default (A6) first.
func Layouts() []Layout {
	return []Layout{A6, BusinessCard, AveryL7163, AveryL7165}
}

// LayoutByName returns the built-in layout with that name (case-insensitive,
// surrounding spaces ignored, "_" accepted for "-"). An unknown name is an
// error that lists the known ones.
func LayoutByName(name string) (Layout, error) {
	key := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), "_", "-")
	var names []string
	for _, l := range Layouts() {
		if l.Name == key {
			return l, nil
		}
		names = append(names, l.Name)
	}
	return Layout{}, fmt.Errorf("badgepdf: unknown layout %q (known: %s)", name, strings.Join(names, ", "))
}
