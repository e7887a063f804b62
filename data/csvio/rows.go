package csvio

import "io"

// Heading is one column of WriteRows: its header in English (the canonical
// one) and in French (the Excel variant).
type Heading struct{ EN, FR string }

// WriteRows writes rows under columns for a spreadsheet or a mail-merge
// tool, as the other exports do: UTF-8 with a BOM, RFC 4180 quoting, CRLF
// line ends, cells a spreadsheet would run as a formula neutralised;
// values are strings, lists of strings, integers or booleans. With excel
// the headers are French and the separator ';' (French Excel). It serves
// the after-day files (the mail merge of each person's day, the
// organiser's indicators), whose rows kiosk/live computes.
func WriteRows(w io.Writer, columns []Heading, rows [][]any, excel bool) error {
	t := table{columns: make([]header, len(columns)), rows: rows}
	for i, c := range columns {
		t.columns[i] = header{c.EN, c.FR}
	}
	return t.writeCSV(w, csvForm{bom: true, crlf: true, semicolon: excel, french: excel})
}
