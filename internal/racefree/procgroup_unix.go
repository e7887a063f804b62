//go:build unix

package racefree

import (
	"os/exec"
	"syscall"
)

// ownProcessGroup puts the child go test in a process group of its own, so
// that ending it ends the test binary it runs too.
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
