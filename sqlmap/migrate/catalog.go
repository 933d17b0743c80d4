package migrate

import (
	"context"
	"fmt"
	"regexp"
)

// The statements of files run statement by statement whose effect the
// catalog shows: building and dropping indexes, CREATE INDEX
// CONCURRENTLY above all, which leaves an INVALID index when cut short.
var (
	createIndexRE = regexp.MustCompile(`(?is)^\s*create\s+(?:unique\s+)?index\s+(?:concurrently\s+)?(?:if\s+not\s+exists\s+)?("(?:[^"]|"")+"|[\w$]+(?:\.[\w$]+)?)\s+on\s`)
	dropIndexRE   = regexp.MustCompile(`(?is)^\s*drop\s+index\s+(?:concurrently\s+)?(?:if\s+exists\s+)?("(?:[^"]|"")+"|[\w$]+(?:\.[\w$]+)?)\s*$`)
)

// catalogHint says what the catalog shows of a statement in doubt, or ""
// when it cannot tell.
func catalogHint(ctx context.Context, q querier, sql string) string {
	m := createIndexRE.FindStringSubmatch(sql)
	create := m != nil
	if !create {
		m = dropIndexRE.FindStringSubmatch(sql)
	}
	if m == nil {
		return ""
	}
	var exists, valid bool
	if err := q.QueryRow(ctx, `SELECT i.indexrelid IS NOT NULL, coalesce(i.indisvalid, false)
FROM (SELECT to_regclass($1) AS oid) r LEFT JOIN pg_index i ON i.indexrelid = r.oid`, m[1]).Scan(&exists, &valid); err != nil {
		return ""
	}
	switch {
	case create && exists && valid:
		return fmt.Sprintf("the catalog shows index %s built and valid: that statement ran", m[1])
	case create && exists:
		return fmt.Sprintf("the catalog shows index %s INVALID: its build was cut short; drop it (DROP INDEX CONCURRENTLY %s) and build it again", m[1], m[1])
	case create:
		return fmt.Sprintf("the catalog has no index %s: that statement did not run", m[1])
	case exists:
		return fmt.Sprintf("the catalog still has index %s: that statement did not run", m[1])
	}
	return fmt.Sprintf("the catalog has no index %s: that statement ran", m[1])
}

// withCatalog adds to each interrupted file run statement by statement
// what the catalog shows of the statement in doubt.
func withCatalog(ctx context.Context, q querier, its []*Interrupted) {
	for _, it := range its {
		if !it.InTransaction && it.NextSQL != "" {
			it.Catalog = catalogHint(ctx, q, it.NextSQL)
		}
	}
}
