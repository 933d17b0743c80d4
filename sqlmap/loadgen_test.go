package sqlmap_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/sqlmap"
)

// realisticTemplates are the queries realisticQueries cycles through:
// the constructs a real query folder holds, each of them a place where a
// lexer can go wrong or a parser can allocate (string literals holding a
// doubled quote and a ':', an E-string, ::casts, :name, @name, sqlc.arg,
// sqlc.narg, sqlc.slice in an IN, CTEs, joins, dollar-quoted bodies,
// block comments, -- returns: lines). {n} is replaced by the query's
// number, so that no two bodies are the same text.
var realisticTemplates = []struct {
	kind string
	text string
}{
	{"one", `-- Fetch one user with the time of their latest order, for the account page.
-- Cancelled orders do not count.
-- returns: User
WITH latest AS (
    SELECT o.user_id, max(o.created_at) AS at
    FROM orders o
    WHERE o.status <> 'it''s: cancelled'
    GROUP BY o.user_id
)
SELECT u.id, u.username, u.email, l.at AS last_order_at, (u.flags & 4)::int AS tier
FROM users u
LEFT JOIN latest l ON l.user_id = u.id
WHERE u.id = sqlc.arg(user_id) /* primary key lookup {n} */
  AND u.tenant_id = :tenant_id;
`},
	{"many", `-- List the users with the given ids, optionally filtered by group.
-- Rows come back ordered by name; a NULL group_id means every group.
SELECT u.id, u.username, E'line one\nline {n}' AS banner, u.created_at
FROM users u
JOIN memberships m ON m.user_id = u.id
WHERE u.id IN (sqlc.slice(ids))
  AND (sqlc.narg(group_id)::bigint IS NULL OR m.group_id = sqlc.narg(group_id))
  AND u.note <> 'time: 12:30'
ORDER BY u.username
LIMIT :limit::int OFFSET :offset;
`},
	{"exec", `-- Mark the documents whose items match the rule as reviewed.
-- Archived documents are left alone: they are read-only by policy.
UPDATE documents d
SET reviewed_at = now(), reviewer = :reviewer, note = 'ok: it''s checked ({n})'
WHERE d.tenant_id = @tenant_id
  AND EXISTS (
    SELECT 1
    FROM jsonb_path_query(d.doc, $$ $.items[*] ? (@.qty > 1) $$) AS hit
  )
  AND d.kind::int = sqlc.arg(kind) /* only this kind; :not_a_param */
  AND d.archived_at IS NULL;
`},
	{"many", `-- Search orders by text and total, newest first.
-- The search column is a generated tsvector over the order's lines.
-- returns: models.Order
SELECT o.id, o.user_id, o.total::numeric(12,2) AS total, o.meta->>'source' AS source
FROM orders o
INNER JOIN users u ON u.id = o.user_id
WHERE o.search @@ plainto_tsquery('english', :query)
  AND o.total BETWEEN @min_total AND @max_total
  AND o.meta @> '{"channel": "web:eu"}'::jsonb
  AND u.id <> {n}
ORDER BY o.created_at DESC, o.id
LIMIT 50;
`},
	{"exec", `-- Rebuild the user counter; safe to run twice.
-- Runs as one DO block, so it takes no parameters.
DO $body$
DECLARE
    n int;
BEGIN
    n := (SELECT count(*)::int FROM users WHERE note <> 'a:b' AND id > {n});
    UPDATE counters SET users = n, updated_at = now() WHERE name = 'users';
    RAISE NOTICE 'counted: %', n; -- :n is not a parameter here
END
$body$;
`},
	{"one", `-- Create a user and return it. The email is stored lower-case.
-- A second sign-up with the same email renames the existing user.
-- returns: User
INSERT INTO users (username, email, bio, created_at)
VALUES (
    sqlc.arg(username),
    lower(sqlc.arg(email)),
    coalesce(sqlc.narg(bio), E'no bio yet\t:)'),
    now() /* server time, not the client's */
)
ON CONFLICT (email) DO UPDATE SET username = EXCLUDED.username, note = 'v{n}'
RETURNING id, username, email, bio, created_at;
`},
	{"many", `-- Walk the category tree below a root, depth first.
-- max_depth bounds the walk, so a cycle in bad data cannot loop forever.
WITH RECURSIVE tree AS (
    SELECT c.id, c.parent_id, c.name, 1 AS depth
    FROM categories c
    WHERE c.id = :root_id
  UNION ALL
    SELECT c.id, c.parent_id, c.name, t.depth + 1
    FROM categories c
    JOIN tree t ON c.parent_id = t.id
    WHERE t.depth < :max_depth::int AND c.name <> 'x:{n}'
)
SELECT id, parent_id, name, depth FROM tree ORDER BY depth, name;
`},
	{"exec", `-- Delete the sessions with the given ids, or those of a user.
-- The caller passes the ids it read a moment ago.
DELETE FROM sessions s
USING users u
WHERE u.id = s.user_id
  AND (s.id IN (sqlc.slice(session_ids)) OR s.user_id = sqlc.narg(user_id))
  AND s.created_at < now() - '{n} minutes'::interval
  AND u.username <> 'root''s: account' /* never the root's */
  AND s.kind = :kind;
`},
}

// realisticQueries returns a query file of n named queries, Query0 to
// Query<n-1>, of about 500 bytes each, in sqlc's format. The text depends
// only on n.
func realisticQueries(n int) string {
	var b strings.Builder
	b.Grow(n * 520)
	for i := range n {
		writeRealisticQuery(&b, i)
	}
	return b.String()
}

// realisticQueriesOfSize is realisticQueries with as many queries as it
// takes to reach size bytes.
func realisticQueriesOfSize(size int) string {
	var b strings.Builder
	b.Grow(size + 1024)
	for i := 0; b.Len() < size; i++ {
		writeRealisticQuery(&b, i)
	}
	return b.String()
}

func writeRealisticQuery(b *strings.Builder, i int) {
	t := realisticTemplates[i%len(realisticTemplates)]
	n := strconv.Itoa(i)
	b.WriteString("-- name: Query")
	b.WriteString(n)
	b.WriteString(" :")
	b.WriteString(t.kind)
	b.WriteByte('\n')
	b.WriteString(strings.ReplaceAll(t.text, "{n}", n))
	b.WriteByte('\n')
}

func TestRealisticQueriesLoad(t *testing.T) {
	t.Parallel()
	const n = 1000
	src := realisticQueries(n)
	assert.Equal(t, src, realisticQueries(n), "the text is deterministic")

	qs, err := sqlmap.NewQueries(map[string]string{"realistic.sql": src})
	require.NoError(t, err)
	all := qs.All()
	require.Len(t, all, n)

	avg := len(src) / n
	t.Logf("%d queries, %d bytes, %d bytes per query", n, len(src), avg)
	assert.GreaterOrEqual(t, avg, 400)
	assert.LessOrEqual(t, avg, 600)

	// Every template parses as meant: kinds, docs, returns and parameters.
	kinds := map[sqlmap.Kind]int{}
	returns, docs := 0, 0
	for _, q := range all {
		kinds[q.Kind]++
		if q.Returns != "" {
			returns++
		}
		if q.Doc != "" {
			docs++
		}
		assert.NotContains(t, q.SQL, "sqlc.", q.Name)
		assert.NotContains(t, q.SQL, ":tenant_id", q.Name)
	}
	assert.Equal(t, n, docs)
	assert.Positive(t, returns)
	assert.Less(t, returns, n)
	assert.Positive(t, kinds[sqlmap.KindOne])
	assert.Positive(t, kinds[sqlmap.KindMany])
	assert.Positive(t, kinds[sqlmap.KindExec])

	byName := func(name string) *sqlmap.Query {
		q, ok := qs.Get(name)
		require.True(t, ok, name)
		return q
	}
	assert.Equal(t, []string{"user_id", "tenant_id"}, byName("Query0").Params)
	assert.Equal(t, "User", byName("Query0").Returns)
	assert.Equal(t, []string{"ids", "group_id", "limit", "offset"}, byName("Query1").Params)
	assert.Contains(t, byName("Query1").SQL, "u.id = ANY($1)")
	assert.Contains(t, byName("Query1").SQL, `E'line one\nline 1'`)
	assert.Equal(t, []string{"reviewer", "tenant_id", "kind"}, byName("Query2").Params)
	assert.Contains(t, byName("Query2").SQL, "$$ $.items[*] ? (@.qty > 1) $$")
	assert.Equal(t, "models.Order", byName("Query3").Returns)
	assert.Nil(t, byName("Query4").Params)
	assert.Contains(t, byName("Query4").SQL, "n := (SELECT")
	assert.Equal(t, []string{"username", "email", "bio"}, byName("Query5").Params)
	assert.Equal(t, []string{"root_id", "max_depth"}, byName("Query6").Params)
	assert.Equal(t, []string{"session_ids", "user_id", "kind"}, byName("Query7").Params)
}
