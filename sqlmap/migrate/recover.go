package migrate

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// errLocked is a temporary file another process holds locked: its write
// is in progress, not interrupted.
var errLocked = errors.New("migrate: locked by another process")

// Recovered is one write cut short that [FinishInterrupted] dealt with.
type Recovered struct {
	// Label names the write: the pair's version and name, such as
	// 000003_add_x, or the file's name for a single file.
	Label string
	// Written are the files it linked from their temporary files: the
	// part of the pair the interruption had not made visible yet.
	Written []string
	// Dropped is set when nothing of the write had become visible: its
	// temporary files were only removed, and the folder is as it was
	// before the write began.
	Dropped bool
	// Removed are the temporary files it removed.
	Removed []string
}

func (r Recovered) String() string {
	switch {
	case len(r.Written) > 0:
		var parts []string
		for _, w := range r.Written {
			parts = append(parts, fileKind(w)+" "+w)
		}
		verb := "was"
		if len(parts) > 1 {
			verb = "were"
		}
		return fmt.Sprintf("finished %s: its %s %s written from the interrupted draft", r.Label, strings.Join(parts, " and "), verb)
	case r.Dropped:
		return fmt.Sprintf("removed the temporary files of an interrupted write of %s: none of it had been written", r.Label)
	}
	return fmt.Sprintf("removed the temporary files left after writing %s", r.Label)
}

func fileKind(name string) string {
	switch {
	case strings.HasSuffix(name, ".up.sql"):
		return "up file"
	case strings.HasSuffix(name, ".down.sql"):
		return "down file"
	}
	return "file"
}

// InterruptedWriteError is a write cut short that [FinishInterrupted]
// leaves alone because a file it was writing exists now as a different
// file (written or replaced since), so which content to keep is not for
// sqlmap to decide. Nothing was changed.
type InterruptedWriteError struct {
	Dir   string
	Label string
	// Temps are the temporary files the write left in Dir.
	Temps []string
	// Replaced are the files in Dir that exist and are not the ones the
	// write made.
	Replaced []string
}

func (e *InterruptedWriteError) Error() string {
	verb := "is a different file"
	if len(e.Replaced) > 1 {
		verb = "are different files"
	}
	return fmt.Sprintf("migrate: an interrupted write of %s left %s in %s, but %s %s from the one it was writing; nothing was changed",
		e.Label, strings.Join(e.Temps, ", "), e.Dir, strings.Join(e.Replaced, ", "), verb)
}

// tempGroup is the temporary files of one write: they share a suffix.
type tempGroup struct {
	label   string
	members []tempMember
}

type tempMember struct {
	temp, target string
}

// tempGroups finds sqlmap's temporary files among names and groups them
// by write, ordered by label.
func tempGroups(names []string) []tempGroup {
	bySuffix := map[string]*tempGroup{}
	var out []*tempGroup
	for _, n := range names {
		m := tempRE.FindStringSubmatch(n)
		if m == nil {
			continue
		}
		g := bySuffix[m[2]]
		if g == nil {
			g = &tempGroup{}
			bySuffix[m[2]] = g
			out = append(out, g)
		}
		g.members = append(g.members, tempMember{temp: n, target: m[1]})
	}
	groups := make([]tempGroup, 0, len(out))
	for _, g := range out {
		// The up file is linked first, so it leads.
		sort.Slice(g.members, func(i, j int) bool {
			return strings.HasSuffix(g.members[i].target, ".up.sql") && !strings.HasSuffix(g.members[j].target, ".up.sql")
		})
		label := g.members[0].target
		for _, suffix := range []string{".up.sql", ".down.sql"} {
			if l, ok := strings.CutSuffix(label, suffix); ok {
				label = l
			}
		}
		g.label = label
		groups = append(groups, *g)
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].label < groups[j].label })
	return groups
}

// FinishInterrupted completes or clears, in the folder dir, the writes of
// [Pair.Write] and [CreateFile] that were cut short (the process killed),
// and returns what it did. For each write's temporary files:
//
//   - when a file of it exists and is its temporary file (the same file,
//     linked), the write was making its files visible: the missing ones
//     are linked from their temporary files, which are then removed;
//   - when none of its files exists, nothing of it became visible: the
//     temporary files are removed;
//   - when one of its files exists but is a different file, it is left
//     alone and reported as an [*InterruptedWriteError].
//
// A write still in progress in another process is skipped (its lock
// says so, where the system has flock). It never removes or replaces a
// file other than sqlmap's own temporary files.
func FinishInterrupted(dir string) ([]Recovered, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("migrate: reading %s: %w", dir, err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	var done []Recovered
	var errs []error
	for _, g := range tempGroups(names) {
		r, ok, err := finishGroup(dir, g)
		if err != nil {
			errs = append(errs, err)
		}
		if ok {
			done = append(done, r)
		}
	}
	return done, errors.Join(errs...)
}

func finishGroup(dir string, g tempGroup) (Recovered, bool, error) {
	// Hold every temporary file locked while deciding, so a writer that
	// is alive, or another FinishInterrupted, is not raced.
	var members []tempMember
	for _, m := range g.members {
		f, err := os.Open(filepath.Join(dir, m.temp))
		if errors.Is(err, os.ErrNotExist) {
			continue // removed since the folder was read
		}
		if err != nil {
			return Recovered{}, false, fmt.Errorf("migrate: %w", err)
		}
		defer f.Close()
		if err := lockFile(f, false); errors.Is(err, errLocked) {
			return Recovered{}, false, nil
		} else if err != nil {
			return Recovered{}, false, fmt.Errorf("migrate: locking %s: %w", f.Name(), err)
		}
		members = append(members, m)
	}
	if len(members) == 0 {
		return Recovered{}, false, nil
	}
	var linked, missing, replaced []tempMember
	for _, m := range members {
		temp, target := filepath.Join(dir, m.temp), filepath.Join(dir, m.target)
		ti, err := os.Lstat(temp)
		if err != nil {
			return Recovered{}, false, fmt.Errorf("migrate: %w", err)
		}
		switch info, err := os.Lstat(target); {
		case errors.Is(err, os.ErrNotExist):
			missing = append(missing, m)
		case err != nil:
			return Recovered{}, false, fmt.Errorf("migrate: %w", err)
		case os.SameFile(ti, info):
			linked = append(linked, m)
		default:
			replaced = append(replaced, m)
		}
	}
	r := Recovered{Label: g.label, Dropped: len(linked) == 0}
	if len(replaced) > 0 {
		e := &InterruptedWriteError{Dir: dir, Label: g.label}
		for _, m := range members {
			e.Temps = append(e.Temps, m.temp)
		}
		for _, m := range replaced {
			e.Replaced = append(e.Replaced, m.target)
		}
		return r, false, e
	}
	if len(linked) > 0 {
		// Every temporary file was complete and synced before the first
		// link, so the missing files can be linked from theirs.
		for _, m := range missing {
			temp, target := filepath.Join(dir, m.temp), filepath.Join(dir, m.target)
			if err := os.Link(temp, target); err != nil && !(os.IsExist(err) && sameFile(temp, target)) {
				return r, len(r.Written) > 0, fmt.Errorf("migrate: finishing %s: %w", g.label, err)
			}
			r.Written = append(r.Written, m.target)
		}
		if len(missing) > 0 {
			syncDir(dir)
		}
	}
	for _, m := range members {
		err := os.Remove(filepath.Join(dir, m.temp))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return r, true, fmt.Errorf("migrate: %w", err)
		}
		r.Removed = append(r.Removed, m.temp)
	}
	return r, true, nil
}
