package matcher

import "strings"

// The French and English function words the matcher recognises: pronouns,
// articles, prepositions, conjunctions, auxiliaries and their common forms,
// folded (no accents) and singularised as readWords leaves them. The text
// channel skips them; detectLanguage counts them to tell a French text from
// an English one. (The lists are facts of the two languages; the snowball
// stemmer's lists served before, but the stemmers are gone and the package
// pulled the testing package into the binary.)
var (
	frenchStop  = wordSet(frenchStopWords)
	englishStop = wordSet(englishStopWords)
)

func wordSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		for _, rw := range readWords(w) {
			m[rw.key] = true
		}
		m[singular(w)] = true
	}
	return m
}

const frenchStopWords = `au aux avec ce ces dans de des du elle en et eux il ils je la le les leur lui ma mais me meme
mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre
vous c d j l m n s t y ete etee etees etes etant etante etants etantes suis es est sommes etes sont serai seras sera
serons serez seront serais serait serions seriez seraient etais etait etions etiez etaient fus fut fumes futes furent
sois soit soyons soyez soient fusse fusses fut fussions fussiez fussent ayant ayante ayantes ayants eu eue eues eus
ai as avons avez ont aurai auras aura aurons aurez auront aurais aurait aurions auriez auraient avais avait avions
aviez avaient eut eumes eutes eurent aie aies ait ayons ayez aient eusse eusses eussions eussiez eussent ceci cela
celui celle ceux celles cet cette ici ils leurs quel quels quelle quelles sans soi comme donc or ni car si tres plus
moins aussi bien encore deja toujours jamais tout tous toute toutes autre autres meme memes chaque quelque quelques
dont ou lorsque quand alors puis ainsi entre vers chez sous apres avant depuis pendant contre selon parmi`

const englishStopWords = `i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
she her hers herself it its itself they them their theirs themselves what which who whom this that these those am is
are was were be been being have has had having do does did doing would should could ought a an the and but if or
because as until while of at by for with about against between into through during before after above below to from
up down in out on off over under again further then once here there when where why how all any both each few more
most other some such no nor not only own same so than too very can will just don now`
