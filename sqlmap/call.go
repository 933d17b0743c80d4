package sqlmap

import (
	"context"
	"iter"
	"reflect"
	"sync"

	"github.com/jackc/pgx/v5"

	"github.com/sqlmap-go/sqlmap/scanner"
)

// planCache holds one query's scan plans, by result type and strictness.
type planCache struct{ m sync.Map } // planKey -> *scanner.Plan[T]

type planKey struct {
	t       reflect.Type
	lenient bool
}

// planFor returns the cached scan plan of q for T and the columns of rows,
// building it when there is none or when the columns changed (a SELECT *
// after a migration, say).
func planFor[T any](db *DB, q *Query, rows pgx.Rows) (*scanner.Plan[T], error) {
	key := planKey{reflect.TypeFor[T](), db.lenient}
	fds := rows.FieldDescriptions()
	if v, ok := q.plans.m.Load(key); ok {
		if p := v.(*scanner.Plan[T]); p.Matches(fds) {
			return p, nil
		}
	}
	p, err := scanner.NewPlan[T](fds, scanner.Options{AllowUnknownColumns: db.lenient})
	if err != nil {
		return nil, q.wrap(err)
	}
	q.plans.m.Store(key, p)
	return p, nil
}

// One runs a query that returns one row and scans it into a T: a struct
// (columns to fields by name) or a single value for a one-column result.
// No row gives [ErrNoRows]; more than one gives [ErrTooManyRows].
func One[T any](ctx context.Context, db *DB, name string, args any) (T, error) {
	var out T
	q, err := db.lookup(name, "One", KindOne)
	if err != nil {
		return out, err
	}
	vals, err := q.bind(args)
	if err != nil {
		return out, err
	}
	rows, err := db.q.Query(ctx, q.SQL, vals...)
	if err != nil {
		return out, q.wrap(err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return out, q.wrap(err)
		}
		return out, q.wrap(ErrNoRows)
	}
	p, err := planFor[T](db, q, rows)
	if err != nil {
		return out, err
	}
	if err := p.Begin().Row(rows, &out); err != nil {
		var zero T
		return zero, q.wrap(err)
	}
	if rows.Next() {
		var zero T
		return zero, q.wrap(ErrTooManyRows)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		var zero T
		return zero, q.wrap(err)
	}
	return out, nil
}

// Many runs a query and scans all its rows into a slice of T. It returns
// an empty, non-nil slice when there are no rows.
func Many[T any](ctx context.Context, db *DB, name string, args any) ([]T, error) {
	q, err := db.lookup(name, "Many", KindMany)
	if err != nil {
		return nil, err
	}
	vals, err := q.bind(args)
	if err != nil {
		return nil, err
	}
	rows, err := db.q.Query(ctx, q.SQL, vals...)
	if err != nil {
		return nil, q.wrap(err)
	}
	defer rows.Close()
	out := []T{}
	var s *scanner.Scan[T]
	for rows.Next() {
		if s == nil {
			p, err := planFor[T](db, q, rows)
			if err != nil {
				return nil, err
			}
			s = p.Begin()
		}
		var zero T
		out = append(out, zero)
		if err := s.Row(rows, &out[len(out)-1]); err != nil {
			return nil, q.wrap(err)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, q.wrap(err)
	}
	return out, nil
}

// Iter runs a query and yields its rows one at a time, without holding
// them all in memory. Breaking out of the loop closes the rows. An error
// is yielded once, as the last pair.
//
//	for u, err := range sqlmap.Iter[User](ctx, db, "ListUsers", nil) {
//		if err != nil { return err }
//		...
//	}
func Iter[T any](ctx context.Context, db *DB, name string, args any) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		q, err := db.lookup(name, "Iter", KindMany)
		if err != nil {
			yield(zero, err)
			return
		}
		vals, err := q.bind(args)
		if err != nil {
			yield(zero, err)
			return
		}
		rows, err := db.q.Query(ctx, q.SQL, vals...)
		if err != nil {
			yield(zero, q.wrap(err))
			return
		}
		defer rows.Close()
		var s *scanner.Scan[T]
		for rows.Next() {
			if s == nil {
				p, err := planFor[T](db, q, rows)
				if err != nil {
					yield(zero, err)
					return
				}
				s = p.Begin()
			}
			var v T
			if err := s.Row(rows, &v); err != nil {
				yield(zero, q.wrap(err))
				return
			}
			if !yield(v, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(zero, q.wrap(err))
		}
	}
}
