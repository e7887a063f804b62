package kiosk

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"time"

	"icebreaker/data"
	"icebreaker/data/csvio"
)

func (s *Server) handleImportPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, "admin_import.html", s.adminPage(r, "import"))
}

// handleImport imports an uploaded CSV or JSON file exactly as the import
// command does (csvio.Import, all or nothing unless "skip invalid") and
// shows the same report. New and changed people are live at once.
func (s *Server) handleImport(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, csvio.MaxFileBytes+1<<20)
	if step := isImportStep(r); step != "" {
		s.handleImportStep(w, r, step) // admin_import.go: preview, choose the columns, import
		return
	}
	f, _, err := r.FormFile("file")
	p := importPage{page: s.adminPage(r, "import")}
	if err != nil {
		p.Error = Text{"Choisissez un fichier CSV ou JSON (64 Mo au plus).", "Choose a CSV or JSON file (64 MB at most)."}.In(p.Lang)
		w.WriteHeader(http.StatusBadRequest)
		s.render(w, "admin_import.html", p)
		return
	}
	defer f.Close()
	opts := csvio.Options{SkipInvalid: r.FormValue("skip_invalid") != "", DryRun: r.FormValue("dry_run") != "",
		ConsentGranted: r.FormValue("consent_granted") != ""}
	started := s.store.Now()
	rep, err := csvio.Import(s.store, bufio.NewReader(f), opts)
	p.Report, p.DryRun = &rep, opts.DryRun
	if err == nil && !opts.DryRun {
		err = s.day.Imported(started)
	}
	if err != nil {
		p.Error = importErrorText(err, rep).In(p.Lang)
		w.WriteHeader(http.StatusUnprocessableEntity)
	}
	s.render(w, "admin_import.html", p)
}

// importPage is the data of admin_import.html.
type importPage struct {
	page
	Report  *csvio.Report
	DryRun  bool
	Error   string
	Preview *importPreview // the column choices and first rows (admin_import.go)
	// Remembered: the import wrote, and its column choice is remembered
	// for the next file of the same layout.
	Remembered bool
}

// handleExport serves GET /admin/export/{file}: attendees.csv (add
// ?excel=1 for French Excel), attendees.json, checkins.csv,
// introductions.csv, mailmerge.csv (phone links at PublicBase).
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	opts := csvio.ExportOptions{Excel: r.URL.Query().Get("excel") == "1", WithCodes: r.URL.Query().Get("codes") == "1"}
	var people []data.Attendee
	byID := map[data.AttendeeID]data.Attendee{}
	var checkins []data.CheckIn
	var intros []data.Introduction
	err := s.store.View(func(tx *data.Tx) (err error) {
		if people, err = data.Collect(tx.ForEachAttendee); err != nil {
			return err
		}
		for _, a := range people {
			byID[a.ID] = a
		}
		switch file {
		case "checkins.csv":
			checkins, err = data.Collect(tx.ForEachCheckIn)
		case "introductions.csv":
			intros, err = data.Collect(tx.ForEachIntroduction)
		}
		return err
	})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	ctype := "text/csv; charset=utf-8"
	switch file {
	case "attendees.json":
		opts.Format, ctype = "json", "application/json; charset=utf-8"
	case "attendees.csv", "checkins.csv", "introductions.csv", "mailmerge.csv":
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", s.store.Now().Format("20060102-1504-")+file))
	switch file {
	case "checkins.csv":
		err = csvio.WriteCheckIns(w, checkins, byID, opts)
	case "introductions.csv":
		err = csvio.WriteIntroductions(w, intros, byID, opts)
	case "mailmerge.csv":
		err = csvio.WriteMailMerge(w, people, csvio.MailMergeOptions{BaseURL: s.PublicBase(r), Excel: opts.Excel, French: opts.Excel})
	default:
		err = csvio.WriteAttendees(w, people, opts)
	}
	if err != nil {
		s.log.Error("export", "file", file, "err", err)
	}
}

// backupPatience is how long a backup download may make no progress at
// all before it is cut: a slow link (100 KB/s) is never cut, however long
// the file, since every chunk sent moves the deadline on.
const backupPatience = 30 * time.Second

// handleBackup serves a consistent copy of the event file. The copy is
// taken first into a file beside it (data.Store.Snapshot, a short read
// transaction), then sent at the client's pace with no transaction open,
// so a slow download holds back neither the scans nor an erasure. The
// answer carries its length (Content-Length) and SHA-256 (Repr-Digest,
// RFC 9530): a download cut short is a clear failure for the client, and
// a cut file copied over an event file is refused by Open as damaged.
func (s *Server) handleBackup(w http.ResponseWriter, r *http.Request) {
	snap, err := s.store.Snapshot()
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	defer os.Remove(snap.Path)
	f, err := os.Open(snap.Path)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", "icebreaker-"+s.store.Now().Format("20060102-150405")+".db"))
	h.Set("Content-Length", strconv.FormatInt(snap.Size, 10))
	h.Set("Repr-Digest", "sha-256=:"+base64.StdEncoding.EncodeToString(snap.SHA256[:])+":")
	h.Set("Cache-Control", "no-store")
	rc := http.NewResponseController(w)
	buf := make([]byte, 64<<10)
	for sent := int64(0); sent < snap.Size; {
		n, err := f.Read(buf)
		if n > 0 {
			rc.SetWriteDeadline(time.Now().Add(backupPatience))
			if _, werr := w.Write(buf[:n]); werr != nil {
				s.log.Warn("backup download cut", "sent", sent, "size", snap.Size, "err", werr)
				return
			}
			sent += int64(n)
		}
		if err != nil {
			s.log.Error("backup", "err", err)
			return
		}
	}
}
