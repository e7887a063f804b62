package kiosk

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// In English, the preview names the bad row and its column in English and
// says what to do; a preview whose upload is gone (expired, or the server
// restarted) says to choose the file again, and imports nothing.
func TestAdminImport_PreviewInEnglishNamesRowAndColumn_AndAStaleTokenSaysWhatToDo(t *testing.T) {
	env, admin := newDemoAdminEnv(t)
	if resp, err := admin.Get(env.HTTP.URL + "/admin/import?lang=en"); err != nil { // the switch: remembered in the cookie
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
	_, page := uploadImport(t, admin, env.HTTP.URL, "inscriptions.csv", googleFormWithOwnQuestions, "step", "preview")
	for _, want := range []string{"1 of 4 row(s) invalid: nothing was imported.", "row 4, column Adresse e-mail: &#39;pas-un-email&#39;", `name="token"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the English preview lacks %q:\n%s", want, page)
		}
	}
	st, stale := postForm(t, admin, env.HTTP.URL+"/admin/import", url.Values{"step": {"import"}, "token": {"0123456789abcdef"}})
	if st != http.StatusGone || !strings.Contains(stale, "This preview has expired (or the server restarted): choose the file again.") {
		t.Errorf("a stale token: %d\n%s", st, stale)
	}
	if n := env.Server.day.Stats().Counts.Registered; n != 5 {
		t.Errorf("%d registered: the preview or the stale import wrote", n)
	}
}

// uploadImport posts a file to the admin's import form as the browser
// does (multipart), with extra fields as name, value pairs, and returns
// the status and the page.
func uploadImport(t testing.TB, c *http.Client, base, name, content string, fields ...string) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	mw.Close()
	resp, err := c.Post(base+"/admin/import", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(page)
}
