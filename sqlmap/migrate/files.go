package migrate

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// SanitizeName turns a migration name into what a file name may hold:
// lower-case letters, digits and single underscores ("Add Email!" →
// add_email).
func SanitizeName(name string) (string, error) {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
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
	clean, err := SanitizeName(name)
	if err != nil {
		return nil, err
	}
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("migrate: migrations folder: %w (create it with sqlmap init)", err)
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
	width := folder.Width
	if width == 0 {
		width = 6
	}
	next := uint(1)
	if latest, ok := folder.Latest(); ok {
		next = latest + 1
	}
	base := fmt.Sprintf("%0*d_%s", width, next, clean)
	return &Pair{
		Version:  next,
		Name:     clean,
		UpPath:   filepath.Join(dir, base+".up.sql"),
		DownPath: filepath.Join(dir, base+".down.sql"),
	}, nil
}

// Write creates both files of the pair with the given contents, or
// neither: each is written to a temporary file first, then linked to its
// name, which fails rather than replace a file that exists.
func (p *Pair) Write(up, down []byte) error {
	tmpUp, err := writeTemp(filepath.Dir(p.UpPath), up)
	if err != nil {
		return err
	}
	defer os.Remove(tmpUp)
	tmpDown, err := writeTemp(filepath.Dir(p.DownPath), down)
	if err != nil {
		return err
	}
	defer os.Remove(tmpDown)
	if err := os.Link(tmpUp, p.UpPath); err != nil {
		return fmt.Errorf("migrate: writing %s: %w", p.UpPath, linkErr(err))
	}
	if err := os.Link(tmpDown, p.DownPath); err != nil {
		_ = os.Remove(p.UpPath)
		return fmt.Errorf("migrate: writing %s: %w (%s was not written either)", p.DownPath, linkErr(err), p.UpPath)
	}
	return nil
}

func linkErr(err error) error {
	if os.IsExist(err) {
		return fmt.Errorf("the file exists; sqlmap never overwrites a migration: %w", err)
	}
	return err
}

func writeTemp(dir string, data []byte) (string, error) {
	f, err := os.CreateTemp(dir, ".sqlmap-new-*.tmp")
	if err != nil {
		return "", fmt.Errorf("migrate: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", fmt.Errorf("migrate: writing %s: %w", f.Name(), err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", fmt.Errorf("migrate: writing %s: %w", f.Name(), err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("migrate: writing %s: %w", f.Name(), err)
	}
	return f.Name(), nil
}
