//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package migrate

import (
	"errors"
	"os"
	"syscall"
)

// lockFile takes an exclusive flock on f, waiting for it when wait is set;
// without waiting, errLocked says another open file holds it. A writer
// holds one on its first temporary file until it is done, and the kernel
// drops it when the writer dies: a locked temporary file is a write in
// progress, an unlocked one a write that was cut short.
func lockFile(f *os.File, wait bool) error {
	how := syscall.LOCK_EX
	if !wait {
		how |= syscall.LOCK_NB
	}
	for {
		err := syscall.Flock(int(f.Fd()), how)
		switch {
		case errors.Is(err, syscall.EINTR):
			continue
		case errors.Is(err, syscall.EWOULDBLOCK):
			return errLocked
		}
		return err
	}
}
