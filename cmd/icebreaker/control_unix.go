//go:build unix

package main

import (
	"io/fs"
	"net"
	"os"
	"sync"
	"syscall"
)

// umaskMu serialises the umask change of listenUnixPrivate.
var umaskMu sync.Mutex

// listenUnixPrivate listens on a new Unix socket at path that is 0600 from
// the moment it exists (the umask is narrowed while it is created).
func listenUnixPrivate(path string) (net.Listener, error) {
	umaskMu.Lock()
	old := syscall.Umask(0o177)
	ln, err := net.Listen("unix", path)
	syscall.Umask(old)
	umaskMu.Unlock()
	return ln, err
}

// ownedByMe reports whether the file belongs to this process's user.
func ownedByMe(st fs.FileInfo) bool {
	sys, ok := st.Sys().(*syscall.Stat_t)
	return ok && int(sys.Uid) == os.Getuid()
}
