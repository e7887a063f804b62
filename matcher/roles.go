package matcher

import "strings"

// The roles a hackathon team should cover (Role, DefaultRoles) and what a
// group misses of them (Group.Missing, MissingText).

// Role is a skill a team needs (hackathon teams): a developer, a designer,
// a business profile. A member fills the role when one of the concept keys
// they offer (TeamOptions.Skills) is among Concepts, or when Match, if set,
// is true for their profile.
type Role struct {
	Key      string             // names the role in RoleCoverage ("design")
	FR, EN   string             // labels shown to people ("design"); empty means Key
	Concepts []string           // concept keys of the vocabulary ("ux-design", "graphic-design")
	Match    func(Profile) bool // optional predicate, for what no concept says
}

// Label is the role's label in lang ("fr" or "en"; anything else is
// English), or its key when the label is empty.
func (r Role) Label(lang string) string {
	l := r.EN
	if lang == "fr" {
		l = r.FR
	}
	if l == "" {
		return r.Key
	}
	return l
}

// RoleCoverage says which members of a team fill one role (Role.Key), in
// increasing id order; By is empty when no member fills it.
type RoleCoverage struct {
	Role string
	By   []uint64
}

// Missing returns the keys of the roles no member of g fills, in the order
// of the roles (nil outside Teams mode).
func (g Group) Missing() []string {
	var keys []string
	for _, rc := range g.Roles {
		if len(rc.By) == 0 {
			keys = append(keys, rc.Role)
		}
	}
	return keys
}

// MissingText is the line a screen shows under a team that lacks roles:
// « manque : design, business » in French, "missing: design, business" in
// English, with the roles' labels (roles as given to BuildTeams, or
// DefaultRoles); "" when the team lacks none.
func (g Group) MissingText(roles []Role, lang string) string {
	missing := g.Missing()
	if len(missing) == 0 {
		return ""
	}
	labels := make([]string, len(missing))
	for x, key := range missing {
		labels[x] = key
		for _, r := range roles {
			if r.Key == key {
				labels[x] = r.Label(lang)
			}
		}
	}
	if lang == "fr" {
		return "manque\u00a0: " + strings.Join(labels, ", ")
	}
	return "missing: " + strings.Join(labels, ", ")
}

// DefaultRoles are the three profiles a hackathon team usually needs:
// tech (development, data, infrastructure), design (UX, UI, graphic,
// product design) and business (sales, marketing, product management,
// strategy, pitching).
func DefaultRoles() []Role {
	return []Role{
		{Key: "tech", FR: "tech", EN: "tech", Concepts: []string{
			"software", "programming-languages", "web-development", "mobile-apps", "no-code", "cloud", "devops",
			"cybersecurity", "it", "api", "data", "data-science", "data-visualisation", "business-intelligence",
			"data-warehousing", "ai", "machine-learning", "generative-ai", "nlp", "computer-vision", "blockchain",
			"iot", "hardware", "robotics", "vr-ar", "gaming"}},
		{Key: "design", FR: "design", EN: "design", Concepts: []string{
			"design", "ux-design", "ui-design", "graphic-design", "product-design", "service-design", "user-testing",
			"eco-design"}},
		{Key: "business", FR: "business", EN: "business", Concepts: []string{
			"sales", "marketing", "digital-marketing", "growth", "growth-marketing", "business-model", "business-plan",
			"strategy", "product-management", "product-discovery", "go-to-market", "customer-acquisition",
			"market-research", "pricing", "pitch", "pitch-deck", "partnerships", "b2b", "b2c", "ecommerce",
			"branding", "communication", "social-media", "content-marketing", "key-accounts", "customer-success",
			"negotiation", "fundraising", "financial-modelling", "entrepreneurship", "sales-channels", "market-entry"}},
	}
}
