package migrate

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"
)

// MigrationStatus is one migration of the folder and whether the database
// has it.
type MigrationStatus struct {
	*Migration
	Applied bool
}

// Status is what `sqlmap migrate status` shows.
type Status struct {
	// Version is the database's version; HasVersion is false when no
	// migration was ever applied.
	Version    uint
	HasVersion bool
	Dirty      bool
	// Migrations lists the folder's migrations in order.
	Migrations []MigrationStatus
	// Problems of the folder, which stop every other command.
	Problems []Problem
	// Width is the folder's version width, for labels.
	Width int

	folder *Folder
}

// Pending counts the migrations not applied (a dirty one included).
func (s *Status) Pending() int {
	n := 0
	for _, m := range s.Migrations {
		if !m.Applied {
			n++
		}
	}
	return n
}

// ReadStatus reads the folder and the database's version. Unlike [Open] it
// does not stop at folder problems: it reports them.
func ReadStatus(ctx context.Context, databaseURL string, fsys fs.FS) (*Status, error) {
	folder, err := Scan(fsys)
	if err != nil {
		return nil, err
	}
	st := &Status{Problems: folder.Problems, Width: folder.Width, folder: folder}
	st.Version, st.Dirty, st.HasVersion, err = readVersion(ctx, databaseURL)
	if err != nil {
		return nil, err
	}
	for _, m := range folder.Migrations {
		applied := st.HasVersion && (m.Version < st.Version || m.Version == st.Version && !st.Dirty)
		st.Migrations = append(st.Migrations, MigrationStatus{Migration: m, Applied: applied})
	}
	return st, nil
}

// readVersion reads golang-migrate's table directly, so that status works
// on a folder golang-migrate would refuse (duplicate versions, say).
func readVersion(ctx context.Context, databaseURL string) (uint, bool, bool, error) {
	conn, err := pgx.Connect(ctx, databaseURL)
	if err != nil {
		return 0, false, false, fmt.Errorf("migrate: connecting: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return 0, false, false, fmt.Errorf("migrate: reading the version: %w", err)
	}
	if !exists {
		return 0, false, false, nil
	}
	var v int64
	var dirty bool
	err = conn.QueryRow(ctx, `SELECT version, dirty FROM schema_migrations LIMIT 1`).Scan(&v, &dirty)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && v < 0) {
		return 0, false, false, nil
	}
	if err != nil {
		return 0, false, false, fmt.Errorf("migrate: reading the version: %w", err)
	}
	return uint(v), dirty, true, nil
}

// DirtyError is the error and advice for a dirty database, or nil.
func (s *Status) DirtyError() error {
	if !s.Dirty {
		return nil
	}
	return s.folder.dirtyError(s.Version)
}
