package kiosk

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"icebreaker/data"
)

// minContrast is the WCAG 2.1 AA contrast ratio for normal text (1.4.3).
const minContrast = 4.5

// The colours of the screens that branding does not change (style.css).
const (
	defaultAccent     = "#3949ab"
	defaultBackground = "#f7f7f5"
	defaultInk        = "#1d1d1f"
	cardColour        = "#ffffff" // cards, headers and button text
	mutedColour       = "#6b6b70" // secondary text on the background
)

// luminance is the WCAG relative luminance of a #rrggbb colour.
func luminance(hex string) float64 {
	v, _ := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	lin := func(c uint64) float64 {
		s := float64(c) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(v>>16&0xff) + 0.7152*lin(v>>8&0xff) + 0.0722*lin(v&0xff)
}

// contrastRatio is the WCAG contrast ratio of two #rrggbb colours, from 1
// to 21.
func contrastRatio(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// brandingContrast checks that an organiser's colours keep every screen
// readable: the accent is text on the cards and the background and the
// background of white button text; the ink is text on both; the muted grey
// is text on the background. It returns nil when every pair reaches 4.5:1,
// else a bilingual message naming each failing pair, its ratio and what to
// do. Empty colours are the defaults.
func brandingContrast(b data.Branding) *Text {
	accent, bg, ink := orDefault(b.Accent, defaultAccent), orDefault(b.Background, defaultBackground), orDefault(b.Ink, defaultInk)
	pairs := []struct {
		fg, bg     string
		what       Text
		darkerText Text // what to change
	}{
		{accent, cardColour, Text{"l'accent " + accent + " sur blanc (boutons, chiffres)", "the accent " + accent + " on white (buttons, figures)"}, Text{"un accent plus foncé", "a darker accent"}},
		{accent, bg, Text{"l'accent " + accent + " sur le fond " + bg, "the accent " + accent + " on the background " + bg}, Text{"un accent plus foncé ou un fond plus clair", "a darker accent or a lighter background"}},
		{ink, cardColour, Text{"le texte " + ink + " sur blanc", "the text " + ink + " on white"}, Text{"un texte plus foncé", "a darker text colour"}},
		{ink, bg, Text{"le texte " + ink + " sur le fond " + bg, "the text " + ink + " on the background " + bg}, Text{"un texte plus foncé ou un fond plus clair", "a darker text colour or a lighter background"}},
		{mutedColour, bg, Text{"le texte secondaire (gris) sur le fond " + bg, "the secondary (grey) text on the background " + bg}, Text{"un fond plus clair", "a lighter background"}},
	}
	var fr, en []string
	for _, p := range pairs {
		if r := contrastRatio(p.fg, p.bg); r < minContrast {
			fr = append(fr, fmt.Sprintf("%s : %s:1, choisissez %s", p.what.FR, strings.Replace(fmt.Sprintf("%.2f", math.Floor(r*100)/100), ".", ",", 1), p.darkerText.FR))
			en = append(en, fmt.Sprintf("%s: %.2f:1, choose %s", p.what.EN, math.Floor(r*100)/100, p.darkerText.EN))
		}
	}
	if len(fr) == 0 {
		return nil
	}
	return &Text{
		"Couleurs refusées, rien n'a été enregistré : le contraste doit être d'au moins 4,5:1 pour rester lisible. " + strings.Join(fr, " ; ") + ".",
		"Colours refused, nothing was saved: the contrast must be at least 4.5:1 to stay readable. " + strings.Join(en, "; ") + ".",
	}
}

func orDefault(v, fallback string) string {
	if hexColour.MatchString(v) {
		return strings.ToLower(v)
	}
	return fallback
}
