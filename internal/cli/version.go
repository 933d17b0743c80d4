package cli

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// version is what sqlmap --version prints: the module version go install
// recorded (v1.2.3, or a pseudo-version), else (devel) and the commit
// the binary was built from, and the Go version.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown version)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = ", modified"
			}
		}
	}
	if rev != "" && !strings.Contains(v, rev[:min(12, len(rev))]) {
		v += fmt.Sprintf(" (commit %s%s)", rev[:min(12, len(rev))], modified)
	}
	return v + ", " + bi.GoVersion
}
