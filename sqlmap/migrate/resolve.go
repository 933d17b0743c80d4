package migrate

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Recovery is what [Migrator.Recover] found and recorded.
type Recovery struct {
	// WasDirty: golang-migrate's version was marked dirty.
	WasDirty bool
	// Settled are the unfinished migrations it settled from the ledger.
	Settled []*Interrupted
	// Adopted are migrations golang-migrate's version covered that the
	// ledger lacked, now recorded.
	Adopted []*Migration
	// Version is the version now recorded, clean.
	Version    uint
	HasVersion bool
}

// Recover settles what a run cut short left, from the ledger alone: for
// every unfinished file that ran in one transaction the ledger row says
// whether it committed, so the version is set to the highest migration
// applied and the dirty mark cleared. It refuses with a [*DirtyError]
// when that is not enough to know: a file run statement by statement
// (sqlmap:no-transaction, or its own BEGIN/COMMIT) that stopped part-way,
// or a dirty mark the ledger has no record of. Those need a look by hand
// and [Migrator.Force].
func (mg *Migrator) Recover(ctx context.Context) (*Recovery, error) {
	var rec *Recovery
	err := mg.locked(ctx, func(*view) error {
		var err error
		rec, err = resolve(ctx, mg.d, mg.folder)
		return err
	})
	return rec, err
}

// resolve is Recover's work, for a caller holding the lock.
func resolve(ctx context.Context, d *driver, f *Folder) (*Recovery, error) {
	if err := d.tables.create(ctx, d.conn); err != nil {
		return nil, err
	}
	db, err := d.tables.read(ctx, d.conn)
	if err != nil {
		return nil, err
	}
	v := newView(f, db)
	if len(v.above) > 0 {
		return nil, &LedgerMismatchError{Version: db.version, HasVersion: db.hasVersion, Records: v.above, Width: f.Width}
	}
	rec := &Recovery{WasDirty: db.dirty, Adopted: v.adopt}
	if db.dirty || len(v.unfinished) > 0 {
		de := newDirtyError(v)
		if !de.Recoverable() {
			withCatalog(ctx, d.conn, de.Interrupted)
			return nil, de
		}
		rec.Settled = de.Interrupted
	}
	err = d.tx(ctx, func(tx pgx.Tx) error {
		for _, it := range rec.Settled {
			var q string
			switch {
			case it.Direction == DirUp: // it did not commit: as if never begun
				q = `DELETE FROM ` + d.tables.ledger + ` WHERE version = $1 AND state = 'applying'`
			case it.Committed: // reverted
				q = `DELETE FROM ` + d.tables.ledger + ` WHERE version = $1 AND state = 'reverted'`
			default: // the revert did not commit: still applied
				q = `UPDATE ` + d.tables.ledger + ` SET state = 'applied' WHERE version = $1 AND state = 'reverting'`
			}
			if _, err := tx.Exec(ctx, q, int64(it.Version)); err != nil {
				return fmt.Errorf("migrate: recover: %w", err)
			}
		}
		for _, m := range v.adopt {
			if err := d.tables.insertRecord(ctx, tx, m, HowAdopted); err != nil {
				return err
			}
		}
		// The highest version applied, as the ledger has it now (and as
		// the view computed: rows applying are not applied, rows
		// reverting still are).
		rec.Version, rec.HasVersion = uint(max(v.maxApplied, 0)), v.maxApplied >= 0
		return d.tables.setVersion(ctx, tx, v.maxApplied, false)
	})
	if err != nil {
		return nil, err
	}
	return rec, nil
}

// Force records that exactly the migrations up to version v are applied,
// running nothing: for after a failed or interrupted migration was
// finished or undone by hand, or to adopt a database built without
// migrations. golang-migrate's version becomes v, clean; the ledger gets
// every folder migration up to v (those it lacked marked forced) and
// loses those above. A v of -1 records that none is applied.
func (mg *Migrator) Force(ctx context.Context, v int) error {
	if v < -1 {
		return fmt.Errorf("migrate: force: bad version %d", v)
	}
	if v >= 0 {
		if _, ok := mg.folder.Find(uint(v)); !ok {
			return fmt.Errorf("migrate: force: no migration with version %d in the %s folder%s", v, mg.dir, mg.versionsHint())
		}
	}
	return mg.locked(ctx, func(vw *view) error {
		return mg.d.tx(ctx, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `DELETE FROM `+mg.d.tables.ledger+` WHERE version > $1`, v); err != nil {
				return fmt.Errorf("migrate: force: %w", err)
			}
			for _, m := range mg.folder.Migrations {
				if int(m.Version) > v {
					break
				}
				r := vw.db.records[m.Version]
				switch {
				case r == nil:
					if err := mg.d.tables.insertRecord(ctx, tx, m, HowForced); err != nil {
						return err
					}
				case r.State != RecordApplied:
					if _, err := tx.Exec(ctx, `UPDATE `+mg.d.tables.ledger+` SET state = 'applied', how = 'forced' WHERE version = $1`, int64(m.Version)); err != nil {
						return fmt.Errorf("migrate: force: %w", err)
					}
				}
			}
			return mg.d.tables.setVersion(ctx, tx, v, false)
		})
	})
}
