//go:build unix

package pglocal

import (
	"os"
	"os/exec"
	"strconv"
	"syscall"
)

// detach puts server commands in their own process group so that a
// terminal Ctrl-C aimed at `go test` does not kill the postmaster before
// cleanup code has had a chance to stop it properly.
func detach(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// watchdogScript polls this process; if it dies without calling Stop (a
// panicking test, -timeout, SIGKILL), the script stops the cluster and
// deletes the temp dir. It exits on its own once Stop has removed the dir.
const watchdogScript = `parent=$1; dir=$2; shift 2
while kill -0 "$parent" 2>/dev/null && [ -d "$dir" ]; do sleep 1; done
if [ -d "$dir" ]; then "$@" >/dev/null 2>&1; rm -rf "$dir"; fi`

// startWatchdog launches the watchdog; stop is the command that stops the
// cluster. It returns nil if the watchdog cannot be started, since it is
// only a safety net.
func startWatchdog(dir string, stop []string) *exec.Cmd {
	args := append([]string{"-c", watchdogScript, "pglocal-watchdog", strconv.Itoa(os.Getpid()), dir}, stop...)
	cmd := exec.Command("/bin/sh", args...)
	cmd.Dir = "/"
	cmd.Env = childEnv()
	detach(cmd)
	if err := cmd.Start(); err != nil {
		return nil
	}
	return cmd
}
