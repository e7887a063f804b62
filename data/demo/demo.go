// Package demo generates the built-in demo event: French, Belgian and
// English-speaking attendees with organisations, projects in sectors, skills
// they offer, needs and interests, a few hosts. The same seed always gives
// the same event, so demos, tests and load runs are reproducible.
package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"icebreaker/data"
)

// Event is the demo event's description.
func Event() data.Event {
	return data.Event{
		Name:     "Journée Icebreaker — Demo Day",
		Date:     "2026-11-21",
		Venue:    "La Serre, Bruxelles",
		Language: "fr",
		Gates:    []string{"main", "north"},
		TimeZone: "Europe/Brussels",
	}
}

var (
	firstNamesFR = []string{"Amélie", "Karim", "Inès", "Théo", "Éloïse", "Mathis", "Léa", "Hugo", "Chloé", "Yanis",
		"Manon", "Lucas", "Camille", "Nathan", "Zoé", "Rayan", "Jade", "Louis", "Maëlle", "Noé", "Sarah", "Gabriel",
		"Anaïs", "Arthur", "Océane", "Mehdi", "Clémence", "Bastien", "Fatou", "Quentin", "Hélène", "Loïc", "Agnès",
		"Jérôme", "Françoise", "Benoît", "Aurélie", "Cédric", "Salomé", "Thibault"}
	firstNamesEN = []string{"Emma", "Oliver", "Sophie", "James", "Grace", "Daniel", "Hannah", "Ryan", "Olivia",
		"Samuel", "Priya", "Kwame", "Mei", "Lars", "Aisha", "Tom", "Ines", "Noah", "Maya", "Leo"}
	lastNames = []string{"Dubois", "Benali", "Moreau", "Lefèvre", "Cœur-Dupré", "Peeters", "Janssens", "Diallo",
		"Laurent", "Mertens", "Garcia", "Nguyen", "Rousseau", "Claes", "Haddad", "Fontaine", "Wouters", "Martin",
		"Lambert", "Dupont", "Smith", "Okafor", "Schmidt", "Rossi", "Kowalski", "Mbaye", "Girard", "Maes",
		"Bernard", "Vermeulen", "Chevalier", "Leroy", "Brown", "Müller", "Ferreira", "Bouchard"}
	organisations = []string{"Matrice", "BeCode", "Le Wagon Bruxelles", "Station F", "La Serre Incubateur",
		"hub.brussels", "Wallonie Entreprendre", "Solvay Entrepreneurs", "Epitech Lille", "Simplon",
		"ÉcoloTech", "Agricool", "Kidily", "Dataïku Labs", "MedTrack", "Ateliers Numériques", "Finaxy",
		"CodeCafé", "Les Déterminés", "Impact Hub Liège", "Startup Lab Namur", "BNP Paribas Fortis",
		"Proximus", "Freelance", "Université libre de Bruxelles", "Sciences Po Incubateur", "Makesense"}
	titles = []string{"Fondatrice", "CEO", "CTO", "Développeur", "Designer UX", "Chargée de projet",
		"Product manager", "Coach", "Investisseur", "Étudiant", "Data scientist", "Responsable marketing",
		"Business developer", "Mentor", "Head of partnerships"}
	// sectors maps a sector to project descriptions in French and English.
	sectors = []struct {
		name     string
		projects []string
	}{
		{"edtech", []string{"Plateforme d'apprentissage du code pour les lycéens", "An adaptive learning app for adult education", "Outil de tutorat entre étudiants"}},
		{"healthtech", []string{"Suivi des patients chroniques à domicile", "Mental health support chatbot for students", "Téléconsultation pour les zones rurales"}},
		{"greentech", []string{"Compostage connecté pour les restaurants", "Carbon footprint tracking for SMEs", "Réseau de réparation d'objets électroniques"}},
		{"fintech", []string{"Micro-crédit pour les indépendants", "Open banking dashboard for freelancers", "Épargne solidaire en ligne"}},
		{"foodtech", []string{"Circuit court entre fermes et cantines", "Anti food waste marketplace", "Épicerie vrac mobile"}},
		{"social economy", []string{"Insertion professionnelle par le numérique", "Community platform for refugees' job search", "Coopérative de livreurs à vélo"}},
		{"culture", []string{"Billetterie solidaire pour les salles de concert", "Virtual museum tours", "Festival de jeux vidéo indépendants"}},
		{"mobility", []string{"Covoiturage domicile-travail en zone rurale", "Bike sharing analytics", "Logistique urbaine décarbonée"}},
	}
	// skills are tags as attendees write them: French and English, with
	// accents, plurals and abbreviations varying, as the matcher must cope.
	skills = []string{"levée de fonds", "fundraising", "marketing digital", "growth hacking", "SEO",
		"référencement naturel", "développement web", "web development", "React", "Go", "Python",
		"data science", "intelligence artificielle", "machine learning", "UX design", "design produit",
		"droit des sociétés", "legal", "comptabilité", "accounting", "recrutement", "hiring", "pitch",
		"prise de parole", "business plan", "stratégie commerciale", "sales", "vente B2B", "partenariats",
		"subventions", "public funding", "impact social", "communication", "réseaux sociaux", "community management",
		"électronique", "hardware", "prototypage", "cybersécurité", "cloud", "mobile", "no-code",
		"gestion de projet", "product management", "mentorat", "internationalisation", "export", "RSE"}
	interests = []string{"entrepreneuriat", "startups", "éducation", "education", "santé", "climat",
		"climate", "économie sociale", "open source", "innovation", "diversité", "inclusion", "IA",
		"AI", "design", "agriculture", "food", "mobilité", "culture", "musique", "sport", "impact",
		"smart city", "fintech", "blockchain", "jeux vidéo", "ESS", "femmes entrepreneures"}
)

// Attendees returns n attendees for the seed. Emails are unique; badge codes
// and phone secrets are left empty for the store to assign.
func Attendees(n int, seed uint64) []data.Attendee {
	r := rand.New(rand.NewPCG(seed, seed^0x1ceb4ea7))
	out := make([]data.Attendee, 0, n)
	for i := 0; i < n; i++ {
		english := r.IntN(4) == 0
		first := pick(r, firstNamesFR)
		lang := []string{"fr"}
		if english {
			first = pick(r, firstNamesEN)
			lang = []string{"en"}
		}
		if r.IntN(3) == 0 {
			lang = []string{"fr", "en"}
		}
		last := pick(r, lastNames)
		org := pick(r, organisations)
		sector := sectors[r.IntN(len(sectors))]
		a := data.Attendee{
			FirstName:    first,
			LastName:     last,
			Email:        emailOf(first, last, org, i+1),
			Organisation: org,
			Title:        pick(r, titles),
			Languages:    lang,
			Project: data.Project{
				Name:        fmt.Sprintf("%s %d", strings.Fields(sector.projects[0])[0], i+1),
				Sector:      sector.name,
				Stage:       pick(r, []string{"idée", "prototype", "lancé", "croissance"}),
				Description: pick(r, sector.projects),
			},
			Offers:       pickN(r, skills, 1+r.IntN(3)),
			Needs:        pickN(r, skills, 1+r.IntN(2)),
			Interests:    pickN(r, interests, 2+r.IntN(3)),
			Host:         r.IntN(12) == 0,
			MatchConsent: r.IntN(10) != 0, // 90%
			BoardConsent: r.IntN(5) != 0,  // 80%
		}
		out = append(out, a)
	}
	return out
}

func pick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

func pickN(r *rand.Rand, list []string, n int) []string {
	idx := r.Perm(len(list))[:n]
	out := make([]string, n)
	for i, j := range idx {
		out[i] = list[j]
	}
	return out
}

// sharedPlaces are demo organisations that are not employers: people who
// write them have their own company's domain.
var sharedPlaces = map[string]bool{"Freelance": true, "Station F": true}

// emailOf is the n-th demo attendee's e-mail: at their organisation's
// domain, as colleagues have (the matcher keeps colleagues apart), or at a
// domain of their own for a shared place. Domains end in .example, which
// reaches nobody.
func emailOf(first, last, org string, n int) string {
	domain := slug(org)
	if sharedPlaces[org] {
		domain = fmt.Sprintf("%s%s%d", slug(first), slug(last), n)
	}
	return fmt.Sprintf("%s.%s.%d@%s.example", slug(first), slug(last), n, domainSafe(domain))
}

// domainSafe keeps the letters and digits of s (a domain label).
func domainSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// slug makes an ASCII email local part from a name.
func slug(s string) string {
	repl := strings.NewReplacer("é", "e", "è", "e", "ê", "e", "ë", "e", "à", "a", "â", "a", "ï", "i", "î", "i",
		"ô", "o", "ö", "o", "ü", "u", "û", "u", "ç", "c", "œ", "oe", "É", "e", " ", "", "-", "", "'", "")
	return repl.Replace(strings.ToLower(s))
}
