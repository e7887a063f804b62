package matcher

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"icebreaker/internal/textfold"
)

// How the matcher reads text.
//
// Every text (a list item, a title, a project paragraph) is cut into words:
// runs of letters and digits (a "+" or "#" right after a word stays: "c++",
// "c#"); apostrophes, hyphens, slashes and all other punctuation separate
// words. Each word is folded (case, accents, ligatures: "Levées" → "levees")
// and reduced to its singular (plural below). Then, in both languages:
//
//   - an elided article or pronoun before an apostrophe (l', d', j', qu',
//     n', s', c', m', t') is dropped, except d', which reads as "de";
//   - the definite and indefinite articles le, la, les, un, une, the, an
//     are dropped; du, des read as "de";
//   - every other word is kept, function words included: "prise de parole"
//     is three words and an alias only matches them in that order.
//
// Nothing else is stemmed. Stemming every word with a French and an English
// stemmer made short stems collide across languages ("comme" and "comm",
// "devis" and "dev", "cire" and "CIR"); the vocabulary lists word forms
// instead, so that an alias means what its author wrote.
//
// Words keep their byte span in the original text, so that a reason can
// quote what a person wrote.

// word is one word of a text: its normal form and its byte span in the
// text it was read from.
type word struct {
	key        string
	start, end int
	caps       bool // a capsOnly word written in capitals
}

// dropped are the articles that never count inside a phrase.
var dropped = map[string]bool{"le": true, "la": true, "les": true, "un": true, "une": true, "the": true, "an": true}

// elided are the words that French writes before an apostrophe ("l'IA",
// "qu'on"): dropped when an apostrophe follows them, except "d", read as
// "de".
var elided = map[string]bool{"l": true, "d": true, "j": true, "qu": true, "n": true, "s": true, "c": true, "m": true, "t": true}

// capsOnly are acronyms that are also everyday words ("IT" and "it",
// "SEA" and "sea"): alone, they name a concept only when written in
// capitals ("IT", not "make it work"); inside a longer alias ("it
// services") the other words say enough.
var capsOnly = map[string]bool{"it": true, "sea": true, "us": true, "one": true, "pr": true, "has": true}

// isApostrophe reports whether r is an apostrophe as people type it.
func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == '`' || r == 'ʼ' }

// readWords cuts s into its normalised words (see above). It never fails:
// invalid UTF-8 and symbols are separators.
func readWords(s string) []word {
	var out []word
	elision := "" // the elided word just before, if any
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			i += n
			continue
		}
		start := i
		for i < len(s) {
			r, n = utf8.DecodeRuneInString(s[i:])
			if !isWordRune(r) && !(unicode.Is(unicode.Mn, r)) {
				break
			}
			i += n
		}
		for i < len(s) && (s[i] == '+' || s[i] == '#') {
			i++
		}
		raw := textfold.Fold(s[start:i])
		next, _ := utf8.DecodeRuneInString(s[i:])
		if elided[raw] && isApostrophe(next) {
			if raw == "d" {
				out = append(out, word{"de", start, i, false})
			}
			elision = raw
			continue
		}
		if raw == "ai" && (elision == "j" || elision == "n" || elision == "t" || elision == "m" ||
			elision == "l" && s[start:i] != "AI") {
			raw = "avoir" // "j'ai", "n'ai", "je l'ai fait": the verb; "l'AI Act" stays AI
		}
		elision = ""
		caps := capsOnly[raw] && s[start:i] == strings.ToUpper(s[start:i])
		switch {
		case dropped[raw] && !(raw == "the" && s[start:i] != strings.ToLower(s[start:i]) && strings.ContainsRune(strings.ToLower(s[start:i]), 'é')):
			continue // an article ("the", but not "thé")
		case raw == "du" || raw == "des":
			raw = "de"
		}
		out = append(out, word{singular(raw), start, i, caps})
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// singular reduces a folded word to its singular by its last letters, the
// same way in both languages: "-ies" → "-y" (companies), "-eaux" → "-eau"
// (réseaux), "-aux" → "-al" (locaux), else one final "s" or "x" on words
// of four letters or more, except after "s", "u" or "i" (business, focus,
// devis, analysis), which are singular already. Both sides of every
// comparison are reduced alike, so a wrong singular ("travaux" → "traval")
// costs nothing but a missing alias.
func singular(w string) string {
	n := len(w)
	switch {
	case n < 4:
		return w
	case n >= 5 && strings.HasSuffix(w, "ies"):
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "eaux"):
		return w[:n-1]
	case n >= 5 && strings.HasSuffix(w, "aux"):
		return w[:n-3] + "al"
	}
	last, before := w[n-1], w[n-2]
	// A final x is a plural only after eau, au, eu or ou (above, or left
	// as written: « jeux », « bijoux »): « comex », "index", "duplex" are
	// words of their own, not plurals of « come » or « inde ».
	if last == 's' && before != 's' && before != 'u' && before != 'i' {
		return w[:n-1]
	}
	return w
}

// keysOf returns the normal forms of ws.
func keysOf(ws []word) []string { return mapped(ws, func(w word) string { return w.key }) }

// phraseKey is the normal form of a tag or a vocabulary alias: its words
// joined by single spaces. Two texts with the same phraseKey say the same
// thing to the matcher.
func phraseKey(s string) string { return strings.Join(keysOf(readWords(s)), " ") }

// isStopWord reports whether the normalised word w carries no meaning of
// its own in French or English ("pour", "with", "nous"): the text channel
// skips it. Vocabulary aliases keep such words.
func isStopWord(w string) bool {
	if len(w) <= 2 && !meaningfulShort[w] {
		return true
	}
	return englishStop[w] || frenchStop[w] || extraStopWords[w]
}

// meaningfulShort are two-letter words that carry meaning ("ia", "ux").
var meaningfulShort = map[string]bool{"ia": true, "ai": true, "ux": true, "ui": true, "rh": true, "hr": true, "3d": true, "5g": true, "vr": true, "ar": true, "bi": true, "ml": true, "pr": true, "rp": true, "qa": true, "ci": true, "cd": true, "c#": true, "go": true, "r&": true}

// extraStopWords are words common in profiles that say nothing about a
// subject: folded French stop words the lists of stopwords.go miss, form
// filler ("cherche", "looking", "help"), and the places of our events
// (two people who both wrote "centre de Liège" share a town, not a
// subject: "what Martin looks for mentions centre, Liège" was no reason). They are written as people write
// them and normalised once (singular).
var extraStopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`etre ete deja tres apres aupres ca cela etc nos vos leur leurs via
		chez sans sous vers plus aussi bien cherche chercher recherche rechercher cherchons recherchons
		cherchent besoin besoins aide aider trouver looking need needs help want wants veux voudrais
		souhaite souhaitons quelqu someone personne personnes people gens faire fait peux peut pouvoir
		can could would mon ma mes notre votre our my thing things chose choses truc idee idees advice
		tip tips sur dans pour avec for with and et ou or de of to en in on a au aux the from par qui
		que quoi comment how what who is are am suis sommes est sont avoir ai avons have has had
		je nous vous il elle ils elles on we you they it i me moi toi lui si if not pas ne plus also
		very really vraiment beaucoup lot lots bon bonne good great new nouveau nouvelle nouveaux
		autre autres other others some quelques tout tous toute toutes all any plein
		jour jours semaine semaines mois an ans annee annees heure heures day days week weeks month
		months year years hour hours matin soir midi morning evening fois time times dispo disponible
		available car donc alors puis ainsi entre between chaque each
		centre center ville city region belge belges belgian francais francaise french europeen european
		bruxelles brussels bruxellois liege namur charleroi mons gand ghent anvers antwerp louvain leuven
		wallonie wallonia wallon wallonne flandre flanders flamand flemish belgique belgium france paris
		lille roubaix tourcoing lyon nantes marseille bordeaux toulouse strasbourg nord europe benelux
		contact contacts`) {
		m[singular(w)] = true
	}
	return m
}()
