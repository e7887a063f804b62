// Package csvio reads and writes attendee files: the CSV and JSON that
// organisers export from their ticketing tool (Eventbrite, Weezevent,
// HelloAsso, Billetweb, pretix) or a Google Form, and the CSV/JSON that
// icebreaker exports.
//
// Reading is forgiving about form and strict about content. The encoding
// (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252, what
// French Excel writes) and the delimiter (comma, semicolon, tab) are
// detected; headers are recognised in French and English, case, accent and
// punctuation insensitive, and --map overrides them. Every cell is then
// validated, and every problem is reported with the spreadsheet row (the
// header is row 1) and the column header as written in the file.
//
// Import writes in one store transaction: all or nothing unless
// Options.SkipInvalid. A person is matched by ticket code, then by email,
// so re-importing a file updates people and never duplicates them.
//
// Writing neutralises spreadsheet formulas: a cell that starts with = + - @,
// a tab or a carriage return gets a leading apostrophe, which reading
// removes again, so export then import changes nothing.
package csvio
