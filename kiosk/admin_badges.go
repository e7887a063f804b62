package kiosk

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"icebreaker/checkin/badgepdf"
	"icebreaker/data"
)

// handleBadgesPDF serves GET /admin/badges.pdf?id=3&id=7&layout=NAME: the
// badges of one person or a selection (the attendees page's checkboxes, or
// its per-person "Badge" link), sorted by last name, in any badgepdf layout
// (default A6), ready to print at 100 %.
func (s *Server) handleBadgesPDF(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	layout, ok := s.layoutParam(w, r)
	if !ok {
		return
	}
	var ids []data.AttendeeID
	for _, v := range q["id"] {
		id, err := strconv.ParseUint(v, 10, 64)
		if err != nil || id == 0 {
			s.fail(w, "bad_request", Text{fmt.Sprintf("Numéro de participant invalide : %q.", v), fmt.Sprintf("Invalid attendee number: %q.", v)})
			return
		}
		ids = append(ids, data.AttendeeID(id))
	}
	if len(ids) == 0 {
		s.fail(w, "bad_request", Text{"Cochez au moins une personne.", "Tick at least one person."})
		return
	}
	var people []data.Attendee
	err := s.store.View(func(tx *data.Tx) error {
		for _, id := range ids {
			a, err := tx.Attendee(id)
			if err != nil {
				return err
			}
			people = append(people, a)
		}
		return nil
	})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	col := collate.New(language.French, collate.IgnoreCase)
	slices.SortStableFunc(people, func(a, b data.Attendee) int {
		if c := col.CompareString(a.LastName, b.LastName); c != 0 {
			return c
		}
		return col.CompareString(a.FirstName, b.FirstName)
	})
	s.writeBadges(w, r, slices.CompactFunc(people, func(a, b data.Attendee) bool { return a.ID == b.ID }), layout)
}

// writeBadges answers with the badges of people as one PDF in layout.
func (s *Server) writeBadges(w http.ResponseWriter, r *http.Request, people []data.Attendee, layout badgepdf.Layout) {
	badges := make([]badgepdf.Badge, 0, len(people))
	for _, a := range people {
		badges = append(badges, badgepdf.Badge{FirstName: a.FirstName, LastName: a.LastName, Organisation: a.Organisation, Code: a.BadgeCode})
	}
	var pdf bytes.Buffer
	if err := badgepdf.Write(&pdf, badges, layout); err != nil {
		s.failErr(w, r, err)
		return
	}
	name := "badges.pdf"
	if len(people) == 1 {
		name = fmt.Sprintf("badge-%d.pdf", people[0].ID)
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Cache-Control", "no-store") // badge codes are secrets
	w.Header().Set("Content-Disposition", fmt.Sprintf("inline; filename=%q", name))
	w.Write(pdf.Bytes())
}

// layoutParam is the ?layout= of a badge request (default A6); ok is false
// when it names no layout (the answer is written).
func (s *Server) layoutParam(w http.ResponseWriter, r *http.Request) (badgepdf.Layout, bool) {
	name := r.URL.Query().Get("layout")
	if name == "" {
		return badgepdf.A6, true
	}
	l, err := badgepdf.LayoutByName(name)
	if err != nil {
		s.fail(w, "bad_request", Text{err.Error(), err.Error()})
		return l, false
	}
	return l, true
}

// handleReprint serves GET /api/attendees/{token}/badge.pdf?layout=NAME
// for kiosks: the badge of a person found by the name search (the token of
// the search answer), for a badge left at home or lost. The code printed is
// the person's current one: no badge is revoked.
func (d *door) handleReprint(w http.ResponseWriter, r *http.Request) {
	if _, ok := d.requireKiosk(w, r); !ok {
		return
	}
	layout, ok := d.layoutParam(w, r)
	if !ok {
		return
	}
	id, ok := d.tokens.verify(r.PathValue("token"))
	if !ok {
		d.fail(w, "bad_request", Text{"Jeton de recherche invalide : cherchez à nouveau la personne.", "Invalid search token: search for the person again."})
		return
	}
	var a data.Attendee
	if err := d.store.View(func(tx *data.Tx) (err error) { a, err = tx.Attendee(id); return }); err != nil {
		d.failErr(w, r, err)
		return
	}
	d.writeBadges(w, r, []data.Attendee{a}, layout)
}

// badgeLayouts is the layout choice of the attendees page.
func badgeLayouts() []badgepdf.Layout { return badgepdf.Layouts() }

func init() {
	addLabels(map[string]Text{
		"admin.printselected": {"Imprimer les badges cochés", "Print the ticked badges"},
		"admin.badgepdf":      {"Badge", "Badge"},
		"admin.layout":        {"Format", "Layout"},
		"admin.select":        {"Choisir", "Select"},
		"doorjs.reprint":      {"Badge (PDF)", "Badge (PDF)"},
	})
}
