// Package migrate runs numbered migration files (NNNNNN_name.up.sql and
// .down.sql) with golang-migrate, from a folder or any fs.FS such as an
// embed.FS, so a program can bring its schema up to date at start-up.
package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"

	gomigrate "github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database"
	migratepgx "github.com/golang-migrate/migrate/v4/database/pgx/v5"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Up applies every pending migration of fsys (files at its root) to the
// database at databaseURL (a postgres:// URL). A database that is already
// up to date is not an error. Cancelling ctx stops between migrations.
func Up(ctx context.Context, databaseURL string, fsys fs.FS) error {
	m, closeFn, err := open(ctx, databaseURL, fsys)
	if err != nil {
		return err
	}
	defer closeFn()
	return run(ctx, m, m.Up)
}

// open builds a golang-migrate instance over a pgx connection. The driver
// is built from an *sql.DB rather than from the URL so that users keep
// their ordinary postgres:// URLs and nothing pulls in lib/pq.
func open(ctx context.Context, databaseURL string, fsys fs.FS) (*gomigrate.Migrate, func(), error) {
	cfg, err := pgx.ParseConfig(databaseURL)
	if err != nil {
		return nil, nil, fmt.Errorf("migrate: database URL: %w", err)
	}
	db := stdlib.OpenDB(*cfg)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("migrate: connecting to %s: %w", cfg.Database, err)
	}
	drv, err := migratepgx.WithInstance(db, &migratepgx.Config{})
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("migrate: %w", err)
	}
	src, err := iofs.New(fsys, ".")
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("migrate: reading migrations: %w", err)
	}
	m, err := gomigrate.NewWithInstance("iofs", src, "pgx5", drv)
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("migrate: %w", err)
	}
	return m, func() { _, _ = m.Close(); closeDB(db) }, nil
}

func closeDB(db *sql.DB) { _ = db.Close() }

// run calls fn (which takes no context) and turns a cancelled ctx into
// golang-migrate's GracefulStop, which stops after the running migration.
func run(ctx context.Context, m *gomigrate.Migrate, fn func() error) error {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return result(err)
	case <-ctx.Done():
		m.GracefulStop <- true
		err := <-done
		if r := result(err); r != nil {
			return r
		}
		return fmt.Errorf("migrate: stopped: %w", ctx.Err())
	}
}

func result(err error) error {
	if err == nil || errors.Is(err, gomigrate.ErrNoChange) {
		return nil
	}
	var dirty gomigrate.ErrDirty
	if errors.As(err, &dirty) {
		return fmt.Errorf("migrate: database is dirty at version %d: fix the migration, then run `sqlmap migrate force <previous version>`: %w", dirty.Version, err)
	}
	return fmt.Errorf("migrate: %w", err)
}

var _ database.Driver = (*migratepgx.Postgres)(nil)
