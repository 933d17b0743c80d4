package schema_test

import (
	"fmt"

	"github.com/sqlmap-go/sqlmap/sqlmap/schema"
)

// Diff, PlanChanges and Format need no database: two schemas in, typed
// changes, then the up file with its hazards typed.
func ExampleDiff() {
	users := func(cols ...*schema.Column) *schema.Schema {
		return &schema.Schema{Tables: []*schema.Table{{
			Name:       "users",
			Columns:    append([]*schema.Column{{Name: "id", Type: "bigint", NotNull: true}}, cols...),
			PrimaryKey: &schema.PrimaryKey{Name: "users_pkey", Columns: []string{"id"}},
		}}}
	}
	actual := users(&schema.Column{Name: "bio", Type: "text"})
	desired := users(&schema.Column{Name: "email", Type: "text"})
	diff, err := schema.Diff(actual, desired, schema.Options{})
	if err != nil {
		panic(err)
	}
	for _, c := range diff.Changes {
		switch c := c.(type) {
		case schema.AddColumn:
			fmt.Println("add", c.Table, c.C.Name, c.C.Type)
		case schema.DropColumn:
			fmt.Println("drop", c.Table, c.C.Name)
		}
	}
	plan := schema.PlanChanges(diff)
	up, _ := schema.Format(plan)
	fmt.Print(up)
	for _, h := range plan.Hazards() {
		fmt.Println(h.Kind, h.Object)
	}
	// Output:
	// add users email text
	// drop users bio
	// -- Drafted by sqlmap from the models. Review it before applying it.
	//
	// -- add column users.email
	// ALTER TABLE users ADD COLUMN email text;
	//
	// -- drop column users.bio
	// -- DESTRUCTIVE: drops column users.bio and the data in it
	// ALTER TABLE users DROP COLUMN bio;
	// deletes-data users.bio
}
