package vet

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
)

// TestScanRulesAgreeWithPgx checks the vet's table of which column types a
// field can hold against pgx itself: for every field type and every column
// type the table speaks for, pgx scans a sample value exactly when the
// table says it can.
func TestScanRulesAgreeWithPgx(t *testing.T) {
	ctx := context.Background()
	pool := pgtest.Pool(t)
	c, err := pool.Acquire(ctx)
	require.NoError(t, err)
	defer c.Release()
	conn := c.Conn()

	// One Go type per field type, as a model would declare it.
	targets := map[string]reflect.Type{
		"smallint":         reflect.TypeFor[int16](),
		"integer":          reflect.TypeFor[int32](),
		"bigint":           reflect.TypeFor[int64](),
		"numeric":          reflect.TypeFor[pgtype.Numeric](),
		"real":             reflect.TypeFor[float32](),
		"double precision": reflect.TypeFor[float64](),
		"text":             reflect.TypeFor[string](),
		"boolean":          reflect.TypeFor[bool](),
		"timestamptz":      reflect.TypeFor[time.Time](),
		"timestamp":        reflect.TypeFor[pgtype.Timestamp](),
		"date":             reflect.TypeFor[pgtype.Date](),
		"interval":         reflect.TypeFor[pgtype.Interval](),
		"time":             reflect.TypeFor[pgtype.Time](),
		"jsonb":            reflect.TypeFor[map[string]any](),
		"uuid":             reflect.TypeFor[[16]byte](),
		"bytea":            reflect.TypeFor[[]byte](),
		"bigint[]":         reflect.TypeFor[[]int64](),
		"text[]":           reflect.TypeFor[[]string](),
	}
	require.Len(t, targets, len(scansInto)+2, "a field type of the table has no Go type here")
	// A value of each column type that has the best chance to convert.
	samples := map[string]string{
		"smallint": "1", "integer": "1", "bigint": "1", "numeric": "1", "real": "1", "double precision": "1",
		"text": "1", "character varying": "1", "character": "1", "name": "1",
		"boolean": "true", "timestamp with time zone": "2020-01-01", "timestamp without time zone": "2020-01-01",
		"date": "2020-01-01", "interval": "1 day", "time without time zone": "12:00",
		"json": `{"a": 1}`, "jsonb": `{"a": 1}`, "uuid": "00000000-0000-0000-0000-000000000001", "bytea": `\x01`,
		"bigint[]": "{1}", "text[]": "{1}", "mood": "ok",
	}
	_, err = conn.Exec(ctx, `DROP TYPE IF EXISTS mood; CREATE TYPE mood AS ENUM ('ok')`)
	require.NoError(t, err)
	t.Cleanup(func() { _, _ = pool.Exec(context.Background(), `DROP TYPE IF EXISTS mood`) })

	var cols []string
	for col := range samples {
		cols = append(cols, col)
	}
	sort.Strings(cols)
	var sds []*pgconn.StatementDescription
	for _, col := range cols {
		sd, err := conn.PgConn().Prepare(ctx, "", fmt.Sprintf("SELECT '%s'::%s", samples[col], col), nil)
		require.NoError(t, err, col)
		sds = append(sds, sd)
	}
	cat, err := readCatalog(ctx, conn, sds)
	require.NoError(t, err)

	var disagree []string
	for field, goType := range targets {
		for i, col := range cols {
			ok, known := cat.holds(field, sds[i].Fields[0].DataTypeOID)
			if !known {
				continue
			}
			dst := reflect.New(goType)
			scanErr := conn.QueryRow(ctx, fmt.Sprintf("SELECT '%s'::%s", samples[col], col)).Scan(dst.Interface())
			if ok != (scanErr == nil) {
				disagree = append(disagree, fmt.Sprintf("%s field (%s) from %s column: vet says %v, pgx says %v", field, goType, col, ok, scanErr))
			}
		}
	}
	sort.Strings(disagree)
	assert.Empty(t, disagree)
}
