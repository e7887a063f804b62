package kiosk

import (
	"fmt"
	"net/http"
	"strconv"

	"icebreaker/data"
	"icebreaker/kiosk/live"
)

// The groups formed before the day (live/pregroups.go): the admin's page
// builds them, adjusts them (a person moved, a leader chosen or swapped,
// a group's name, place and time), publishes them and lets the board show
// them; every form posts, and the page comes back with a flash, or with
// the reason when the Day refuses (400). The phones and the board show the
// groups with phone_groups.js and board_groups.js.
func (s *Server) groupsRoutes(admin func(pattern string, h http.HandlerFunc)) {
	admin("GET /admin/groups", s.handleAdminGroups)
	admin("POST /admin/groups/build", s.groupsAction(func(r *http.Request) (string, error) {
		size, _ := strconv.Atoi(r.PostFormValue("size"))
		_, err := s.day.BuildGroups(live.GroupBuild{Mode: r.PostFormValue("mode"), Size: size})
		return "groups.built", err
	}))
	admin("POST /admin/groups/publish", s.groupsAction(func(r *http.Request) (string, error) {
		on := r.PostFormValue("on") == "1"
		return map[bool]string{true: "groups.published", false: "groups.withdrawn"}[on], s.day.PublishGroups(on)
	}))
	admin("POST /admin/groups/board", s.groupsAction(func(r *http.Request) (string, error) {
		return "groups.saved", s.day.ShowGroupsOnBoard(r.PostFormValue("on") == "1")
	}))
	admin("POST /admin/groups/add", s.groupsAction(func(r *http.Request) (string, error) {
		_, err := s.day.AddGroup()
		return "groups.saved", err
	}))
	admin("POST /admin/groups/move", s.groupsAction(func(r *http.Request) (string, error) {
		person, err := strconv.ParseUint(r.PostFormValue("person"), 10, 64)
		if err != nil {
			return "", groupFormError("person")
		}
		group, err := strconv.Atoi(r.PostFormValue("group"))
		if err != nil {
			return "", groupFormError("group")
		}
		return "groups.moved", s.day.MoveToGroup(data.AttendeeID(person), group)
	}))
	admin("POST /admin/groups/{n}/leader", s.groupsAction(func(r *http.Request) (string, error) {
		n, err := strconv.Atoi(r.PathValue("n"))
		if err != nil {
			return "", data.ErrNotFound
		}
		leader, err := strconv.ParseUint(r.PostFormValue("leader"), 10, 64)
		if err != nil {
			return "", groupFormError("leader")
		}
		return "groups.saved", s.day.SetGroupLeader(n, data.AttendeeID(leader))
	}))
	admin("POST /admin/groups/{n}/details", s.groupsAction(func(r *http.Request) (string, error) {
		n, err := strconv.Atoi(r.PathValue("n"))
		if err != nil {
			return "", data.ErrNotFound
		}
		return "groups.saved", s.day.SetGroupDetails(n, r.PostFormValue("name"), r.PostFormValue("place"), r.PostFormValue("at"))
	}))
}

// groupFormError says which field of a groups form is missing or
// unreadable.
func groupFormError(field string) error {
	return &live.RequestError{Text: live.Text{FR: fmt.Sprintf("Champ « %s » manquant ou illisible : choisissez dans la liste.", field),
		EN: fmt.Sprintf("Field “%s” missing or unreadable: choose from the list.", field)}}
}

// adminGroupsPage is the data of admin_groups.html.
type adminGroupsPage struct {
	page
	Groups live.AdminGroups
	Error  string
}

func (s *Server) handleAdminGroups(w http.ResponseWriter, r *http.Request) {
	s.renderGroups(w, r, "", http.StatusOK)
}

func (s *Server) renderGroups(w http.ResponseWriter, r *http.Request, problem string, status int) {
	g, err := s.day.AdminGroups()
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	p := s.adminPage(r, "groups")
	if problem != "" {
		p.Flash = ""
	}
	w.Header().Set("Cache-Control", "no-store") // every name of the event
	w.WriteHeader(status)
	s.render(w, "admin_groups.html", adminGroupsPage{page: p, Groups: g, Error: problem})
}

// groupsAction runs one change of the groups: done is the flash key of
// the page it comes back to; a refusal (live.RequestError) shows the page
// again with the reason, anything else fails as usual.
func (s *Server) groupsAction(change func(r *http.Request) (done string, err error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		done, err := change(r)
		if msg, ok := live.IsRequestError(err); ok {
			s.renderGroups(w, r, Text(msg).In(s.page(r).Lang), http.StatusBadRequest)
			return
		}
		if err != nil {
			s.failErr(w, r, err)
			return
		}
		http.Redirect(w, r, "/admin/groups?done="+done, http.StatusSeeOther)
	}
}
