package migrate

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"
)

// SanitizeName turns a migration name into what a file name may hold:
// lower-case letters, digits and single underscores ("Add Email!" →
// add_email).
func SanitizeName(name string) (string, error) {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r):
			// Any script: a file name is bytes to the runner, and
			// golang-migrate reads any name between _ and .up.sql.
			b.WriteRune(r)
		default:
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
		}
	}
	out := strings.Trim(b.String(), "_")
	if out == "" {
		return "", fmt.Errorf("migrate: migration name %q has no letters or digits", name)
	}
	return out, nil
}

// labelWidth is how many digits a new version is written with: the
// folder's, or golang-migrate's create -seq 6 in an empty folder.
func labelWidth(folderWidth int) int {
	if folderWidth == 0 {
		return 6
	}
	return folderWidth
}

// Pair is the next numbered pair of files in a folder.
type Pair struct {
	Version  uint
	Name     string
	UpPath   string
	DownPath string
}

// NextPair names the next migration of the folder dir: its number is the
// highest one plus 1, written with as many digits as the folder already
// uses (6 in an empty folder, like golang-migrate's create -seq).
func NextPair(dir, name string) (*Pair, error) {
	pairs, err := NextPairs(dir, name)
	if err != nil {
		return nil, err
	}
	return pairs[0], nil
}

// NextPairs names the next migrations of the folder dir, one per name, in
// consecutive numbers: the two halves of an online migration.
func NextPairs(dir string, names ...string) ([]*Pair, error) {
	var clean []string
	for _, name := range names {
		c, err := SanitizeName(name)
		if err != nil {
			return nil, err
		}
		clean = append(clean, c)
	}
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("migrate: migrations folder: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("migrate: migrations folder %s is not a folder", dir)
	}
	folder, err := Scan(os.DirFS(dir))
	if err != nil {
		return nil, err
	}
	if len(folder.Problems) > 0 {
		return nil, &FolderError{Dir: dir, Problems: folder.Problems}
	}
	width := labelWidth(folder.Width)
	next := uint(1)
	if latest, ok := folder.Latest(); ok {
		next = latest + 1
	}
	var out []*Pair
	for i, c := range clean {
		base := fmt.Sprintf("%0*d_%s", width, next+uint(i), c)
		out = append(out, &Pair{
			Version:  next + uint(i),
			Name:     c,
			UpPath:   filepath.Join(dir, base+".up.sql"),
			DownPath: filepath.Join(dir, base+".down.sql"),
		})
	}
	return out, nil
}

// WritePairs writes several pairs as Pair.Write writes one: every file or
// none (a write cut short is completed by FinishInterrupted as a whole),
// never replacing a file that exists. files are the up and down contents
// of each pair in turn.
func WritePairs(pairs []*Pair, files ...[]byte) error {
	if len(files) != 2*len(pairs) {
		return fmt.Errorf("migrate: %d pairs need %d files, not %d", len(pairs), 2*len(pairs), len(files))
	}
	var nf []newFile
	for i, p := range pairs {
		nf = append(nf, newFile{p.UpPath, files[2*i]}, newFile{p.DownPath, files[2*i+1]})
	}
	w := &fileWriter{what: "the migrations"}
	return w.write(nf)
}

// Write creates both files of the pair with the given contents, or
// neither, and never replaces a file that exists. Each is written to a
// temporary file beside it, named after it, then both are linked to their
// names; link fails rather than replace. A process killed between the two
// links leaves the up file and both temporary files: [FinishInterrupted]
// completes the pair from them. The files get the permissions an editor's
// would: 0666 less the umask.
func (p *Pair) Write(up, down []byte) error {
	w := &fileWriter{what: "a migration"}
	return w.write([]newFile{{p.UpPath, up}, {p.DownPath, down}})
}

// CreateFile writes a new file at path with data, the way [Pair.Write]
// writes a pair: through a temporary file beside it that is linked to its
// name, so that the file appears whole or not at all, never replacing one
// that exists. Its permissions are 0666 less the umask.
func CreateFile(path string, data []byte) error {
	w := &fileWriter{what: "a file"}
	return w.write([]newFile{{path, data}})
}

// Renamed is a migration given a new number by [Renumber].
type Renamed struct {
	From, To string // labels, such as 000002_t2 and 000004_t2
	Version  uint   // the new number
	Paths    [2]string
}

// Renumber gives the unapplied migration v of the folder dir the next free
// number: above every version of the folder and of the database (st, as
// [ReadStatus] read it), so that it applies in order after the ones that
// ran before it was merged. Its two files are linked to their new names
// and the old names removed; a file that exists is never replaced. A
// migration the database has (or a run left unfinished) is refused.
func Renumber(dir string, st *Status, v uint) (*Renamed, error) {
	var ms *MigrationStatus
	for i := range st.Migrations {
		if st.Migrations[i].Version == v {
			ms = &st.Migrations[i]
		}
	}
	if ms == nil {
		return nil, fmt.Errorf("migrate: renumber: no migration with version %d in %s", v, dir)
	}
	if ms.Applied || ms.Record != nil {
		return nil, fmt.Errorf("migrate: renumber: %s is %s in the database: only a migration that never ran may change its number", ms.Label(st.Width), ms.State)
	}
	if ms.State != StateOutOfOrder && ms.NumberTakenBy == nil {
		return nil, fmt.Errorf("migrate: renumber: %s is not out of order (nothing applied is numbered above it) and its number is free: it applies in order as it is", ms.Label(st.Width))
	}
	next := st.MaxVersion() + 1
	if latest, ok := st.view.folder.Latest(); ok && latest >= next {
		next = latest + 1
	}
	to := fmt.Sprintf("%0*d_%s", labelWidth(st.Width), next, ms.Name)
	r := &Renamed{From: ms.Label(st.Width), To: to, Version: next,
		Paths: [2]string{filepath.Join(dir, to+".up.sql"), filepath.Join(dir, to+".down.sql")}}
	olds := [2]string{filepath.Join(dir, ms.UpFile), filepath.Join(dir, ms.DownFile)}
	for i := range olds {
		if err := os.Link(olds[i], r.Paths[i]); err != nil {
			if i == 1 {
				_ = os.Remove(r.Paths[0])
			}
			return nil, fmt.Errorf("migrate: renumber: %w", err)
		}
	}
	for _, o := range olds {
		if err := os.Remove(o); err != nil {
			return nil, fmt.Errorf("migrate: renumber: %s is also under its old name: %w", to, err)
		}
	}
	return r, nil
}
