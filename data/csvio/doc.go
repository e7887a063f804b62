// Package csvio reads and writes attendee files: the CSV and JSON that
// organisers export from their ticketing tool (Eventbrite, Weezevent,
// HelloAsso, Billetweb, pretix) or a Google Form, and the CSV/JSON that
// icebreaker exports.
//
// Reading is forgiving about form and strict about content. The encoding
// (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252, what
// French Excel writes) and the delimiter (comma, semicolon, tab) are
// detected. Each field is read from the column that means it best: every
// header is scored for every field (French and English, case, accent and
// punctuation insensitive), the participant's columns beat the buyer's, a
// ticket's barcode or number beats its type or price, and a sample of the
// cells vetoes what cannot be right (a "ticket code" whose values repeat,
// an "email" of "anonymous", a consent that is not yes/no). Consent is
// read only from a question about introductions, the public board or the
// directory (« annuaire »), never from terms, privacy, newsletter or photo
// consents. Options.Map
// overrides, and the mapping an import used is remembered for the next
// file of the same layout. The Report says which column each field came
// from and why (Preview adds the first rows). Every cell is then
// validated, and every problem is reported with the spreadsheet row (the
// header is row 1) and the column header as written in the file.
//
// Import writes in one store transaction: all or nothing unless
// Options.SkipInvalid. A person is matched by ticket code, then by email
// and name (several people may share an email when their tickets differ),
// so re-importing a file updates people and never duplicates them.
//
// Writing neutralises spreadsheet formulas: a cell that starts with = + - @,
// a tab or a carriage return gets a leading apostrophe, which reading
// removes again, so export then import changes nothing.
package csvio
