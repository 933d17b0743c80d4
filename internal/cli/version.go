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

// checkURL refuses a URL of another database before pgx mangles it into
// a confusing error (mysql://u:p@h reads as a host "mysql").
func checkURL(url string) error {
	scheme, _, ok := strings.Cut(url, "://")
	if !ok {
		return nil // a key=value connection string: pgx reads those too
	}
	switch strings.ToLower(scheme) {
	case "postgres", "postgresql":
		return nil
	}
	if strings.ContainsAny(scheme, " =") {
		return nil
	}
	return fmt.Errorf("%s:// is not a PostgreSQL URL: sqlmap works with PostgreSQL URLs (postgres:// or postgresql://)", scheme)
}
