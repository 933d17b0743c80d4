package schema

import (
	"fmt"
	"sort"
	"strings"

	"github.com/sqlmap-go/sqlmap/internal/bookkeeping"
)

// The files' first lines when the options give none.
const (
	DefaultUpHeader   = "-- Drafted by sqlmap from the models. Review it before applying it.\n"
	DefaultDownHeader = "-- Undoes the up file, in reverse order.\n"
)

// Format renders the plan as the contents of the up and down files, with
// the default headers. The same plan always gives the same bytes.
func Format(p *Plan) (up, down string) { return Options{}.Format(p) }

// Format renders the plan as the contents of the up and down files, with
// the headers of o.
func (o Options) Format(p *Plan) (up, down string) {
	upHeader, downHeader := o.UpHeader, o.DownHeader
	if upHeader == "" {
		upHeader = DefaultUpHeader
	}
	if downHeader == "" {
		downHeader = DefaultDownHeader
	}
	var u, d strings.Builder
	u.WriteString(upHeader)
	for _, c := range p.Steps {
		if len(c.Up) == 0 && len(c.Down) == 0 {
			continue // all of it is in the second migration, or in the step that replaces it
		}
		u.WriteString("\n-- " + c.Summary + "\n")
		for _, h := range c.Hazards {
			u.WriteString("-- " + h.String() + "\n")
		}
		for _, s := range c.Up {
			u.WriteString(s + ";\n")
		}
		if len(c.Up) == 0 {
			u.WriteString("-- (nothing to run)\n")
		}
	}
	d.WriteString(downHeader)
	for i := len(p.Steps) - 1; i >= 0; i-- {
		c := p.Steps[i]
		if len(c.Up) == 0 && len(c.Down) == 0 {
			continue
		}
		d.WriteString("\n-- undo: " + c.Summary + "\n")
		for _, h := range c.DownHazards {
			d.WriteString("-- " + h.String() + "\n")
		}
		for _, s := range c.Down {
			d.WriteString(s + ";\n")
		}
	}
	return u.String(), d.String()
}

// Later reports whether the plan has a second migration (Options.Online).
func (p *Plan) Later() bool {
	for _, c := range p.Steps {
		if len(c.LaterUp) > 0 || len(c.LaterDown) > 0 {
			return true
		}
	}
	return false
}

// FormatLater renders the second migration of an online plan: its
// statements run one by one outside a transaction, as its first line
// says. Empty strings when there is none.
func (o Options) FormatLater(p *Plan) (up, down string) {
	if !p.Later() {
		return "", ""
	}
	var u, d strings.Builder
	u.WriteString(bookkeeping.NoTransactionDirective + "\n")
	u.WriteString("-- The second half of an online migration: it runs statement by statement, without a transaction, after the first.\n")
	for _, c := range p.Steps {
		if len(c.LaterUp) == 0 {
			continue
		}
		u.WriteString("\n-- " + c.Summary + "\n")
		for _, s := range c.LaterUp {
			u.WriteString(s + ";\n")
		}
	}
	d.WriteString(bookkeeping.NoTransactionDirective + "\n")
	d.WriteString("-- Undoes the second half of an online migration, statement by statement.\n")
	for i := len(p.Steps) - 1; i >= 0; i-- {
		c := p.Steps[i]
		if len(c.LaterDown) == 0 {
			continue
		}
		d.WriteString("\n-- undo: " + c.Summary + "\n")
		for _, s := range c.LaterDown {
			d.WriteString(s + ";\n")
		}
	}
	return u.String(), d.String()
}

// Dump renders s as sorted text, one line per object, so two schemas can
// be compared (and a difference shown) line by line.
func (s *Schema) Dump() string {
	var lines []string
	for _, e := range s.Enums {
		lines = append(lines, fmt.Sprintf("enum %s (%s)", e.Name, strings.Join(e.Values, ", ")))
	}
	for _, t := range s.Tables {
		lines = append(lines, fmt.Sprintf("table %s comment=%q partition=%q", t.Name, t.Comment, t.PartitionBy))
		// Column positions are left out: a column dropped and added back
		// comes back last, and nothing but SELECT * can tell.
		for _, c := range t.Columns {
			lines = append(lines, fmt.Sprintf("column %s.%s %s collate=%s notnull=%v default=%q identity=%q (%s) generated=%q comment=%q owns=%s",
				t.Name, c.Name, c.Type, c.Collation, c.NotNull, c.Default, c.Identity, c.IdentityOptions, c.Generated, c.Comment, c.OwnedSequence))
		}
		if t.PrimaryKey != nil {
			lines = append(lines, fmt.Sprintf("primary key %s.%s (%s) %s", t.Name, t.PrimaryKey.Name, strings.Join(t.PrimaryKey.Columns, ", "), t.PrimaryKey.Deferrable))
		}
		for _, u := range t.Uniques {
			lines = append(lines, fmt.Sprintf("constraint %s.%s %s", t.Name, u.Name, u.sql()))
		}
		for _, c := range t.Checks {
			lines = append(lines, fmt.Sprintf("constraint %s.%s %s", t.Name, c.Name, c.sql()))
		}
		for _, fk := range t.ForeignKeys {
			lines = append(lines, fmt.Sprintf("constraint %s.%s %s", t.Name, fk.Name, fk.sql()))
		}
		for _, ix := range t.Indexes {
			lines = append(lines, fmt.Sprintf("index %s.%s %s", t.Name, ix.Name, indexKey(ix)))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}
