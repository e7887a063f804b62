package live

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"icebreaker/data"
	"icebreaker/matcher"
)

// People correct the matcher. A phone shows what the matcher read in the
// person's offers, needs and interests (Understood) and sends corrections
// (Correct); the admin maps the phrases no concept covers (Uncovered) to a
// concept, or makes a new one (MapPhrase), for the live event, saved in its
// settings and exported as a vocabulary file (VocabularyTSV).

// Concept is one concept the matcher read in (or was told about) a field of
// a person's profile, as the phone shows it.
type Concept struct {
	Field string `json:"field"` // offers, needs or interests
	Key   string `json:"key"`
	Label Text   `json:"label"`
	// Said is what the person wrote that the concept was read from; empty
	// for a concept they added.
	Said  string `json:"said,omitempty"`
	Added bool   `json:"added,omitempty"`
}

// Choice is a concept offered by a typeahead.
type Choice struct {
	Key   string `json:"key"`
	Label Text   `json:"label"`
}

// RequestError is a request the Day refuses, with what to do instead, in
// both languages.
type RequestError struct{ Text }

func (e *RequestError) Error() string { return e.EN }

func refuse(fr, en string, args ...any) error {
	return &RequestError{Text{FR: fmt.Sprintf(fr, args...), EN: fmt.Sprintf(en, args...)}}
}

// MaxCorrections bounds the corrections kept per person (one per field
// and concept: a later one replaces an earlier one).
const MaxCorrections = 200

// correctable are the fields a person can correct.
var correctable = []string{string(matcher.FieldOffers), string(matcher.FieldNeeds), string(matcher.FieldInterests)}

// corrections converts the stored corrections to the matcher's.
func corrections(cs []data.Correction) []matcher.Correction {
	if len(cs) == 0 {
		return nil
	}
	out := make([]matcher.Correction, len(cs))
	for i, c := range cs {
		out[i] = matcher.Correction{Field: matcher.Field(c.Field), Key: c.Key, Remove: c.Remove}
	}
	return out
}

// Understood lists the concepts the matcher reads in id's offers, needs and
// interests now (their corrections applied), field by field, with labels
// in both languages.
func (d *Day) Understood(id data.AttendeeID) []Concept {
	d.mu.Lock()
	m := d.model
	d.mu.Unlock()
	out := []Concept{}
	for _, u := range m.Understood(uint64(id)) {
		if u.Field == matcher.FieldTitle {
			continue
		}
		out = append(out, Concept{Field: string(u.Field), Key: u.Key, Said: u.Said, Added: u.Added,
			Label: Text{FR: m.Label(u.Key, "fr"), EN: m.Label(u.Key, "en")}})
	}
	return out
}

// Complete offers up to n concepts of the event's vocabulary for what was
// typed (a typeahead), matched on labels in lang and aliases.
func (d *Day) Complete(prefix, lang string, n int) []Choice {
	v := d.vocabulary()
	out := []Choice{}
	for _, key := range v.Complete(prefix, lang, n) {
		out = append(out, choiceOf(v, key))
	}
	return out
}

func choiceOf(v *matcher.Vocabulary, key string) Choice {
	fr, _ := v.Label(key, "fr")
	en, _ := v.Label(key, "en")
	return Choice{Key: key, Label: Text{FR: fr, EN: en}}
}

// vocabulary is the event's vocabulary in use.
func (d *Day) vocabulary() *matcher.Vocabulary {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.opts.Vocabulary
}

// Correct records a person's corrections of how the matcher read them and
// applies them at once: the model re-reads the profile, the index ranks
// them again if present, and their phone reloads (new suggestions, new
// "what we understood"). A correction replaces an earlier one of the same
// field and concept. Unknown fields or concepts are refused (RequestError)
// and nothing is written.
func (d *Day) Correct(id data.AttendeeID, cs []data.Correction) (data.Attendee, error) {
	v := d.vocabulary()
	for _, c := range cs {
		if !slices.Contains(correctable, c.Field) {
			return data.Attendee{}, refuse("Champ %q inconnu : offers, needs ou interests.", "Unknown field %q: offers, needs or interests.", c.Field)
		}
		if _, ok := v.Label(c.Key, "en"); !ok {
			return data.Attendee{}, refuse("Concept %q inconnu : choisissez-en un dans la liste proposée.", "Unknown concept %q: pick one from the list offered.", c.Key)
		}
	}
	a, err := d.edit(id, func(a *data.Attendee) error {
		for _, c := range cs {
			a.Corrections = slices.DeleteFunc(a.Corrections, func(old data.Correction) bool {
				return old.Field == c.Field && old.Key == c.Key
			})
			a.Corrections = append(a.Corrections, c)
		}
		if len(a.Corrections) > MaxCorrections {
			return refuse("Trop de corrections (%d au plus).", "Too many corrections (%d at most).", MaxCorrections)
		}
		return nil
	})
	if err == nil {
		d.pub.Publish(PhoneTopic(id), KindRefresh, nil)
	}
	return a, err
}

// Uncovered returns up to n phrases of the event's profiles that no concept
// covers, the most written first: what the admin should map first.
func (d *Day) Uncovered(n int) []matcher.Uncovered {
	d.mu.Lock()
	m := d.model
	d.mu.Unlock()
	return m.Uncovered(n)
}

// EventVocabulary is base (nil: the built-in vocabulary) with an event's
// own lines applied in order, as a new vocabulary; base is not changed. A
// line that no longer applies (its concept was removed from base) is
// skipped. With no lines, base itself is returned.
func EventVocabulary(base *matcher.Vocabulary, lines []data.VocabularyLine) *matcher.Vocabulary {
	if len(lines) == 0 {
		return base
	}
	if base == nil {
		base = matcher.DefaultVocabulary()
	}
	v := base.Clone()
	for _, l := range lines {
		applyLine(v, l) // checked when saved
	}
	return v
}

// applyLine applies one line of an event's vocabulary to v.
func applyLine(v *matcher.Vocabulary, l data.VocabularyLine) error {
	if l.FR != "" || l.EN != "" {
		return v.AddConcept(l.Key, l.FR, l.EN, []string{l.Phrase})
	}
	return v.AddAlias(l.Phrase, l.Key)
}

// MapPhrase adds a line to the event's vocabulary: the phrase names an
// existing concept (FR and EN empty) or a new one (key, French label with
// its article, English label). It is checked against the vocabulary in
// use (RequestError: a missing concept, a key taken or invalid, a phrase
// without words), saved in the event's settings, and applied to the live
// event at once: the model is rebuilt on the new vocabulary with the same
// people present and pairs kept apart, and every phone reloads.
func (d *Day) MapPhrase(l data.VocabularyLine) error {
	l.Phrase, l.Key = strings.TrimSpace(l.Phrase), strings.TrimSpace(l.Key)
	l.FR, l.EN = strings.TrimSpace(l.FR), strings.TrimSpace(l.EN)
	if l.Phrase == "" || l.Key == "" {
		return refuse("Indiquez l'expression et le concept.", "Give the phrase and the concept.")
	}
	if (l.FR == "") != (l.EN == "") {
		return refuse("Un nouveau concept a besoin d'un libellé français et d'un libellé anglais.", "A new concept needs a French and an English label.")
	}
	d.vocab.Lock()
	defer d.vocab.Unlock()
	next := d.vocabulary().Clone()
	if err := applyLine(next, l); err != nil {
		return vocabularyRefusal(err, l)
	}
	l.At = d.now()
	err := d.store.Update(func(tx *data.Tx) error {
		set, err := tx.Settings()
		if err != nil {
			return err
		}
		set.Vocabulary = append(set.Vocabulary, l)
		return tx.PutSettings(set)
	})
	if err != nil {
		return err
	}
	d.rebuild(func(o *matcher.Options) { o.Vocabulary = next })
	d.publishPhones()
	return nil
}

// vocabularyRefusal explains why the vocabulary refused a line.
func vocabularyRefusal(err error, l data.VocabularyLine) error {
	switch {
	case l.FR == "":
		return refuse("Le concept %q n'existe pas (ou l'expression %q n'a aucun mot) : choisissez un concept de la liste ou créez-en un.",
			"There is no concept %q (or the phrase %q has no word): pick a concept from the list or make a new one.", l.Key, l.Phrase)
	case strings.Contains(err.Error(), "exists already"):
		return refuse("Le concept %q existe déjà : associez l'expression à ce concept ou choisissez une autre clé.",
			"Concept %q exists already: map the phrase to it or pick another key.", l.Key)
	}
	return refuse("Clé %q invalide : lettres minuscules sans accent, chiffres, « - » ou « _ ».",
		"Invalid key %q: lower-case ASCII letters, digits, '-' or '_'.", l.Key)
}

// publishPhones tells every phone to reload (suggestions and what the
// matcher understood may have changed); the hub skips the phones nobody
// has open.
func (d *Day) publishPhones() {
	d.mu.Lock()
	ids := make([]data.AttendeeID, 0, len(d.pic.people))
	for id := range d.pic.people {
		ids = append(ids, id)
	}
	d.mu.Unlock()
	for _, id := range ids {
		d.pub.Publish(PhoneTopic(id), KindRefresh, nil)
	}
}

// VocabularyTSV writes the event's vocabulary in use (the server's and the
// event's own lines) as a vocabulary file that --vocabulary reads.
func (d *Day) VocabularyTSV() ([]byte, error) {
	var buf bytes.Buffer
	if err := d.vocabulary().WriteTSV(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// IsRequestError reports whether err is a refused request, and its text.
func IsRequestError(err error) (Text, bool) {
	var re *RequestError
	if errors.As(err, &re) {
		return re.Text, true
	}
	return Text{}, false
}
