package kiosk

import (
	"math"
	"net/url"
	"strings"
	"testing"

	"icebreaker/data"
)

func TestContrastRatio_MatchesTheWCAGFigures(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want float64
	}{
		{"#000000", "#ffffff", 21}, {"#ffffff", "#ffffff", 1}, {"#f9a825", "#ffffff", 1.97}, {"#767676", "#ffffff", 4.54}, {"#b36b00", "#ffffff", 4.18},
	} {
		if got := contrastRatio(c.a, c.b); math.Abs(got-c.want) > 0.01 {
			t.Errorf("contrast %s on %s = %.3f, want %.2f", c.a, c.b, got, c.want)
		}
	}
}

func TestBrandingContrast_RefusesUnreadableColoursAndNamesThem(t *testing.T) {
	if msg := brandingContrast(data.Branding{}); msg != nil {
		t.Fatalf("the default colours are refused: %v", msg)
	}
	if msg := brandingContrast(data.Branding{Accent: "#3949ab", Background: "#f7f7f5", Ink: "#1d1d1f"}); msg != nil {
		t.Fatalf("the default colours, given, are refused: %v", msg)
	}
	msg := brandingContrast(data.Branding{Accent: "#F9A825"})
	if msg == nil || !strings.Contains(msg.FR, "#f9a825 sur blanc") || !strings.Contains(msg.FR, "1,97:1") || !strings.Contains(msg.EN, "1.97:1") {
		t.Fatalf("a yellow accent: %+v, want it refused with its ratio in both languages", msg)
	}
	if msg := brandingContrast(data.Branding{Background: "#222222"}); msg == nil || !strings.Contains(msg.EN, "background #222222") {
		t.Fatalf("a dark background under dark text: %+v, want it refused", msg)
	}
}

func TestAdminSettings_UnreadableAccent_IsRefusedAndNothingSaved(t *testing.T) {
	env, admin := newDemoAdminEnv(t)
	form := url.Values{"name": {"Journée test"}, "language": {"fr"}, "group_size": {"4"}, "round_minutes": {"10"},
		"w_interest": {"1"}, "w_complement": {"1"}, "w_project": {"1"}, "w_sector": {"1"}, "w_sameorg": {"1"},
		"accent": {"#f9a825"}, "background": {"#f7f7f5"}, "ink": {"#1d1d1f"}}
	st, page := postForm(t, admin, env.HTTP.URL+"/admin/settings?lang=en", form)
	if st != 400 || !strings.Contains(page, "Colours refused, nothing was saved") || !strings.Contains(page, `value="#f9a825"`) {
		t.Fatalf("yellow accent: %d, want 400 with the reason and the colour kept in the form", st)
	}
	var set data.Settings
	env.Store.View(func(tx *data.Tx) error { set, _ = tx.Settings(); return nil })
	if set.Branding.Accent == "#f9a825" {
		t.Fatal("the refused accent was saved")
	}
}
