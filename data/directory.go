package data

// Who the directory lists, among the people who consented to it
// (Settings.Directory).
const (
	DirectoryPresent    = "present"    // only the people inside now (the default)
	DirectoryRegistered = "registered" // everyone registered
)

// DirectoryScope is the organiser's choice of who the directory lists:
// DirectoryPresent unless DirectoryRegistered was chosen.
func (s Settings) DirectoryScope() string {
	if s.Directory == DirectoryRegistered {
		return DirectoryRegistered
	}
	return DirectoryPresent
}
