package kiosk

import "strings"

// The door page's labels. Keys under "doorjs." are handed to door.js in
// the page's language (see doorScriptText).
func init() {
	addLabels(map[string]Text{
		"door.gate":             {"Porte", "Gate"},
		"door.gate.other":       {"Autre porte…", "Other gate…"},
		"door.in":               {"Entrée", "Entry"},
		"door.out":              {"Sortie", "Exit"},
		"door.outbanner":        {"Mode sortie : chaque scan enregistre une sortie", "Exit mode: each scan records an exit"},
		"door.camera":           {"Caméra", "Camera"},
		"door.search":           {"Chercher un nom", "Find by name"},
		"door.search.hint":      {"Prénom, nom ou organisation", "First name, last name or organisation"},
		"door.walkin":           {"Inscription sur place", "Walk-in registration"},
		"door.close":            {"Fermer", "Close"},
		"door.first":            {"Prénom", "First name"},
		"door.last":             {"Nom", "Last name"},
		"door.email":            {"E-mail (facultatif)", "Email (optional)"},
		"door.org":              {"Organisation", "Organisation"},
		"door.tags":             {"Centres d'intérêt (séparés par des virgules)", "Interests (comma separated)"},
		"door.offers":           {"Ce que je peux apporter", "What I can offer"},
		"door.needs":            {"Ce que je cherche", "What I am looking for"},
		"door.consent.match":    {"J'accepte que l'on me propose des personnes à rencontrer, et d'être proposé(e) à d'autres.", "I agree to get suggestions of people to meet, and to be suggested to others."},
		"door.consent.board":    {"J'accepte que mon prénom et mon organisation s'affichent sur l'écran d'accueil.", "I agree to show my first name and organisation on the welcome screen."},
		"door.register":         {"Créer le badge et faire entrer", "Create the badge and check in"},
		"door.recent":           {"Derniers scans", "Recent scans"},
		"door.queue.title":      {"En attente du réseau", "Waiting for the network"},
		"door.online":           {"En ligne", "Online"},
		"door.offline.short":    {"Hors ligne", "Offline"},
		"door.direction":        {"Sens des scans", "Scan direction"},
		"door.offline":          {"Hors ligne : les scans sont gardés et envoyés au retour du réseau", "Offline: scans are kept and sent when the network is back"},
		"door.https":            {"La caméra exige une connexion HTTPS (sauf sur localhost). Lancez « icebreaker serve --tls-self-signed » ou --tls-cert/--tls-key, ou branchez un lecteur USB.", "The camera needs an HTTPS connection (except on localhost). Run \"icebreaker serve --tls-self-signed\" or --tls-cert/--tls-key, or plug in a USB scanner."},
		"doorjs.queued":         {"Hors ligne : scan gardé, il partira au retour du réseau", "Offline: scan kept, it will be sent when the network is back"},
		"doorjs.sent":           {"envoyé", "sent"},
		"doorjs.nobody":         {"Aucune personne trouvée.", "No one found."},
		"doorjs.more":           {"D'autres personnes correspondent : précisez.", "More people match: type more."},
		"doorjs.inside":         {"déjà entré(e)", "already inside"},
		"doorjs.checkin":        {"Faire entrer", "Check in"},
		"doorjs.checkout":       {"Faire sortir", "Check out"},
		"doorjs.camera.denied":  {"Caméra refusée ou absente : autorisez-la dans le navigateur, ou utilisez un lecteur USB.", "Camera refused or missing: allow it in the browser, or use a USB scanner."},
		"doorjs.camera.browser": {"Décodage dans le navigateur", "Decoding in the browser"},
		"doorjs.camera.server":  {"Décodage par le serveur", "Decoding on the server"},
		"doorjs.camera.stop":    {"Arrêter la caméra", "Stop the camera"},
		"doorjs.walkin.error":   {"Inscription impossible", "Registration failed"},
		"doorjs.print":          {"Imprimer le badge (PDF)", "Print the badge (PDF)"},
		"doorjs.table":          {"Table", "Table"},
		"doorjs.othergate":      {"Nom de la porte :", "Gate name:"},
		"doorjs.verdict.ok":     {"✓ Entrée OK", "✓ Entry OK"},
		"doorjs.verdict.exit":   {"✓ Sortie OK", "✓ Exit OK"},
		"doorjs.verdict.amber":  {"⚠ Déjà entré(e)", "⚠ Already inside"},
		"doorjs.verdict.notin":  {"⚠ Pas entré(e)", "⚠ Not inside"},
		"doorjs.verdict.red":    {"✗ Refusé", "✗ Refused"},
		"doorjs.verdict.queued": {"⏳ En attente du réseau", "⏳ Waiting for the network"},
		"doorjs.badgealt":       {"QR code du badge de", "Badge QR code of"},
		"doorjs.walkin.scanned": {"Badge scanné pendant l'inscription :", "Badge scanned during the registration:"},
		"doorjs.same.maybe":     {"C'est peut-être", "This may be"},
		"door.anyway":           {"Non, créer quand même un nouveau badge", "No, create a new badge anyway"},
	})
}

// doorScriptText is the labels door.js needs: every "doorjs." key.
func doorScriptText(lang string) map[string]string {
	var keys []string
	for k := range labels {
		if strings.HasPrefix(k, "doorjs.") {
			keys = append(keys, k)
		}
	}
	return scriptText(lang, keys...)
}
