package csvio

import (
	"strings"
	"unicode/utf8"
)

// MaxCellBytes bounds one cell; longer cells are a row error (usually a
// quote left open that swallowed the rest of the file).
const MaxCellBytes = 10_000

var (
	yesWords = map[string]bool{"yes": true, "y": true, "oui": true, "o": true, "true": true, "vrai": true,
		"1": true, "x": true, "ok": true, "d accord": true, "granted": true, "accepted": true, "accepte": true, "checked": true, "coche": true}
	noWords = map[string]bool{"": true, "no": true, "n": true, "non": true, "false": true, "faux": true,
		"0": true, "refused": true, "refuse": true, "non merci": true, "no thanks": true, "unchecked": true}
	yesPrefixes = []string{"oui ", "yes ", "j accepte", "i agree", "i accept", "i consent", "je consens", "j autorise", "i authori", "je suis d accord", "d accord "}
	noPrefixes  = []string{"non ", "no ", "je n accepte pas", "je refuse", "i do not", "i don t", "je ne "}
)

// parseBool reads a yes/no cell. Symbols ✓ ✔ ☑ count as yes. An empty
// cell is no. ok is false for anything else ("peut-être").
func parseBool(cell string) (value, ok bool) {
	switch strings.TrimSpace(cell) {
	case "✓", "✔", "☑", "✅":
		return true, true
	}
	n := normalise(cell)
	if yesWords[n] {
		return true, true
	}
	if noWords[n] {
		return false, true
	}
	padded := n + " "
	for _, p := range noPrefixes { // before yes: "je n accepte pas" is not "j accepte"
		if strings.HasPrefix(padded, p) {
			return false, true
		}
	}
	for _, p := range yesPrefixes {
		if strings.HasPrefix(padded, p) {
			return true, true
		}
	}
	return false, false
}

// splitList splits a list cell on ';', or on ',' when there is no ';', and
// on line breaks; items are trimmed, empty ones dropped and repeats
// (ignoring case) kept once. It returns nil for no items.
func splitList(cell string) []string {
	sep := ","
	if strings.Contains(cell, ";") {
		sep = ";"
	}
	var items []string
	seen := map[string]bool{}
	for _, line := range strings.Split(cell, "\n") {
		for _, item := range strings.Split(line, sep) {
			item = collapseSpace(item)
			key := strings.ToLower(item)
			if item == "" || seen[key] {
				continue
			}
			seen[key] = true
			items = append(items, item)
		}
	}
	return items
}

// joinList is the inverse of splitList for export: items joined with "; ".
// A single item that holds a comma gets a trailing ';' so that reading it
// back does not split it on the comma.
func joinList(items []string) string {
	s := strings.Join(items, "; ")
	if len(items) == 1 && strings.Contains(s, ",") {
		s += ";"
	}
	return s
}

// collapseSpace trims s and turns every run of white space (line breaks
// included) into one space.
func collapseSpace(s string) string {
	if !strings.ContainsAny(s, " \t\r\n\u00a0") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// cleanLong trims free text, normalises line breaks to \n and drops
// trailing spaces on each line.
func cleanLong(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return strings.Join(lines, "\n")
}

// validEmail is a deliberately plain check: one '@', a non-empty local
// part, a domain with a dot and no empty label, no spaces, at most 254 bytes.
func validEmail(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " \t\r\n<>(),;:\"") {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domain, "@") || !strings.Contains(domain, ".") {
		return false
	}
	for _, label := range strings.Split(domain, ".") {
		if label == "" || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return false
		}
	}
	return true
}

// formulaStarts are the first characters a spreadsheet may read as a formula.
const formulaStarts = "=+-@\t\r"

// neutralise prefixes a cell that a spreadsheet would run as a formula with
// an apostrophe (OWASP's advice for CSV injection).
func neutralise(cell string) string {
	if cell != "" && strings.IndexByte(formulaStarts, cell[0]) >= 0 {
		return "'" + cell
	}
	return cell
}

// unneutralise undoes neutralise on import.
func unneutralise(cell string) string {
	if len(cell) >= 2 && cell[0] == '\'' && strings.IndexByte(formulaStarts, cell[1]) >= 0 {
		return cell[1:]
	}
	return cell
}

// preview shortens a value for an error message.
func preview(s string) string {
	const max = 60
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}
