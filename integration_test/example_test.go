package integration_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/migrations"
	"github.com/sqlmap-go/sqlmap/queries"
	"github.com/sqlmap-go/sqlmap/sqlmap"
	"github.com/sqlmap-go/sqlmap/sqlmap/migrate"
)

type User struct {
	ID       int64  `db:"id"`
	Username string `db:"username"`
	Email    string `db:"email"`
}

// TestExampleApplication runs the example migrations and every example
// query, as an application using the embedded folders would.
func TestExampleApplication(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	require.NoError(t, migrate.Up(ctx, url, migrations.FS))
	require.NoError(t, migrate.Up(ctx, url, migrations.FS), "a second Up finds nothing to do")

	pool, err := pgxpool.New(ctx, url)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	qs, err := sqlmap.Load(queries.FS)
	require.NoError(t, err)
	db := sqlmap.New(pool, qs)

	admin, err := sqlmap.One[User](ctx, db, "CreateUser", User{Username: "admin", Email: "admin@example.com"})
	require.NoError(t, err)
	guest, err := sqlmap.One[User](ctx, db, "CreateUser", sqlmap.Args{"username": "guest", "email": "guest@example.com"})
	require.NoError(t, err)
	assert.Equal(t, "admin", admin.Username)
	assert.Greater(t, guest.ID, admin.ID)

	got, err := sqlmap.One[User](ctx, db, "GetUser", sqlmap.Args{"id": guest.ID})
	require.NoError(t, err)
	assert.Equal(t, guest, got)
	got, err = sqlmap.One[User](ctx, db, "GetUserByUsername", sqlmap.Args{"username": "admin"})
	require.NoError(t, err)
	assert.Equal(t, admin, got)

	all, err := sqlmap.Many[User](ctx, db, "ListUsers", nil)
	require.NoError(t, err)
	assert.Equal(t, []User{admin, guest}, all)
	some, err := sqlmap.Many[User](ctx, db, "ListUsersByIDs", sqlmap.Args{"ids": []int64{guest.ID}})
	require.NoError(t, err)
	assert.Equal(t, []User{guest}, some)

	n, err := db.Exec(ctx, "UpdateEmail", sqlmap.Args{"id": admin.ID, "email": "root@example.com"})
	require.NoError(t, err)
	assert.Equal(t, int64(1), n)
	n, err = db.Exec(ctx, "DeleteUser", sqlmap.Args{"id": guest.ID})
	require.NoError(t, err)
	assert.Equal(t, int64(1), n)
	count, err := sqlmap.One[int64](ctx, db, "CountUsers", nil)
	require.NoError(t, err)
	assert.Equal(t, int64(1), count)

	_, err = sqlmap.One[User](ctx, db, "CreateUser", User{Username: "admin", Email: "other@example.com"})
	assert.ErrorContains(t, err, "query CreateUser (users.sql:3)")
	assert.ErrorContains(t, err, "users_username_key", "the unique constraint from the migration holds")
}

// TestQuickstart builds and runs the README's demo against a database of
// its own, as `make demo` does with DATABASE_URL set.
func TestQuickstart(t *testing.T) {
	t.Parallel()
	_, url := pgtest.SchemaURL(t)
	bin := filepath.Join(t.TempDir(), "quickstart")
	build := exec.Command("go", "build", "-o", bin, "../cmd/quickstart")
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))

	for run := 1; run <= 2; run++ {
		cmd := exec.Command(bin)
		cmd.Env = append(os.Environ(), "DATABASE_URL="+url)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		require.NoError(t, cmd.Run(), "run %d: %s", run, stderr.String())
		assert.Equal(t, "inserted: {ID:1 Username:admin Email:admin@example.com}\n"+
			"all users (1):\n"+
			"  1  admin      admin@example.com\n", stdout.String(), "run %d", run)
	}
}
