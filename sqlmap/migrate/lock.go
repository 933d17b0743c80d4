package migrate

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// LockHolder is the session holding the migration lock: another sqlmap
// (or golang-migrate) run.
type LockHolder struct {
	PID         int
	Application string // its application_name
	User        string
	Client      string // its address, empty for a local socket
	// Running is the migration the ledger says it is applying or
	// reverting, with how long for; empty between two files, or for a
	// run that keeps no ledger (golang-migrate's CLI).
	Running    string
	RunningFor time.Duration
}

func (h *LockHolder) String() string {
	app := h.Application
	if app == "" {
		app = "a session"
	}
	s := fmt.Sprintf("%s (pid %d", app, h.PID)
	if h.Running != "" {
		s += fmt.Sprintf(", running %s for %s", h.Running, h.RunningFor.Round(time.Second))
	}
	return s + ")"
}

// LockWait is reported while a run waits for the lock.
type LockWait struct {
	Waited time.Duration
	Holder *LockHolder // nil when it let go just now
}

// LockTimeoutError is a run that gave up waiting for the migration lock.
type LockTimeoutError struct {
	Waited time.Duration
	Holder *LockHolder
}

func (e *LockTimeoutError) Error() string {
	msg := fmt.Sprintf("migrate: gave up after waiting %s for the migration lock; nothing was run", e.Waited.Round(time.Second))
	if e.Holder != nil {
		msg += "; it is held by " + e.Holder.String()
	}
	return msg
}

// lock takes the advisory lock golang-migrate takes, on d's session, by
// trying rather than waiting in pg_advisory_lock: between tries this
// session has no statement open, so CREATE INDEX CONCURRENTLY in the
// session holding the lock, which waits for every snapshot older than
// its own, does not wait for this one (a blocked pg_advisory_lock is one
// such snapshot: a deadlock).
func (mg *Migrator) lock(ctx context.Context, d *driver) error {
	start := time.Now()
	nextReport := start.Add(2 * time.Second)
	pause := 20 * time.Millisecond
	for {
		var ok bool
		if err := d.conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, d.lockKey).Scan(&ok); err != nil {
			return fmt.Errorf("migrate: taking the migration lock: %w", err)
		}
		if ok {
			d.mu.Lock()
			d.held = true
			d.mu.Unlock()
			return nil
		}
		now := time.Now()
		if now.Sub(start) >= mg.lockTimeout {
			h, _ := mg.holder(ctx, d)
			return &LockTimeoutError{Waited: now.Sub(start), Holder: h}
		}
		if mg.onWait != nil && now.After(nextReport) {
			h, _ := mg.holder(ctx, d)
			mg.onWait(LockWait{Waited: now.Sub(start), Holder: h})
			nextReport = now.Add(10 * time.Second)
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("migrate: stopped while waiting for the migration lock; nothing was run: %w", ctx.Err())
		case <-t.C:
		}
		pause = min(pause*2, 500*time.Millisecond)
	}
}

func (mg *Migrator) unlock(d *driver) {
	if d == nil || !d.held {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, _ = d.conn.Exec(ctx, `SELECT pg_advisory_unlock($1)`, d.lockKey)
	d.mu.Lock()
	d.held = false
	d.mu.Unlock()
}

// holder finds the session holding the migration lock, other than d's
// own, and what the ledger says it runs; nil when none holds it.
func (mg *Migrator) holder(ctx context.Context, d *driver) (*LockHolder, error) {
	return findHolder(ctx, d.conn, d.tables, d.lockKey, mg.folder.Width)
}

func findHolder(ctx context.Context, q querier, t tables, key int64, width int) (*LockHolder, error) {
	h := &LockHolder{}
	// pg_locks splits a bigint advisory key into two oids, high and low
	// 32 bits; objsubid 1 marks the bigint form.
	err := q.QueryRow(ctx, `SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''), coalesce(host(a.client_addr), '')
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
  AND l.classid = ($1::bigint >> 32)::oid AND l.objid = ($1::bigint & 4294967295)::oid
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.pid <> pg_backend_pid()
LIMIT 1`, key).Scan(&h.PID, &h.Application, &h.User, &h.Client)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var hasLedger bool
	if err := q.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, t.ledger).Scan(&hasLedger); err != nil || !hasLedger {
		return h, err
	}
	var v int64
	var name string
	var secs float64
	err = q.QueryRow(ctx, `SELECT version, name, extract(epoch FROM clock_timestamp() - started_at)::float8 FROM `+t.ledger+`
WHERE state IN ('applying', 'reverting') ORDER BY started_at DESC LIMIT 1`).Scan(&v, &name, &secs)
	if err == nil {
		h.Running = (&Record{Version: uint(v), Name: name}).Label(width)
		h.RunningFor = time.Duration(secs * float64(time.Second))
	}
	return h, nil
}
