package scanner

import (
	"database/sql"
	"fmt"

	"github.com/georgysavva/scany/v2/dbscan"
	"github.com/georgysavva/scany/v2/pgxscan"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// pgx types that scan themselves through one of pgx's scanner interfaces
// rather than sql.Scanner; scany must not descend into their fields.
var scannableTypes = []any{
	(*sql.Scanner)(nil),
	(*pgtype.TextScanner)(nil),
	(*pgtype.Int64Scanner)(nil),
	(*pgtype.Float64Scanner)(nil),
	(*pgtype.BoolScanner)(nil),
	(*pgtype.TimestamptzScanner)(nil),
	(*pgtype.TimestampScanner)(nil),
	(*pgtype.DateScanner)(nil),
	(*pgtype.UUIDScanner)(nil),
	(*pgtype.NumericScanner)(nil),
	(*pgtype.IntervalScanner)(nil),
}

// Scany returns a scany API that names columns exactly as sqlmap does (the
// db tag, else [ColumnName]), for code that already uses scany directly,
// or that wants its behaviour side by side with [Plan].
//
// sqlmap's own calls use [Plan] instead: it resolves columns once per
// result shape rather than once per row, and it leaves a pointer to a
// struct nil when all of that struct's columns are NULL, which scany does
// not.
func Scany(opts Options) (*pgxscan.API, error) {
	d, err := pgxscan.NewDBScanAPI(
		dbscan.WithFieldNameMapper(ColumnName),
		dbscan.WithScannableTypes(scannableTypes...),
		dbscan.WithAllowUnknownColumns(opts.AllowUnknownColumns),
	)
	if err != nil {
		return nil, fmt.Errorf("scanner: scany: %w", err)
	}
	api, err := pgxscan.NewAPI(d)
	if err != nil {
		return nil, fmt.Errorf("scanner: scany: %w", err)
	}
	return api, nil
}

// All scans every row of rows into a slice of T with a fresh [Plan], and
// closes rows. It is for one-off queries; sqlmap's named calls cache the
// plan instead.
func All[T any](rows pgx.Rows, opts Options) ([]T, error) {
	defer rows.Close()
	p, err := NewPlan[T](rows.FieldDescriptions(), opts)
	if err != nil {
		return nil, err
	}
	s := p.Begin()
	defer s.Release()
	var out []T
	for rows.Next() {
		var zero T
		out = append(out, zero)
		if err := s.Row(rows, &out[len(out)-1]); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("scanner: %w", err)
	}
	return out, nil
}
