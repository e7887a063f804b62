package kiosk

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestPhoneConfirm_AfterWeMetTheDirectoryCountsIt_RefusesWithTheReasonOtherwise(t *testing.T) {
	env := newTestEnv(t, directoryPeople())
	amelie, karim, ines := env.People[0], env.People[1], env.People[2]
	for _, p := range []int{0, 1, 2} {
		env.ScanCode(t, env.People[p].BadgeCode)
	}
	if st, ans := env.phonePost(t, amelie.Secret, "/confirm?lang=en", map[string]any{"with": karim.ID, "offer": "levée de fonds"}); st != http.StatusBadRequest ||
		!strings.Contains(ans["message"].(map[string]any)["en"].(string), "only of someone you met") {
		t.Fatalf("before we met: %d %v", st, ans)
	}
	if st, ans := env.phonePost(t, amelie.Secret, "/met", map[string]any{"with": karim.ID}); st != 200 {
		t.Fatalf("we met: %d %v", st, ans)
	}
	if snap := env.phoneSnapshot(t, karim.Secret); len(snap.Helped) != 1 || snap.Helped[0].ID != amelie.ID {
		t.Fatalf("Karim's snapshot lists %+v as met; want Amélie", snap.Helped)
	}
	if st, ans := env.phonePost(t, amelie.Secret, "/confirm", map[string]any{"with": karim.ID, "offer": "cuisine"}); st != http.StatusBadRequest {
		t.Fatalf("an offer Karim does not make: %d %v", st, ans)
	}
	if st, ans := env.phonePost(t, amelie.Secret, "/confirm", map[string]any{"with": ines.ID, "offer": "droit des sociétés"}); st != http.StatusBadRequest {
		t.Fatalf("Inès, not met: %d %v", st, ans)
	}
	st, ans := env.phonePost(t, amelie.Secret, "/confirm", map[string]any{"with": karim.ID, "offer": "levée de fonds"})
	helped, _ := ans["helped"].([]any)
	if st != 200 || len(helped) != 1 || helped[0].(map[string]any)["offer"] != "levée de fonds" {
		t.Fatalf("confirm: %d %v", st, ans)
	}
	_, _, body := env.do(t, "GET", "/me/"+ines.Secret+"/directory?part=results&lang=en&q="+url.QueryEscape("Karim"), "", "", nil)
	if !strings.Contains(string(body), "<bdi>levée de fonds</bdi> (confirmed by 1)") {
		t.Errorf("the directory does not show the confirmation:\n%s", body)
	}
	if strings.Contains(string(body), "Amélie") {
		t.Error("the directory says who confirmed")
	}
	c := env.adminClient(t)
	if _, page := env.adminGet(t, c, "/admin/directory?q=Karim&lang=fr"); !strings.Contains(string(page), "(confirmé par 1)") {
		t.Errorf("the admin directory does not show the confirmation:\n%s", page)
	}
}
