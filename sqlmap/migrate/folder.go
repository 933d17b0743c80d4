package migrate

import (
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/sqlmap-go/sqlmap/internal/bookkeeping"
	"github.com/sqlmap-go/sqlmap/internal/sqllex"
)

// NoTransactionDirective, as the first line of a migration file, makes its
// statements run one by one, each in its own implicit transaction, instead
// of all in one: CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE (before
// PostgreSQL 12) and VACUUM refuse to run inside a transaction block.
const NoTransactionDirective = bookkeeping.NoTransactionDirective

// Migration is one numbered pair of files.
type Migration struct {
	Version uint
	Name    string
	// UpFile and DownFile are the file names in the folder; either may be
	// empty in a folder with problems.
	UpFile, DownFile string
	// NoTransaction is set when the up file starts with the
	// [NoTransactionDirective].
	NoTransaction     bool
	DownNoTransaction bool
	// Irreversible is set when the down file holds no statement (it is
	// empty, or only comments): running it would record the version
	// below and undo nothing, so [Migrator.Down] refuses to.
	Irreversible bool
	// Checksum is the SHA-256 of the up file (see [Checksum]): the
	// ledger keeps it, so an applied file edited afterwards shows.
	Checksum string

	upStatements, downStatements []sqllex.Statement
}

// side is the up or the down file of the migration: its name, its
// statements and whether it runs statement by statement.
func (m *Migration) side(dir Direction) (file string, stmts []sqllex.Statement, noTx bool) {
	if dir == DirDown {
		return m.DownFile, m.downStatements, m.DownNoTransaction
	}
	return m.UpFile, m.upStatements, m.NoTransaction
}

// Label is the version and name as they appear in file names, such as
// "000002_add_email".
func (m *Migration) Label(width int) string {
	return fmt.Sprintf("%0*d_%s", width, m.Version, m.Name)
}

// Problem is something wrong with a migrations folder, naming its files.
type Problem struct {
	Files []string
	Msg   string
}

func (p Problem) String() string { return strings.Join(p.Files, ", ") + ": " + p.Msg }

// Folder is a scanned migrations folder.
type Folder struct {
	// Migrations in version order.
	Migrations []*Migration
	// Problems found; a folder with problems is not run.
	Problems []Problem
	// Width is the number of digits the folder's versions are written
	// with (the widest), 0 for an empty folder.
	Width int
}

// FolderError reports every problem of a migrations folder.
type FolderError struct {
	Dir      string
	Problems []Problem
}

func (e *FolderError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "migrate: the migrations folder %s has %d problem(s); nothing was run", e.Dir, len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

var fileRE = regexp.MustCompile(`^([0-9]+)_([^.]*)\.(up|down)\.sql$`)

// Scan reads the migration files at the root of fsys (other files, such as
// the Go file embedding them, are ignored) and checks them: every up has a
// down and the reverse, no two files share a version, every .sql file name
// parses, no up file is empty, every file lexes. A pair whose write was cut
// short between its two files is reported as such, naming the temporary
// file that holds the missing one ([FinishInterrupted] completes it).
func Scan(fsys fs.FS) (*Folder, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("migrate: reading migrations: %w", err)
	}
	s := &scan{fsys: fsys, f: &Folder{}, byVersion: map[uint]*Migration{}, ups: map[uint][]string{}, downs: map[uint][]string{}, present: map[string]bool{}}
	for _, e := range entries {
		if err := s.entry(e); err != nil {
			return nil, err
		}
	}
	s.pairs(s.interrupted())
	f := s.f
	sort.Slice(f.Migrations, func(i, j int) bool { return f.Migrations[i].Version < f.Migrations[j].Version })
	sort.SliceStable(f.Problems, func(i, j int) bool { return f.Problems[i].Files[0] < f.Problems[j].Files[0] })
	return f, nil
}

// scan is Scan's state while it reads a folder.
type scan struct {
	fsys      fs.FS
	f         *Folder
	byVersion map[uint]*Migration
	ups       map[uint][]string
	downs     map[uint][]string
	// others are the files that are not .sql, legacy those named as an
	// earlier sqlmap named its temporary files; present is every name.
	others, legacy []string
	present        map[string]bool
}

// entry reads one entry of the folder.
func (s *scan) entry(e fs.DirEntry) error {
	name := e.Name()
	s.present[name] = true
	if !e.IsDir() && !strings.HasSuffix(name, ".sql") {
		s.others = append(s.others, name)
		if legacyTempRE.MatchString(name) {
			s.legacy = append(s.legacy, name)
		}
	}
	if e.IsDir() || !strings.HasSuffix(name, ".sql") {
		return nil
	}
	m := fileRE.FindStringSubmatch(name)
	if m == nil {
		s.f.Problems = append(s.f.Problems, Problem{[]string{name}, "file name does not parse: want NNNNNN_name.up.sql or NNNNNN_name.down.sql"})
		return nil
	}
	v, err := strconv.ParseUint(m[1], 10, 0)
	if err != nil {
		s.f.Problems = append(s.f.Problems, Problem{[]string{name}, "version number too large"})
		return nil
	}
	version := uint(v)
	s.f.Width = max(s.f.Width, len(m[1]))
	mig := s.byVersion[version]
	if mig == nil {
		mig = &Migration{Version: version, Name: m[2]}
		s.byVersion[version] = mig
	}
	body, err := fs.ReadFile(s.fsys, name)
	if err != nil {
		return fmt.Errorf("migrate: reading %s: %w", name, err)
	}
	text := sqllex.BlankBOM(string(body))
	noTx := hasNoTxDirective(text)
	stmts, lexErrs := sqllex.Split(text)
	for _, e := range lexErrs {
		s.f.Problems = append(s.f.Problems, Problem{[]string{fmt.Sprintf("%s:%d", name, e.Line)}, e.Msg})
	}
	lexErr := len(lexErrs) > 0
	if m[3] == "up" {
		s.ups[version] = append(s.ups[version], name)
		mig.UpFile, mig.NoTransaction = name, noTx
		mig.Checksum, mig.upStatements = Checksum(body), stmts
		if !lexErr && len(stmts) == 0 {
			s.f.Problems = append(s.f.Problems, Problem{[]string{name}, "up migration is empty"})
		}
	} else {
		s.downs[version] = append(s.downs[version], name)
		mig.DownFile, mig.DownNoTransaction = name, noTx
		mig.downStatements = stmts
		mig.Irreversible = !lexErr && len(stmts) == 0
	}
	return nil
}

// interrupted reports the writes cut short and returns the files they
// left only as temporary files.
func (s *scan) interrupted() map[string]bool {
	interrupted := map[string]bool{} // the missing files, reported here
	// A write cut short between its links shows one file of its pair and
	// the other only as a temporary file. Temporary files whose names are
	// all missing, or all s.present, change nothing golang-migrate runs
	// (it ignores hidden files), so they are left to FinishInterrupted.
	for _, g := range tempGroups(s.others) {
		var files []string
		var absent []string
		for _, m := range g.members {
			if s.present[m.target] {
				files = append(files, m.target)
			} else {
				absent = append(absent, m.target)
			}
		}
		if len(files) == 0 || len(absent) == 0 {
			continue
		}
		var temps []string
		for _, m := range g.members {
			if !s.present[m.target] {
				temps = append(temps, m.temp)
				interrupted[m.target] = true
			}
		}
		var kinds []string
		for _, a := range absent {
			kinds = append(kinds, fileKind(a)+" "+a)
		}
		s.f.Problems = append(s.f.Problems, Problem{append(files, temps...), fmt.Sprintf(
			"the write of %s was cut short: its %s exists only as the temporary file %s (FinishInterrupted completes it)",
			g.label, strings.Join(kinds, " and "), strings.Join(temps, ", "))})
	}
	return interrupted
}

// pairs checks that every version has one up and one down file.
func (s *scan) pairs(interrupted map[string]bool) {
	for v, mig := range s.byVersion {
		if len(s.ups[v]) > 1 {
			s.f.Problems = append(s.f.Problems, Problem{s.ups[v], fmt.Sprintf("%d up files with version %d", len(s.ups[v]), v)})
		}
		if len(s.downs[v]) > 1 {
			s.f.Problems = append(s.f.Problems, Problem{s.downs[v], fmt.Sprintf("%d down files with version %d", len(s.downs[v]), v)})
		}
		switch {
		case len(s.ups[v]) > 1 || len(s.downs[v]) > 1:
		case len(s.ups[v]) == 0:
			if interrupted[strings.Replace(s.downs[v][0], ".down.sql", ".up.sql", 1)] {
				break
			}
			s.f.Problems = append(s.f.Problems, Problem{s.downs[v], "down migration without an up migration"})
		case len(s.downs[v]) == 0:
			down := strings.Replace(s.ups[v][0], ".up.sql", ".down.sql", 1)
			if interrupted[down] {
				break
			}
			p := Problem{s.ups[v], fmt.Sprintf("up migration without a down migration (add %s)", down)}
			if len(s.legacy) > 0 {
				// Earlier sqlmap versions named their temporary files
				// without saying what they held.
				p.Files = append(p.Files, s.legacy...)
				p.Msg += fmt.Sprintf("; %s: temporary files of a write an earlier sqlmap did not finish, which may hold it", strings.Join(s.legacy, ", "))
			}
			s.f.Problems = append(s.f.Problems, p)
		case s.ups[v][0][:strings.Index(s.ups[v][0], ".")] != s.downs[v][0][:strings.Index(s.downs[v][0], ".")]:
			s.f.Problems = append(s.f.Problems, Problem{[]string{s.ups[v][0], s.downs[v][0]}, "up and down files of one version have different names"})
		}
		s.f.Migrations = append(s.f.Migrations, mig)
	}
}

// HasNoTransactionDirective reports whether body's first line is
// [NoTransactionDirective] (ended by \n or \r), as the runner reads it.
func HasNoTransactionDirective(body string) bool { return hasNoTxDirective(body) }

func hasNoTxDirective(body string) bool {
	first, _, _ := strings.Cut(body, "\n")
	first, _, _ = strings.Cut(first, "\r")
	return strings.TrimSpace(first) == NoTransactionDirective
}

// Find returns the migration with version v.
func (f *Folder) Find(v uint) (*Migration, bool) {
	i := sort.Search(len(f.Migrations), func(i int) bool { return f.Migrations[i].Version >= v })
	if i < len(f.Migrations) && f.Migrations[i].Version == v {
		return f.Migrations[i], true
	}
	return nil, false
}

// Latest is the highest version in the folder, and false for an empty one.
func (f *Folder) Latest() (uint, bool) {
	if len(f.Migrations) == 0 {
		return 0, false
	}
	return f.Migrations[len(f.Migrations)-1].Version, true
}
