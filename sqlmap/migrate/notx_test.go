package migrate_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/sqlmap/migrate"
)

// A SQL-standard function body holds semicolons; a no-transaction file is
// run statement by statement, so the body must reach PostgreSQL whole.
func TestNoTransactionKeepsBeginAtomicBodyWhole(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	fsys := files(
		"000001_two.up.sql", migrate.NoTransactionDirective+`
CREATE TABLE answer (v int);
CREATE FUNCTION two() RETURNS int LANGUAGE sql
BEGIN ATOMIC
  SELECT 1;
  SELECT CASE WHEN true THEN 2 ELSE 0 END;
END;
create or replace procedure remember() language sql
begin atomic
  insert into answer values (two());
end;
CALL remember();
`,
		"000001_two.down.sql", migrate.NoTransactionDirective+"\nDROP PROCEDURE remember();\nDROP TABLE answer;\nDROP FUNCTION two();\n",
	)
	mg := open(t, url, fsys)
	_, err := mg.Up(ctx, 0)
	require.NoError(t, err)
	assert.Equal(t, "1", version(t, mg))
	conn := connect(t, url)
	var got, stored int
	require.NoError(t, conn.QueryRow(ctx, `SELECT two(), (SELECT v FROM answer)`).Scan(&got, &stored))
	assert.Equal(t, 2, got, "a SQL function returns its last statement's value")
	assert.Equal(t, 2, stored)

	_, err = mg.Down(ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, "none", version(t, mg))
	assert.Empty(t, pgtest.Tables(t, url))
}

// Files saved with a byte order mark, or with CR line ends: the mark does
// not hide the no-transaction line, nor reach PostgreSQL as part of a
// name; a bare CR ends the directive's line.
func TestByteOrderMarkAndCarriageReturns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, url := pgtest.SchemaURL(t)
	const bom = "\xef\xbb\xbf"
	fsys := files(
		"000001_tx.up.sql", bom+"CREATE TABLE a (v int);\nINSERT INTO a VALUES (1);\n",
		"000001_tx.down.sql", bom+"DROP TABLE a;\n",
		"000002_index.up.sql", bom+migrate.NoTransactionDirective+"\r\nCREATE INDEX CONCURRENTLY a_v ON a (v);\r\n",
		"000002_index.down.sql", migrate.NoTransactionDirective+"\rDROP INDEX CONCURRENTLY a_v;\r",
	)
	mg := open(t, url, fsys)
	_, err := mg.Up(ctx, 0)
	require.NoError(t, err, "CREATE INDEX CONCURRENTLY runs outside a transaction only if the directive was seen")
	assert.Equal(t, "2", version(t, mg))
	_, err = mg.Down(ctx, 2)
	require.NoError(t, err)
	assert.Equal(t, "none", version(t, mg))
	assert.Empty(t, pgtest.Tables(t, url))
}
