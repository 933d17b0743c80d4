// Package sqlmap runs named SQL queries kept in .sql files and scans their
// rows into Go structs: write SQL, call it by name, get typed values back.
//
// # Query files
//
// Each query in a .sql file starts with a header comment naming it and,
// optionally, declaring what it returns (sqlc's spelling, so sqlc query
// files load unchanged). Comment lines right after the header are its doc:
//
//	-- name: GetUser :one
//	-- Fetch one user by id.
//	SELECT id, username, email FROM users WHERE id = :id;
//
//	-- name: ListUsers :many
//	SELECT id, username, email FROM users ORDER BY id;
//
// Kinds are :one, :many, :exec and :execrows; a header without a kind
// accepts any call. Parameters are written :name, @name, sqlc.arg(name) or
// sqlc.narg(name), or positionally as $1, $2 (not both in one query). The
// lexer knows PostgreSQL's strings, E'...' strings, quoted identifiers,
// dollar-quoted bodies, nested comments, casts (::), := and the @>, <@ and
// @@ operators, so none of those is taken for a parameter.
//
// [Load] reads every .sql file of an fs.FS (an embed.FS in production, an
// os.DirFS while developing) and parses it once: each query becomes a
// [Query] holding $n SQL and its ordered parameter names. Every problem of
// every file is reported at once, each as a [*FileError] with file:line.
//
// # Calling queries
//
// [New] binds a [Querier] (a *pgxpool.Pool, a *pgx.Conn or a pgx.Tx) to a
// query set. Then:
//
//	u, err := sqlmap.One[User](ctx, db, "GetUser", sqlmap.Args{"id": 7})
//	us, err := sqlmap.Many[User](ctx, db, "ListUsers", nil)
//	for u, err := range sqlmap.Iter[User](ctx, db, "ListUsers", nil) { ... }
//	n, err := db.Exec(ctx, "DeleteUser", sqlmap.Args{"id": 7})
//	err := db.InTx(ctx, func(tx *sqlmap.DB) error { ... })
//
// Arguments come from a struct or a pointer to one (fields named by the
// scanner's rule: the db tag, else snake_case), from [Args] or a
// map[string]any, from []any for positional queries, or nil. A missing
// parameter or an unknown map key is an error before any round trip.
// Values always travel as bind parameters; slices bind as PostgreSQL
// arrays, so write "= ANY(:ids)".
//
// # Results
//
// T is a struct (or pointer to one), whose fields receive the columns by
// name, or a single value (int64, string, time.Time, ...) for a
// one-column result. A column with no field is an error unless the DB was
// made with [AllowUnknownColumns]; NULL into a non-pointer field is an error
// naming the column and field; a pointer to a struct whose columns are all
// NULL (a LEFT JOIN that matched nothing) stays nil. See package scanner.
//
// # Errors
//
// Errors from calls are [*QueryError] values naming the query and its
// file:line (for a PostgreSQL error with a position, the line it points
// at), wrapping the cause: [ErrNoRows] (which errors.Is also matches as
// pgx.ErrNoRows), [ErrTooManyRows], a *pgconn.PgError, or a
// *scanner.ColumnError.
//
// # Performance
//
// Binding and scanning plans are built once per query and Go type and
// cached; a call does no SQL parsing and no walk over struct fields, and
// the SQL text of a query never changes, so pgx's per-connection prepared
// statement cache applies. Behind PgBouncer in transaction mode, configure
// pgx with QueryExecModeExec or QueryExecModeSimpleProtocol instead.
package sqlmap
