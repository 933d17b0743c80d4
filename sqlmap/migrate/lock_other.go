//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package migrate

import "os"

// lockFile does nothing where flock is missing: FinishInterrupted then
// cannot tell a write in progress from one cut short, and a recovery run
// during a write can make that write fail (never lose a file: links refuse
// to replace, and each side checks what the other linked).
func lockFile(*os.File, bool) error { return nil }
