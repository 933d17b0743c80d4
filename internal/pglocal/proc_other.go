//go:build !unix

package pglocal

import "os/exec"

// detach is a no-op where process groups do not exist.
func detach(*exec.Cmd) {}

// startWatchdog is unsupported off Unix; Stop remains the only cleanup.
func startWatchdog(string, []string) *exec.Cmd { return nil }
