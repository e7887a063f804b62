package csvio

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// File-level errors. Row-level problems are RowErrors in the Report.
var (
	ErrEmpty       = errors.New("the file is empty")
	ErrNotText     = errors.New("the file is not a text file")
	ErrNoColumns   = errors.New("the header does not name the columns needed")
	ErrInvalidRows = errors.New("some rows are invalid")
	ErrBadMap      = errors.New("invalid --map")
)

// Encoding names reported in Report.Encoding.
const (
	EncodingUTF8        = "UTF-8"
	EncodingUTF8BOM     = "UTF-8 (BOM)"
	EncodingUTF16       = "UTF-16"
	EncodingWindows1252 = "Windows-1252"
)

// decodeText turns the raw file into UTF-8 text and names the encoding it
// found. Files that look binary (NUL bytes, control characters, a zip such
// as .xlsx) are refused with ErrNotText and advice.
func decodeText(raw []byte) (string, string, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return "", "", ErrEmpty
	}
	if bytes.HasPrefix(raw, []byte("PK\x03\x04")) || bytes.HasPrefix(raw, []byte("\xD0\xCF\x11\xE0")) {
		return "", "", fmt.Errorf("%w: it looks like an Excel workbook; in Excel choose File › Save as › \"CSV UTF-8\" / Fichier › Enregistrer sous › « CSV UTF-8 »", ErrNotText)
	}
	var text, enc string
	switch {
	case bytes.HasPrefix(raw, []byte("\xEF\xBB\xBF")):
		text, enc = string(raw[3:]), EncodingUTF8BOM
	case bytes.HasPrefix(raw, []byte("\xFF\xFE")), bytes.HasPrefix(raw, []byte("\xFE\xFF")):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(raw)
		if err != nil {
			return "", "", fmt.Errorf("%w: bad UTF-16: %v", ErrNotText, err)
		}
		text, enc = string(out), EncodingUTF16
	case utf8.Valid(raw):
		text, enc = string(raw), EncodingUTF8
	default:
		out, err := charmap.Windows1252.NewDecoder().Bytes(raw)
		if err != nil {
			return "", "", fmt.Errorf("%w: %v", ErrNotText, err)
		}
		text, enc = string(out), EncodingWindows1252
	}
	if looksBinary(text) {
		return "", "", fmt.Errorf("%w: it contains control characters; save it from your spreadsheet as CSV", ErrNotText)
	}
	return text, enc, nil
}

// looksBinary reports whether the start of text holds a NUL or more than
// one control character (other than tab, CR, LF) per 200 characters.
func looksBinary(text string) bool {
	if len(text) > 1<<16 {
		text = text[:1<<16]
	}
	controls, n := 0, 0
	for _, r := range text {
		n++
		switch {
		case r == 0:
			return true
		case r < 0x20 && r != '\t' && r != '\r' && r != '\n', r == 0x7F:
			controls++
		}
	}
	return controls > 0 && controls*200 > n
}

// detectDelimiter picks ';', ',' or '\t' by counting them, outside quotes,
// in the first line (the header). Semicolon wins ties: French Excel writes
// it and French headers rarely contain one. A header with none is a single
// column, read with ','.
func detectDelimiter(text string) rune {
	counts := map[rune]int{}
	inQuotes := false
	for _, r := range text {
		if r == '"' {
			inQuotes = !inQuotes
			continue
		}
		if inQuotes {
			continue
		}
		if r == '\n' {
			break
		}
		counts[r]++
	}
	best, bestN := ',', 0
	for _, d := range []rune{';', ',', '\t'} {
		if counts[d] > bestN {
			best, bestN = d, counts[d]
		}
	}
	return best
}

// delimiterName is the name reported in Report.Delimiter.
func delimiterName(d rune) string {
	switch d {
	case ';':
		return "semicolon"
	case '\t':
		return "tab"
	}
	return "comma"
}
