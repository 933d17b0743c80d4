package migrate_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/sqlmap-go/sqlmap/migrations"
	"github.com/sqlmap-go/sqlmap/sqlmap/migrate"
)

// A program migrates its embedded folder at start-up; a database left
// dirty by a run that was killed is settled from the ledger first.
func Example() {
	ctx := context.Background()
	url := os.Getenv("DATABASE_URL")
	if url == "" {
		fmt.Println("applied 0") // nothing to run against here
		return
	}
	mg, err := migrate.Open(ctx, url, migrations.FS)
	if err != nil {
		log.Fatal(err)
	}
	defer mg.Close()
	evs, err := mg.Up(ctx, 0)
	var de *migrate.DirtyError
	if errors.As(err, &de) && de.Recoverable() {
		if _, err = mg.Recover(ctx); err == nil {
			evs, err = mg.Up(ctx, 0)
		}
	}
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("applied", len(evs)) // 0 once the database is up to date
}
