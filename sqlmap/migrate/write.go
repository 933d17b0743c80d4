package migrate

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// tempMark is in the name of every temporary file sqlmap writes. The name
// also holds the file it becomes and a random suffix the files of one
// write share: ".000003_add_x.up.sql.sqlmap-tmp-<hex>". So what a write
// cut short left behind says, by its names alone, which files belonged
// together and where they were going; see [FinishInterrupted].
const tempMark = ".sqlmap-tmp-"

var tempRE = regexp.MustCompile(`^\.(.+)\.sqlmap-tmp-([0-9a-f]{16})$`)

func tempName(target, suffix string) string { return "." + target + tempMark + suffix }

// legacyTempRE matches the temporary files of sqlmap versions that wrote
// pairs through os.CreateTemp, whose names do not say what they held.
var legacyTempRE = regexp.MustCompile(`^\.sqlmap-new-[0-9]+\.tmp$`)

type newFile struct {
	path string
	data []byte
}

// errStopped is what a write stopped by its test hook returns.
var errStopped = errors.New("migrate: write stopped by a test")

// fileWriter creates new files all or none, and recoverably: every
// temporary file is written and synced before the first link, so a write
// killed part-way through its links can be finished from them.
type fileWriter struct {
	what string // "a migration", for the error when a file exists
	// stopBeforeLink, when above 0, makes write return errStopped just
	// before its link number stopBeforeLink (1-based), leaving the folder
	// and the lock as a kill there would. Set only by tests
	// (export_test.go).
	stopBeforeLink int
}

func (w *fileWriter) write(files []newFile) error {
	lock, temps, err := w.writeTemps(files)
	if err != nil {
		return err
	}
	// The lock tells FinishInterrupted in another process that this write
	// is alive; the kernel drops it if the process dies.
	defer lock.Close()
	// Every temporary file is on disk, content and name, before the first
	// link: a link is what tells FinishInterrupted to complete the write
	// from them.
	syncDirs(files)
	removeTemps := func() {
		for _, t := range temps {
			_ = os.Remove(t)
		}
	}
	for i, f := range files {
		if i+1 == w.stopBeforeLink {
			return errStopped
		}
		if err := os.Link(temps[i], f.path); err != nil {
			if os.IsExist(err) && sameFile(temps[i], f.path) {
				// Another process's FinishInterrupted got there first.
				continue
			}
			// Undo only the links this write made: a name that is now
			// another file is someone else's.
			for j := range i {
				if sameFile(temps[j], files[j].path) {
					_ = os.Remove(files[j].path)
				}
			}
			removeTemps()
			msg := fmt.Sprintf("migrate: writing %s: %v", f.path, w.linkErr(err))
			if i > 0 {
				var others []string
				for _, g := range files[:i] {
					others = append(others, g.path)
				}
				msg += fmt.Sprintf(" (%s was not written either)", strings.Join(others, ", "))
			}
			return &wrapped{msg, err}
		}
	}
	// The links are on disk before the temporary files go, so a crash
	// cannot leave a name missing with nothing to complete it from.
	syncDirs(files)
	removeTemps()
	return nil
}

// wrapped is an error with its own message that still unwraps to the
// cause, so errors.Is(err, fs.ErrExist) holds.
type wrapped struct {
	msg string
	err error
}

func (e *wrapped) Error() string { return e.msg }
func (e *wrapped) Unwrap() error { return e.err }

func (w *fileWriter) linkErr(err error) string {
	if os.IsExist(err) {
		return fmt.Sprintf("the file exists; sqlmap never overwrites %s", w.what)
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err.Error()
	}
	return err.Error()
}

// writeTemps writes and syncs a temporary file beside each file, all
// named with one random suffix, and returns them with the first one still
// open and locked.
func (w *fileWriter) writeTemps(files []newFile) (*os.File, []string, error) {
	for attempt := 0; ; attempt++ {
		suffix, err := randomSuffix()
		if err != nil {
			return nil, nil, err
		}
		var temps []string
		var lock *os.File
		fail := func(err error) (*os.File, []string, error) {
			if lock != nil {
				lock.Close()
			}
			for _, t := range temps {
				_ = os.Remove(t)
			}
			return nil, nil, err
		}
		for i, nf := range files {
			path := filepath.Join(filepath.Dir(nf.path), tempName(filepath.Base(nf.path), suffix))
			// 0666 and the umask, as an editor creates a file, where
			// os.CreateTemp would make it 0600 whatever the umask.
			f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o666)
			if err != nil {
				if os.IsExist(err) && i == 0 && attempt < 3 {
					break // another suffix
				}
				return fail(fmt.Errorf("migrate: writing %s: %w", nf.path, err))
			}
			temps = append(temps, path)
			if i == 0 {
				if err := lockFile(f, true); err != nil {
					f.Close()
					return fail(fmt.Errorf("migrate: locking %s: %w", path, err))
				}
				lock = f
			}
			_, err = f.Write(nf.data)
			if err == nil {
				err = f.Sync()
			}
			if i > 0 {
				if cerr := f.Close(); err == nil {
					err = cerr
				}
			}
			if err != nil {
				if i == 0 {
					f.Close()
					lock = nil
				}
				return fail(fmt.Errorf("migrate: writing %s: %w", path, err))
			}
		}
		if len(temps) == len(files) {
			return lock, temps, nil
		}
	}
}

func randomSuffix() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("migrate: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

func sameFile(a, b string) bool {
	ai, err := os.Lstat(a)
	if err != nil {
		return false
	}
	bi, err := os.Lstat(b)
	if err != nil {
		return false
	}
	return os.SameFile(ai, bi)
}

// syncDirs makes the links of the files' folders durable. It is best
// effort: some systems cannot sync a folder, and the files are written
// whatever it returns.
func syncDirs(files []newFile) {
	done := map[string]bool{}
	for _, f := range files {
		dir := filepath.Dir(f.path)
		if done[dir] {
			continue
		}
		done[dir] = true
		syncDir(dir)
	}
}

func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
