package main

import "syscall"

// Kill ends the server at once, as a power cut would (SIGKILL): the crash
// drills' tool, so it lives with the tests.
func (p *serverProcess) Kill() {
	p.Cmd.Process.Signal(syscall.SIGKILL)
	p.Cmd.Wait()
}
