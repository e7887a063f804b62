package kiosk

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"icebreaker/data"
	"icebreaker/kiosk/live"
)

// The directory on the phone and in the admin (live/directory.go): a
// server-rendered search page whose results also come alone as an HTML
// fragment (?part=results) that directory.js swaps in as the person
// types; the phone's sheet page (consent and project sheet, a plain
// form); the admin's choice of who the directory lists.

// Directory searches: searchBurst in a row per attendee, then one every
// searchEvery (each reads every attendee of the file).
const (
	searchBurst = 30
	searchEvery = 500 * time.Millisecond
)

// directoryPage is the data of phone_directory.html and
// admin_directory.html.
type directoryPage struct {
	page
	Me     data.Attendee // the phone's owner; zero in the admin
	Base   string        // the page's path, for its form and fragment
	Result live.DirectoryResult
}

// directoryScript are the labels of directory.js.
var directoryScript = []string{"dir.found", "dir.failed"}

func (s *Server) handlePhoneDirectory(w http.ResponseWriter, r *http.Request) {
	me, ok := s.phoneAttendee(w, r)
	if !ok {
		return
	}
	w.Header().Set("Cache-Control", "no-store") // the page carries the secret link
	key := strconv.FormatUint(uint64(me.ID), 10)
	if !s.searches.Allowed(key) {
		w.Header().Set("Retry-After", "1")
		http.Error(w, Text{"Trop de recherches d'un coup : patientez une seconde.", "Too many searches at once: wait a second."}.In(lang(r, "fr")), http.StatusTooManyRequests)
		return
	}
	s.searches.Spend(key)
	s.renderDirectory(w, r, s.page(r), "phone_directory.html", me, "/me/"+me.Secret+"/directory")
}

func (s *Server) handleAdminDirectory(w http.ResponseWriter, r *http.Request) {
	s.renderDirectory(w, r, s.adminPage(r, "directory"), "admin_directory.html", data.Attendee{}, "/admin/directory")
}

// renderDirectory renders a directory page, or its results alone with
// ?part=results.
func (s *Server) renderDirectory(w http.ResponseWriter, r *http.Request, p page, tmpl string, me data.Attendee, base string) {
	p.Script = scriptText(p.Lang, directoryScript...)
	res, err := s.day.Directory(r.URL.Query().Get("q"))
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	dp := directoryPage{page: p, Me: me, Base: base, Result: res}
	if r.URL.Query().Get("part") == "results" {
		tmpl = "directory-results"
	}
	s.render(w, tmpl, dp)
}

// handleDirectoryScope saves who the directory lists (scope=present or
// registered).
func (s *Server) handleDirectoryScope(w http.ResponseWriter, r *http.Request) {
	if err := s.day.SetDirectoryScope(r.FormValue("scope")); err != nil {
		if t, ok := liveRefusal(err); ok {
			http.Error(w, t.In(lang(r, "fr")), http.StatusBadRequest)
			return
		}
		s.failErr(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/directory?done=directory", http.StatusSeeOther)
}

// sheetPage is the data of phone_sheet.html.
type sheetPage struct {
	page
	Me    data.Attendee
	Sheet live.Sheet
	Error string // why the last save was refused
	Saved bool
}

func (s *Server) handleSheetPage(w http.ResponseWriter, r *http.Request) {
	me, ok := s.phoneAttendee(w, r)
	if !ok {
		return
	}
	s.renderSheet(w, r, http.StatusOK, me, live.SheetOf(me), "")
}

func (s *Server) renderSheet(w http.ResponseWriter, r *http.Request, status int, me data.Attendee, sh live.Sheet, why string) {
	w.Header().Set("Cache-Control", "no-store")
	p := s.page(r)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	s.render(w, "phone_sheet.html", sheetPage{page: p, Me: me, Sheet: sh, Error: why, Saved: r.URL.Query().Get("done") == "saved"})
}

// maxSheetForm bounds the sheet form's body.
const maxSheetForm = 16 << 10

// handleSheet saves the sheet form: directory (a checkbox), sector,
// description, and milestones and goals one per line. A refusal shows the
// form again as it was typed, with the reason (400).
func (s *Server) handleSheet(w http.ResponseWriter, r *http.Request) {
	me, ok := s.phoneAttendee(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxSheetForm)
	if err := r.ParseForm(); err != nil {
		http.Error(w, Text{"Formulaire trop long ou illisible : rien n'a été enregistré.", "Form too long or unreadable: nothing was saved."}.In(lang(r, "fr")), http.StatusBadRequest)
		return
	}
	sh := live.Sheet{Directory: r.PostFormValue("directory") != "", Sector: r.PostFormValue("sector"), Description: r.PostFormValue("description"),
		Milestones: lines(r.PostFormValue("milestones")), Goals: lines(r.PostFormValue("goals"))}
	if _, err := s.day.SaveSheet(me.ID, sh); err != nil {
		if t, ok := liveRefusal(err); ok {
			s.renderSheet(w, r, http.StatusBadRequest, me, sh, t.In(s.page(r).Lang))
			return
		}
		s.failErr(w, r, err)
		return
	}
	http.Redirect(w, r, "/me/"+me.Secret+"/sheet?done=saved&lang="+s.page(r).Lang, http.StatusSeeOther) // the page's language, even when only its address said it
}

// lines splits a text area into its lines.
func lines(s string) []string { return strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") }
