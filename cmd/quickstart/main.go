// Command quickstart is the README's demo: the Flask-SQLAlchemy quickstart
// story told with sqlmap. It migrates the example schema up, inserts a user
// through the named query CreateUser, lists all users and prints them.
//
// It runs against DATABASE_URL when that is set; otherwise in a database
// of its own, dropped at the end, on the local server (127.0.0.1:5432)
// when one answers, else in a throwaway PostgreSQL cluster (initdb and
// pg_ctl must be installed: on Debian or Ubuntu, apt-get install
// postgresql) removed at the end: the rule make test follows.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/sqlmap-go/sqlmap/internal/pglocal"
	"github.com/sqlmap-go/sqlmap/migrations"
	"github.com/sqlmap-go/sqlmap/queries"
	"github.com/sqlmap-go/sqlmap/sqlmap"
	"github.com/sqlmap-go/sqlmap/sqlmap/migrate"
)

// User is the seed's model: id, a unique username and a unique email.
type User struct {
	ID       int64  `db:"id"`
	Username string `db:"username"`
	Email    string `db:"email"`
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		stop()
		os.Exit(1)
	}
}

func run(ctx context.Context, stdout, stderr io.Writer) error {
	url := os.Getenv("DATABASE_URL")
	if url == "" {
		// make test's rule: the local server when it answers, else a
		// throwaway cluster; either way a database of the demo's own,
		// dropped at the end, so nothing of someone else's is touched.
		srv, err := pglocal.Find(ctx, func(format string, args ...any) {
			fmt.Fprintf(stderr, "DATABASE_URL is not set: "+format+"\n", args...)
		})
		if err != nil {
			return fmt.Errorf("no DATABASE_URL, no server on 127.0.0.1:5432, and no throwaway cluster either (it needs initdb and pg_ctl; on Debian: apt-get install postgresql): %w", err)
		}
		defer func() { _ = srv.Stop(context.WithoutCancel(ctx)) }()
		dbURL, drop, err := pglocal.CreateDatabase(ctx, srv.URL(), "sqlmap_demo")
		if err != nil {
			return err
		}
		defer func() { _ = drop(context.WithoutCancel(ctx)) }()
		url = dbURL
	}
	fmt.Fprintln(stderr, "database:", pglocal.Redact(url))

	// flask db upgrade
	if err := migrate.Up(ctx, url, migrations.FS); err != nil {
		return err
	}
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return fmt.Errorf("connecting: %w", err)
	}
	defer pool.Close()
	db := sqlmap.New(pool, sqlmap.MustLoad(queries.FS))

	// db.session.add(User(username="admin", email="admin@example.com")); db.session.commit()
	admin, err := sqlmap.One[User](ctx, db, "CreateUser", User{Username: "admin", Email: "admin@example.com"})
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		// Run twice against the same database: the user is already there.
		admin, err = sqlmap.One[User](ctx, db, "GetUserByUsername", sqlmap.Args{"username": "admin"})
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "inserted: %+v\n", admin)

	// User.query.all()
	users, err := sqlmap.Many[User](ctx, db, "ListUsers", nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "all users (%d):\n", len(users))
	for _, u := range users {
		fmt.Fprintf(stdout, "  %d  %-10s %s\n", u.ID, u.Username, u.Email)
	}
	return nil
}
