//go:build !race

package racefree

// Race is true when this binary was built with the race detector (-race).
const Race = false
