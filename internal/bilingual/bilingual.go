// Package bilingual is icebreaker's one type for what a person reads in
// the product's two languages (a label, an error, why an import read a
// column so): the French and the English side by side, and the reader's
// language picks one. kiosk/live (the Day's messages, and the pages
// through kiosk.Text) and data/csvio (the import report) share it.
package bilingual

// Text is a text in French and in English. Its JSON is {"fr":…,"en":…}.
type Text struct {
	FR string `json:"fr"`
	EN string `json:"en"`
}

// In returns the text in lang: English for "en", French for anything else
// ("fr" included): French is the product's first language.
func (t Text) In(lang string) string {
	if lang == "en" {
		return t.EN
	}
	return t.FR
}
