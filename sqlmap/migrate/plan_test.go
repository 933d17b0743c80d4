package migrate

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/sqllex"
)

// planTx decides where the ledger update goes: a wrong answer would put
// it outside the file's transaction, and a crash between the two would
// make the ledger lie.
func TestPlanTx(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		inTx       bool
		// before is the text the ledger update goes right before ("" for
		// the end of the file).
		before string
	}{
		{"plain", "CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\n", true, ""},
		{"begin commit", "BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n", true, "COMMIT;\n"},
		{"start transaction end", "START TRANSACTION;\nCREATE TABLE a (id int);\nEND;", true, "END;"},
		{"begin work commit work", "begin work;\nCREATE TABLE a (id int);\ncommit work;\n", true, "commit work;\n"},
		{"savepoint inside", "BEGIN;\nSAVEPOINT s;\nCREATE TABLE a (id int);\nROLLBACK TO SAVEPOINT s;\nCOMMIT;\n", true, "COMMIT;\n"},
		{"plpgsql block", "DO $$ BEGIN RAISE NOTICE 'x'; END $$;\nCREATE TABLE a (id int);\n", true, ""},
		{"begin atomic", "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\n", true, ""},
		{"two blocks", "BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\nBEGIN;\nCREATE TABLE b (id int);\nCOMMIT;\n", false, ""},
		{"commit halfway", "CREATE TABLE a (id int);\nCOMMIT;\nCREATE TABLE b (id int);\n", false, ""},
		{"ends in rollback", "BEGIN;\nCREATE TABLE a (id int);\nROLLBACK;\n", false, ""},
		{"begin without commit", "BEGIN;\nCREATE TABLE a (id int);\n", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stmts, errs := sqllex.Split(tc.body)
			require.Empty(t, errs)
			p := planTx(tc.body, stmts, false)
			assert.Equal(t, tc.inTx, p.inTx)
			assert.Equal(t, !tc.inTx, p.ownTx)
			if tc.inTx {
				assert.Equal(t, tc.before, tc.body[p.insertAt:])
			}
		})
	}
	assert.Equal(t, txPlan{}, planTx("CREATE INDEX CONCURRENTLY i ON t (a);", nil, true), "the directive: statement by statement")
}
