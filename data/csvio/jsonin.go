package csvio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// readJSON reads an array of objects keyed like the CSV headers (what
// WriteAttendees writes with Format "json"), or an object whose
// "attendees" member is such an array, and returns them with the union of
// their keys.
func readJSON(text string) ([]map[string]json.RawMessage, []string, error) {
	var objects []map[string]json.RawMessage
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	if strings.HasPrefix(text, "{") {
		var wrapper struct {
			Attendees []map[string]json.RawMessage `json:"attendees"`
		}
		if err := dec.Decode(&wrapper); err != nil {
			return nil, nil, jsonError(text, dec, err)
		}
		objects = wrapper.Attendees
	} else if err := dec.Decode(&objects); err != nil {
		return nil, nil, jsonError(text, dec, err)
	}
	return objects, jsonKeys(objects), nil
}

// addObjects validates JSON objects. Lists may be arrays or text, yes/no
// fields booleans or text, codes strings or numbers. Row is the position
// of the object from 1.
func (b *builder) addObjects(objects []map[string]json.RawMessage) {
	for i, obj := range objects {
		var errs []RowError
		cells := make([]cell, 0, len(obj))
		for k, key := range b.headers {
			raw, ok := obj[key]
			if !ok {
				continue
			}
			c, err := jsonCell(raw)
			if err != (Msg{}) {
				errs = append(errs, RowError{Row: i + 1, Column: key, Value: preview(string(raw)), Msg: err.EN, FR: err.FR})
				continue
			}
			c.f, c.header = b.cols[k], key
			cells = append(cells, c)
		}
		if len(obj) == 0 {
			errs = append(errs, RowError{Row: i + 1, Msg: "is an empty object", FR: "est un objet vide"})
		}
		b.addRow(i+1, cells, errs)
	}
}

// jsonKeys is the union of the objects' keys: known fields in canonical
// order, then the others alphabetically.
func jsonKeys(objects []map[string]json.RawMessage) []string {
	seen := map[string]bool{}
	var keys []string
	for _, o := range objects {
		for k := range o {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	rank := func(k string) int {
		if f := fieldByName(k); f != fUnknown {
			return f
		}
		return len(FieldNames())
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, rj := rank(keys[i]), rank(keys[j])
		if ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	return keys
}

// jsonCell reads one JSON value as a cell, or says what is wrong with it.
func jsonCell(raw json.RawMessage) (cell, Msg) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return cell{}, Msg{}
	case raw[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return cell{}, Msg{FR: "n'est pas un texte valide", EN: "is not valid text"}
		}
		return cell{text: s}, Msg{}
	case raw[0] == '[':
		var items []string
		if err := json.Unmarshal(raw, &items); err != nil {
			return cell{}, Msg{FR: "n'est pas une liste de textes", EN: "is not a list of texts"}
		}
		return cell{list: items, isList: true}, Msg{}
	case string(raw) == "true":
		return cell{text: "yes"}, Msg{}
	case string(raw) == "false":
		return cell{text: "no"}, Msg{}
	case raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9':
		return cell{text: string(raw)}, Msg{}
	}
	return cell{}, Msg{FR: "est un objet ; attendu : un texte, une liste, oui/non ou un nombre", EN: "is an object; expected text, a list, yes/no or a number"}
}

// jsonError names the line of a JSON syntax error.
func jsonError(text string, dec *json.Decoder, err error) error {
	off := dec.InputOffset()
	if se, ok := err.(*json.SyntaxError); ok {
		off = se.Offset
	}
	if off > int64(len(text)) {
		off = int64(len(text))
	}
	line := 1 + strings.Count(text[:off], "\n")
	return fmt.Errorf("JSON, line %d: %v", line, err)
}
