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
// # Batches and bulk inserts
//
// [DB.Batch] queues named calls ([QueueOne], [QueueMany],
// [Batch.QueueExec]) and [Batch.Send] sends them in one round trip; each
// queued call returns a handle that holds its result once sent. Lookup
// and binding errors are reported when a call is queued, and nothing is
// sent while any remains. [CopyFrom] loads a slice of structs with COPY,
// reading the fields in place; it is several times faster than a batch
// of INSERTs for thousands of rows.
//
// # Performance
//
// Binding and scanning plans are built once per query and Go type and
// cached; a call does no SQL parsing and no walk over struct fields. The
// per-call scan state is pooled, [Many] sizes its result from the
// query's previous one, and [One] and [Iter] scan into a reused place,
// so the only allocations per row are those of the values themselves.
//
// # Prepared statements and PgBouncer
//
// The SQL text sent for a named query is the same on every call
// ([Query.SQL], rewritten to $n once at load), whatever the arguments. With pgx's
// default mode, QueryExecModeCacheStatement, each connection therefore
// prepares a named query once, the first time it runs there, and later
// calls send only its arguments: one round trip, no parsing or planning
// of the text again. QueryExecModeCacheDescribe caches only what pgx
// learns from the server about the query: the text is parsed on every
// call, but no statement is kept on the server.
//
// A pooler in transaction mode (PgBouncer's pool_mode=transaction) hands
// each transaction to any server connection, where a statement prepared
// on another one does not exist. Either set PgBouncer's
// max_prepared_statements (1.21 and later) so that it tracks them, or
// configure pgx with QueryExecModeExec (the extended protocol without
// named statements: one round trip, arguments still sent apart from the
// SQL) or QueryExecModeSimpleProtocol (arguments quoted into the text by
// pgx), for example with default_query_exec_mode=exec in the connection
// string. sqlmap works unchanged in every mode, batches included; only
// [CopyFrom] always describes its table first, in any mode.
package sqlmap
