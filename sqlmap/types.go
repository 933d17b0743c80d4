package sqlmap

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// pgx encodes and decodes by type OID, and it knows only the built-in
// types' OIDs. A user-defined type (an enum, a domain, a composite) gets
// its OID when it is created, so each connection must learn it from the
// catalog: until then pgx falls back to the text format, which carries a
// Go string into an enum column and a []string out of an enum array, but
// fails on anything else, such as a []Door for a door[] parameter
// ("cannot find encode plan") or a door[] column scanned into []Door
// ("cannot scan unknown type"). The functions here load the types and
// register them on a connection's type map. A pgx.Tx runs on its
// connection and uses the connection's map, so registering on the
// connection, or on every pool connection through [AfterConnect], covers
// the transactions begun on it too.

// UnknownTypeError is returned by [RegisterTypes] for names that do not
// resolve to a type through the connection's search_path (or, qualified,
// in the schema they name). Nothing is registered when it is returned.
type UnknownTypeError struct {
	Names []string // the names as given, in the order given
}

func (e *UnknownTypeError) Error() string {
	if len(e.Names) == 1 {
		return "sqlmap: register types: type " + quoteNames(e.Names) + " does not exist"
	}
	return "sqlmap: register types: types " + quoteNames(e.Names) + " do not exist"
}

// resolveTypesSQL resolves each name as PostgreSQL itself would (to_regtype
// follows search_path, takes schema-qualified and quoted names and the
// "door[]" spelling) and returns the qualified names of the element type
// and of its array type. pgx's LoadTypes matches bare names against every
// schema, so it is given qualified names only: a "door" in another schema
// must not be loaded in place of the visible one. A name that is itself an
// array resolves to its element, so "door" and "door[]" both load the pair.
const resolveTypesSQL = `
SELECT n.name,
       e.oid IS NOT NULL,
       COALESCE(en.nspname || '.' || e.typname, ''),
       COALESCE(an.nspname || '.' || a.typname, '')
  FROM unnest($1::text[]) WITH ORDINALITY AS n(name, i)
  LEFT JOIN pg_catalog.pg_type t ON t.oid = pg_catalog.to_regtype(n.name)
  LEFT JOIN pg_catalog.pg_type e
         ON e.oid = CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN t.typelem ELSE t.oid END
  LEFT JOIN pg_catalog.pg_namespace en ON en.oid = e.typnamespace
  LEFT JOIN pg_catalog.pg_type a ON a.oid = e.typarray
  LEFT JOIN pg_catalog.pg_namespace an ON an.oid = a.typnamespace
 ORDER BY n.i`

// RegisterTypes loads the named types and their array types from the
// database and registers them on conn, so that pgx can encode and scan
// them: name "door" (or "door[]", or "app.door") registers door and
// door[] (pgx's "_door"). Names resolve through conn's search_path, as
// in SQL. Composite types and domains work too; the types they are built
// from are loaded with them.
//
// pgx keeps the types on each connection, so call it on every connection
// that needs them: for a pool use [AfterConnect]. Transactions begun on
// conn use its types. A name that is not a type is an [*UnknownTypeError]
// and registers nothing.
func RegisterTypes(ctx context.Context, conn *pgx.Conn, names ...string) error {
	if len(names) == 0 {
		return nil
	}
	rows, err := conn.Query(ctx, resolveTypesSQL, names)
	if err != nil {
		return fmt.Errorf("sqlmap: register types %s: %w", quoteNames(names), err)
	}
	var (
		load    []string
		seen    = make(map[string]bool)
		missing []string
	)
	for rows.Next() {
		var name, elem, array string
		var found bool
		if err := rows.Scan(&name, &found, &elem, &array); err != nil {
			rows.Close()
			return fmt.Errorf("sqlmap: register types %s: %w", quoteNames(names), err)
		}
		if !found {
			missing = append(missing, name)
			continue
		}
		for _, n := range []string{elem, array} {
			if n != "" && !seen[n] {
				seen[n] = true
				load = append(load, n)
			}
		}
	}
	if err := rows.Err(); err != nil {
		// A malformed name ("a b") fails to_regtype itself; PostgreSQL's
		// message quotes it.
		return fmt.Errorf("sqlmap: register types %s: %w", quoteNames(names), err)
	}
	if len(missing) > 0 {
		return &UnknownTypeError{Names: missing}
	}
	return loadTypes(ctx, conn, load)
}

// enumTypesSQL lists the enums of the schemas on the search_path, with
// their array types, qualified for the reason given at resolveTypesSQL.
const enumTypesSQL = `
SELECT n.nspname || '.' || t.typname,
       COALESCE(an.nspname || '.' || a.typname, '')
  FROM pg_catalog.pg_type t
  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
  LEFT JOIN pg_catalog.pg_type a ON a.oid = t.typarray
  LEFT JOIN pg_catalog.pg_namespace an ON an.oid = a.typnamespace
 WHERE t.typtype = 'e'
   AND n.nspname = ANY (pg_catalog.current_schemas(false))
 ORDER BY 1`

// RegisterEnums registers on conn every enum type, and its array type, of
// the schemas on conn's search_path: those the migrations created, with no
// list to keep in step with them. An enum created after the call (say by a
// migration run later on the same connection) is not known to conn until
// it is called again. Domains and composite types are left to
// [RegisterTypes], which names them.
func RegisterEnums(ctx context.Context, conn *pgx.Conn) error {
	rows, err := conn.Query(ctx, enumTypesSQL)
	if err != nil {
		return fmt.Errorf("sqlmap: register enums: %w", err)
	}
	var load []string
	for rows.Next() {
		var elem, array string
		if err := rows.Scan(&elem, &array); err != nil {
			rows.Close()
			return fmt.Errorf("sqlmap: register enums: %w", err)
		}
		load = append(load, elem)
		if array != "" {
			load = append(load, array)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlmap: register enums: %w", err)
	}
	return loadTypes(ctx, conn, load)
}

// loadTypes loads qualified type names with pgx and registers them.
func loadTypes(ctx context.Context, conn *pgx.Conn, names []string) error {
	if len(names) == 0 {
		return nil // LoadTypes refuses an empty list
	}
	types, err := conn.LoadTypes(ctx, names)
	if err != nil {
		return fmt.Errorf("sqlmap: register types %s: %w", quoteNames(names), err)
	}
	// pgx v5.12's LoadTypes already registers each type as it builds it
	// (an array's codec needs its element registered), but its contract is
	// that the caller registers the result; doing so costs nothing and
	// keeps working if LoadTypes stops registering.
	conn.TypeMap().RegisterTypes(types)
	return nil
}

// AfterConnect returns a function for pgxpool.Config.AfterConnect that
// registers types on each connection the pool opens, before the pool hands
// it out: with no names every enum of the search_path ([RegisterEnums]),
// else the named types and their arrays ([RegisterTypes]).
//
//	cfg.AfterConnect = sqlmap.AfterConnect()
//
// It costs a round trip or two per new connection, not per query. Run
// migrations that create types before the pool opens its connections, or
// call pool.Reset after them, since connections already open keep the
// types they had. To combine it with an AfterConnect of your own, call
// the returned function from yours.
func AfterConnect(names ...string) func(context.Context, *pgx.Conn) error {
	names = append([]string(nil), names...) // the caller's slice may change later
	if len(names) == 0 {
		return RegisterEnums
	}
	return func(ctx context.Context, conn *pgx.Conn) error {
		return RegisterTypes(ctx, conn, names...)
	}
}

func quoteNames(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(quoted, ", ")
}
