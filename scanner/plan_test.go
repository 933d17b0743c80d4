package scanner_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/pgtest"
	"github.com/sqlmap-go/sqlmap/scanner"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m, "sqlmap_scanner")) }

const customerQuery = `
SELECT 7::bigint AS id, '2024-01-02T03:04:05Z'::timestamptz AS created_at, 'ann' AS name,
       'Paris' AS "home.city", NULL::text AS "home.street",
       NULL::text AS "office.city", NULL::text AS "office.street",
       NULL::text AS note, 12.5::numeric AS amount, ARRAY[1,2]::bigint[] AS user_ids,
       '{"a": 1}'::jsonb AS settings, '{"City": "Rome"}'::jsonb AS prefs,
       ARRAY['https://x']::text[] AS final_urls`

func TestPlanScansNestedAndSpecialTypes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.Pool(t)
	rows, err := pool.Query(ctx, customerQuery)
	require.NoError(t, err)
	got, err := scanner.All[Customer](rows, scanner.Options{})
	require.NoError(t, err)
	require.Len(t, got, 1)
	c := got[0]
	assert.Equal(t, int64(7), c.ID)
	assert.True(t, c.Created.Equal(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)))
	assert.Equal(t, "Paris", c.Home.City)
	assert.Nil(t, c.Home.Street)
	assert.Nil(t, c.Work, "all office.* columns NULL: the pointer stays nil")
	assert.False(t, c.Note.Valid)
	assert.True(t, c.Amount.Valid)
	assert.Equal(t, []int64{1, 2}, c.UserIDs)
	assert.Equal(t, map[string]any{"a": float64(1)}, c.Settings)
	assert.Equal(t, "Rome", c.Prefs.City, "a struct tagged sqlmap:\"json\" scans from one jsonb column")
	assert.Equal(t, []string{"https://x"}, c.FinalURLs)
}

func TestPlanPointerStructPartlyNull(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.Pool(t)
	type Office struct {
		City   string
		Street *string
	}
	type Row struct {
		ID     int64
		Office *Office
	}
	rows, err := pool.Query(ctx, `SELECT 1::bigint AS id, 'Oslo' AS "office.city", NULL::text AS "office.street"
		UNION ALL SELECT 2, NULL, NULL ORDER BY id`)
	require.NoError(t, err)
	got, err := scanner.All[Row](rows, scanner.Options{})
	require.NoError(t, err)
	require.Len(t, got, 2)
	require.NotNil(t, got[0].Office)
	assert.Equal(t, "Oslo", got[0].Office.City)
	assert.Nil(t, got[0].Office.Street)
	assert.Nil(t, got[1].Office)

	// A NULL in a non-pointer field of a struct that does exist is an error.
	rows, err = pool.Query(ctx, `SELECT 1::bigint AS id, NULL::text AS "office.city", 'Main St' AS "office.street"`)
	require.NoError(t, err)
	_, err = scanner.All[Row](rows, scanner.Options{})
	var ce *scanner.ColumnError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "office.city", ce.Column)
	assert.Equal(t, "Row.Office.City", ce.Field)
}

func TestPlanColumnErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.Pool(t)
	type Small struct{ ID int64 }

	rows, err := pool.Query(ctx, `SELECT 1::bigint AS id, 2 AS extra`)
	require.NoError(t, err)
	_, err = scanner.All[Small](rows, scanner.Options{})
	assert.ErrorIs(t, err, scanner.ErrUnknownColumn)
	assert.EqualError(t, err, `column "extra": no field for this column in scanner_test.Small (add a field with db:"extra", or allow unknown columns)`)

	rows, err = pool.Query(ctx, `SELECT 1::bigint AS id, 2 AS extra`)
	require.NoError(t, err)
	got, err := scanner.All[Small](rows, scanner.Options{AllowUnknownColumns: true})
	require.NoError(t, err)
	assert.Equal(t, []Small{{ID: 1}}, got)

	rows, err = pool.Query(ctx, `SELECT 'x' AS id`)
	require.NoError(t, err)
	_, err = scanner.All[Small](rows, scanner.Options{})
	var ce *scanner.ColumnError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "Small.ID", ce.Field)

	rows, err = pool.Query(ctx, `SELECT 1 AS a, 2 AS b`)
	require.NoError(t, err)
	_, err = scanner.All[int](rows, scanner.Options{})
	assert.ErrorContains(t, err, "scanner: cannot scan into int: a single value, but the result has 2 columns (a, b): scan into a struct")
	var te *scanner.TypeError
	assert.ErrorAs(t, err, &te)

	rows, err = pool.Query(ctx, `SELECT 1::bigint AS id, 2::bigint AS id`)
	require.NoError(t, err)
	_, err = scanner.All[Small](rows, scanner.Options{})
	assert.ErrorContains(t, err, `column "id"`)
	assert.ErrorContains(t, err, "appears twice")
}

// TestScanyAgrees checks that scany, configured by Scany, maps the same
// columns to the same fields as Plan does.
func TestScanyAgrees(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.Pool(t)
	api, err := scanner.Scany(scanner.Options{})
	require.NoError(t, err)
	type Flat struct {
		Base
		Name      string
		FinalURLs []string
		Home      Address
	}
	const q = `SELECT 1::bigint AS id, now() AS created_at, 'n' AS name, ARRAY['u']::text[] AS final_urls,
		'c' AS "home.city", 's' AS "home.street"`
	var viaScany []Flat
	require.NoError(t, api.Select(ctx, pool, &viaScany, q))
	rows, err := pool.Query(ctx, q)
	require.NoError(t, err)
	viaPlan, err := scanner.All[Flat](rows, scanner.Options{})
	require.NoError(t, err)
	require.Len(t, viaPlan, 1)
	viaPlan[0].Created = viaScany[0].Created
	assert.Equal(t, viaScany, viaPlan)
}
