package migrate

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"
)

// State is where one migration of the folder stands in the database.
type State string

// The states [ReadStatus] reports.
const (
	StateApplied State = "applied"
	StatePending State = "pending"
	// StateOutOfOrder: not applied, below a migration that is.
	StateOutOfOrder State = "out-of-order"
	// StateApplying and StateReverting: a run is applying or reverting
	// it now (Status.Holder is set), or was cut short doing so.
	StateApplying  State = "applying"
	StateReverting State = "reverting"
)

// MigrationStatus is one migration of the folder and whether the database
// has it.
type MigrationStatus struct {
	*Migration
	Applied bool
	State   State
	// Edited: applied, and the up file changed since.
	Edited bool
	// Record is its ledger row, nil when it has none (pending, or
	// Adopted).
	Record *Record
	// Adopted: golang-migrate's version covers it but the ledger has no
	// row (applied before the ledger existed, or by golang-migrate's
	// CLI); the next run records it.
	Adopted bool
	// NumberTakenBy is the ledger's migration of the same number, when
	// it is another one (another branch's): this one is not applied.
	NumberTakenBy *Record
}

// Status is what the CLI's migrate status shows. Reading it writes
// nothing and takes no lock.
type Status struct {
	// Version is golang-migrate's version; HasVersion is false when no
	// migration was ever applied.
	Version    uint
	HasVersion bool
	Dirty      bool
	// Migrations lists the folder's migrations in order.
	Migrations []MigrationStatus
	// HasLedger: sqlmap's ledger table exists; Records are its rows.
	HasLedger bool
	Records   []*Record
	// Missing are ledger rows whose files the folder lacks, and
	// VersionMissing is set when the folder lacks Version itself: the
	// database is ahead of this checkout.
	Missing        []*Record
	VersionMissing bool
	// Mismatch: golang-migrate's version was lowered outside sqlmap
	// below migrations the ledger has; see [LedgerMismatchError].
	Mismatch *LedgerMismatchError
	// Interrupted are migrations a run left unfinished (or is running:
	// see Holder), as the ledger has them.
	Interrupted []*Interrupted
	// Holder is the session holding the migration lock: a run in
	// progress. nil when none.
	Holder *LockHolder
	// Problems of the folder, which stop every other command.
	Problems []Problem
	// Width is the folder's version width, for labels.
	Width int

	view *view
}

// Pending counts the migrations not applied, out of order ones included.
func (s *Status) Pending() int {
	n := 0
	for _, m := range s.Migrations {
		if !m.Applied {
			n++
		}
	}
	return n
}

// OutOfOrder lists the migrations not applied below one that is.
func (s *Status) OutOfOrder() []*Migration { return s.view.outOfOrder() }

// OutOfOrderError is the error for migrations not applied below one that
// is, or nil.
func (s *Status) OutOfOrderError() error {
	ooo := s.view.outOfOrder()
	if len(ooo) == 0 {
		return nil
	}
	return &OutOfOrderError{Migrations: ooo, Version: uint(max(s.view.maxApplied, 0)), Width: s.Width}
}

// EditedError is the error for applied files changed since, or nil.
func (s *Status) EditedError() error {
	ed := s.view.edited()
	if len(ed) == 0 {
		return nil
	}
	return &EditedError{Migrations: ed, Width: s.Width}
}

// Ahead reports whether the database has migrations the folder lacks.
func (s *Status) Ahead() bool { return s.VersionMissing || len(s.Missing) > 0 }

// AheadError is the error for a database ahead of the folder, or nil.
func (s *Status) AheadError(dir string) error {
	if !s.Ahead() {
		return nil
	}
	latest, _ := s.view.folder.Latest()
	return &AheadError{Version: s.Version, VersionMissing: s.VersionMissing, Missing: s.Missing, Latest: latest, Dir: dir, Width: s.Width}
}

// MaxVersion is the highest version the database or its ledger has seen:
// the next migration's number must be above it.
func (s *Status) MaxVersion() uint {
	m := s.Version
	for _, r := range s.Records {
		m = max(m, r.Version)
	}
	return m
}

// Running reports whether another session holds the migration lock now.
func (s *Status) Running() bool { return s.Holder != nil }

// DirtyError is the error for a database left dirty (or with an
// unfinished ledger row) by a run that is no longer running, or nil.
func (s *Status) DirtyError() error {
	if s.Holder != nil || !(s.Dirty || len(s.Interrupted) > 0) {
		return nil
	}
	de := newDirtyError(s.view)
	de.Interrupted = s.Interrupted // with what the catalog showed
	return de
}

// ReadStatus reads the folder, golang-migrate's version, sqlmap's ledger
// and who holds the migration lock. Unlike [Open] it does not stop at
// folder problems: it reports them.
func ReadStatus(ctx context.Context, databaseURL string, fsys fs.FS) (*Status, error) {
	folder, err := Scan(fsys)
	if err != nil {
		return nil, err
	}
	cfg, err := parseURL(databaseURL)
	if err != nil {
		return nil, err
	}
	conn, err := dial(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	return readStatus(ctx, conn, folder)
}

// StatusOf is [ReadStatus] over a connection the caller has open (and
// keeps: it is not closed), so that a program that goes on to draft or
// query does not connect twice.
func StatusOf(ctx context.Context, conn *pgx.Conn, fsys fs.FS) (*Status, error) {
	folder, err := Scan(fsys)
	if err != nil {
		return nil, err
	}
	return readStatus(ctx, conn, folder)
}

func readStatus(ctx context.Context, conn *pgx.Conn, folder *Folder) (*Status, error) {
	t, key, err := bookkeepingOf(ctx, conn)
	if err != nil {
		return nil, err
	}
	// One snapshot for the tables and the lock, so a run finishing
	// between two reads is not half seen.
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	db, err := t.read(ctx, tx)
	if err != nil {
		return nil, err
	}
	h, err := findHolder(ctx, tx, t, key, folder.Width)
	if err != nil {
		return nil, fmt.Errorf("migrate: reading who holds the migration lock: %w", err)
	}
	v := newView(folder, db)
	its := v.interrupted()
	withCatalog(ctx, tx, its)
	_ = tx.Rollback(ctx)
	st := &Status{Version: db.version, HasVersion: db.hasVersion, Dirty: db.dirty, HasLedger: db.hasLedger,
		Records: sortedRecords(db.records), Missing: v.missing, Interrupted: its, Holder: h,
		Problems: folder.Problems, Width: folder.Width, view: v}
	_, st.VersionMissing = v.ahead()
	if len(v.above) > 0 {
		st.Mismatch = &LedgerMismatchError{Version: db.version, HasVersion: db.hasVersion, Records: v.above, Width: folder.Width}
	}
	edited := map[uint]bool{}
	for _, m := range v.edited() {
		edited[m.Version] = true
	}
	ooo := map[uint]bool{}
	for _, m := range v.outOfOrder() {
		ooo[m.Version] = true
	}
	adopted := map[uint]bool{}
	for _, m := range v.adopt {
		adopted[m.Version] = true
	}
	for _, m := range folder.Migrations {
		ms := MigrationStatus{Migration: m, Applied: v.applied[m.Version], Record: db.records[m.Version], Edited: edited[m.Version], Adopted: adopted[m.Version]}
		if c := v.clash[m.Version]; c != nil {
			// The database's migration of that number is another one.
			ms.Applied, ms.Record, ms.NumberTakenBy = false, nil, c
		}
		switch {
		case ms.Record != nil && ms.Record.State == RecordApplying:
			ms.State = StateApplying
		case ms.Record != nil && ms.Record.State == RecordReverting:
			ms.State = StateReverting
		case ms.Applied:
			ms.State = StateApplied
		case ooo[m.Version]:
			ms.State = StateOutOfOrder
		default:
			ms.State = StatePending
		}
		st.Migrations = append(st.Migrations, ms)
	}
	return st, nil
}

// RunningError: another session holds the migration lock, running
// migrations.
type RunningError struct{ Holder *LockHolder }

func (e *RunningError) Error() string {
	return fmt.Sprintf("migrate: a migrate run is in progress: %s", e.Holder)
}

// PendingError: the folder has migrations the database has not applied.
type PendingError struct {
	Version    uint
	HasVersion bool
	Latest     uint
	Pending    int
}

func (e *PendingError) Error() string {
	return fmt.Sprintf("migrate: the database is at %s, the folder has %d (%d pending)", versionText(e.Version, e.HasVersion), e.Latest, e.Pending)
}

// UpToDate reports why the database is not exactly at the folder, or nil:
// a draft made against it would repeat what the pending files do, or be
// numbered where the database already has a migration. The first of the
// folder's problems ([*FolderError], with dir), a dirty mark
// ([*DirtyError]), a run in progress ([*RunningError]), migrations the
// folder lacks ([*AheadError]), migrations out of order
// ([*OutOfOrderError]) and pending ones ([*PendingError]).
func (s *Status) UpToDate(dir string) error {
	switch {
	case len(s.Problems) > 0:
		return &FolderError{Dir: dir, Problems: s.Problems}
	case s.Holder != nil:
		return &RunningError{Holder: s.Holder}
	}
	if err := s.DirtyError(); err != nil {
		return err
	}
	if err := s.AheadError(dir); err != nil {
		return err
	}
	if err := s.OutOfOrderError(); err != nil {
		return err
	}
	if n := s.Pending(); n > 0 {
		latest, _ := s.view.folder.Latest()
		return &PendingError{Version: s.Version, HasVersion: s.HasVersion, Latest: latest, Pending: n}
	}
	return nil
}
