package matcher

import (
	"fmt"
	"strings"
)

// textPrefix is how many letters of a word the text channel compares:
// "recyclage", "recycler" and "recyclé" meet on "recycl", "développeur" and
// "développement" on "develo". A prefix is a crude stem, but in the text
// channel a collision only adds a little to a cosine; it never names a
// concept. Tuned on the tuning half of the evaluation events.
var textPrefix = 6

// textKey is the text channel's key for a normalised word: its English
// glossary word when the glossary translates it (so that "pain" meets
// "bread"), cut to its first textPrefix bytes (whole runes).
//
// lang is the language of the text the word comes from (detectLanguage):
// English text is the glossary's own side and is not translated; a word of
// a text of unknown language is translated unless it is also an English
// word of another sense (englishWords).
func (v *Vocabulary) textKey(w, lang string) string {
	if g, ok := v.glossary[w]; ok && lang != "en" && (lang == "fr" || !englishWords[w]) {
		w = g
	}
	if textPrefix <= 0 || len(w) <= textPrefix {
		return w
	}
	n := textPrefix
	for n < len(w) && w[n]&0xC0 == 0x80 { // do not cut a rune
		n++
	}
	return w[:n]
}

// parseGlossary reads a bilingual word glossary into v: one meaning per
// line, "english<TAB>french|french variant|…", "#" for comments. Each
// French form that is one word reads as the English word in the text
// channel; forms of several words are left to the vocabulary.
func (v *Vocabulary) parseGlossary(text string) error {
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 2 {
			return fmt.Errorf("glossary line %d: want english <TAB> french forms, got %d column(s)", n+1, len(cols))
		}
		en := readWords(cols[0])
		if len(en) != 1 {
			return fmt.Errorf("glossary line %d: the English side must be one word, got %q", n+1, cols[0])
		}
		if v.glossary == nil {
			v.glossary = map[string]string{}
		}
		for _, fr := range strings.Split(cols[1], "|") {
			if ws := readWords(fr); len(ws) == 1 && ws[0].key != en[0].key && !isStopWord(ws[0].key) {
				v.glossary[ws[0].key] = en[0].key
			}
		}
	}
	return nil
}

// englishWords are French glossary forms that are also English words of
// another sense: in a text whose language is unknown they are left as they
// are, so that English "pain point" is not read as bread.
var englishWords = map[string]bool{"pain": true, "isolation": true, "raisin": true, "mere": true, "sang": true,
	"legume": true, "coin": true, "chat": true, "four": true, "cent": true, "ride": true, "sale": true, "lame": true,
	"tape": true, "pile": true, "rate": true, "fin": true, "main": true, "stage": true, "location": true}

// detectLanguage guesses the language of a text from its function words:
// "fr" or "en" when one language has at least two more of them than the
// other, else "" (short list items: "SEO", "boulangerie").
func detectLanguage(ws []word) string {
	fr, en := 0, 0
	for _, w := range ws {
		isFr, isEn := frenchStop[w.key] || frenchOnly[w.key], englishStop[w.key]
		switch {
		case isFr && !isEn:
			fr++
		case isEn && !isFr:
			en++
		}
	}
	switch {
	case fr >= en+2:
		return "fr"
	case en >= fr+2:
		return "en"
	}
	return ""
}

// frenchOnly are French function words as readWords leaves them (articles
// dropped, "des" read as "de") that frenchStop lacks.
var frenchOnly = map[string]bool{"de": true, "avoir": true, "etre": true, "tres": true, "deja": true, "ca": true}
