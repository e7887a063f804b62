package badgepdf

import (
	"strings"
	"testing"
)

func TestLayouts_AreValidAndMatchTheirPaper(t *testing.T) {
	tests := []struct {
		layout     Layout
		w, h       float64
		cols, rows int
	}{
		{A6, 105, 148, 2, 2},
		{BusinessCard, 90, 54, 2, 5},
		{AveryL7163, 99.1, 38.1, 2, 7},
		{AveryL7165, 99.1, 67.7, 2, 4},
	}
	if len(Layouts()) != len(tests) {
		t.Fatalf("Layouts() has %d layouts, this test knows %d", len(Layouts()), len(tests))
	}
	for _, tt := range tests {
		l := tt.layout
		t.Run(l.Name, func(t *testing.T) {
			if err := l.Validate(); err != nil {
				t.Fatal(err)
			}
			if l.Width != tt.w || l.Height != tt.h || l.Cols != tt.cols || l.Rows != tt.rows {
				t.Errorf("%s is %v×%v mm, %d×%d", l.Name, l.Width, l.Height, l.Cols, l.Rows)
			}
			// Label sheets are centred on A4: equal side margins.
			right, bottom := l.cell(l.PerSheet() - 1)
			if d := (PageWidth - right - l.Width) - l.Left; d > 0.01 || d < -0.01 {
				t.Errorf("left margin %.2f, right margin %.2f", l.Left, PageWidth-right-l.Width)
			}
			if bottom+l.Height > PageHeight {
				t.Errorf("last row ends at %.2f mm", bottom+l.Height)
			}
		})
	}
}

func TestLayoutByName(t *testing.T) {
	tests := []struct {
		name, want string
	}{
		{"a6", "a6"},
		{" A6 ", "a6"},
		{"business-card", "business-card"},
		{"Business_Card", "business-card"},
		{"avery-l7163", "avery-l7163"},
		{"AVERY-L7165", "avery-l7165"},
	}
	for _, tt := range tests {
		l, err := LayoutByName(tt.name)
		if err != nil || l.Name != tt.want {
			t.Errorf("LayoutByName(%q) = %q, %v; want %q", tt.name, l.Name, err, tt.want)
		}
	}
	_, err := LayoutByName("a5")
	if err == nil || !strings.Contains(err.Error(), "a6, business-card, avery-l7163") {
		t.Errorf("LayoutByName(a5) error = %v, want one listing the known layouts", err)
	}
}

func TestLayout_Validate_RejectsBadLayouts(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*Layout)
	}{
		{"too many columns", func(l *Layout) { l.Cols = 3 }},
		{"too many rows", func(l *Layout) { l.Rows = 8 }},
		{"no rows", func(l *Layout) { l.Rows = 0 }},
		{"padding eats the badge", func(l *Layout) { l.Padding = 20 }},
		{"negative margin", func(l *Layout) { l.Left = -1 }},
		{"no minimum font size", func(l *Layout) { l.MinPt = 0 }},
		{"name smaller than minimum", func(l *Layout) { l.LastNamePt = 2 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := AveryL7163
			tt.modify(&l)
			if err := l.Validate(); err == nil {
				t.Error("Validate() = nil, want an error")
			}
		})
	}
}
