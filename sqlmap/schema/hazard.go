package schema

import (
	"fmt"
	"sort"
	"strings"
)

// HazardKind is what a step of a plan may do that a reviewer must know
// about, named so a program can act on it (`sqlmap diff --fail-on
// deletes-data` in CI).
type HazardKind string

// The hazard kinds. Each is written into the migration file above its
// statement with a marker a reader sees at a glance: DESTRUCTIVE,
// IRREVERSIBLE or CAUTION.
const (
	// DeletesData: the step drops data (a table, a column, an enum).
	DeletesData HazardKind = "deletes-data"
	// Irreversible: the down cannot bring back what the up removed (rows,
	// an enum value).
	Irreversible HazardKind = "irreversible"
	// MayFailOnRows: the step fails on the rows the table holds (a NOT
	// NULL column without a default, SET NOT NULL over NULLs). Only
	// reported once the database was checked and the table has rows.
	MayFailOnRows HazardKind = "may-fail-on-rows"
	// ChangesValues: a type change rounds, truncates or reinterprets
	// values.
	ChangesValues HazardKind = "changes-values"
	// DownMayFail: the down may fail on rows written after the up ran (a
	// constraint re-added, a NOT NULL column re-added).
	DownMayFail HazardKind = "down-may-fail"
	// RewritesTable: the step copies every row of the table under an
	// exclusive lock (a type change PostgreSQL cannot make in place, a
	// stored generated column, an enum recreated). Only reported once the
	// database was checked and the table has rows.
	RewritesTable HazardKind = "rewrites-table"
	// BlocksWrites: the step scans the table, or builds an index on it,
	// under a lock that blocks writes (SET NOT NULL, a new check, foreign
	// key, primary key or unique constraint). Only with rows.
	BlocksWrites HazardKind = "blocks-writes"
	// IndexBuild: CREATE INDEX on a table with rows blocks its writes
	// for the whole build; CREATE INDEX CONCURRENTLY, in a migration of
	// its own marked -- sqlmap:no-transaction, does not.
	IndexBuild HazardKind = "index-build"
	// NeedsEdit: the step cannot be drafted whole (no cast between two
	// types): its statement fails as it stands, and the file says what
	// to write. Only reported once the database was checked.
	NeedsEdit HazardKind = "needs-edit"
)

// HazardKinds lists every kind, for flags and their help.
func HazardKinds() []HazardKind {
	return []HazardKind{DeletesData, Irreversible, MayFailOnRows, ChangesValues, DownMayFail, RewritesTable, BlocksWrites, IndexBuild, NeedsEdit}
}

// ParseHazardKinds reads a comma-separated list of kinds.
func ParseHazardKinds(s string) ([]HazardKind, error) {
	var out []HazardKind
	for _, f := range strings.Split(s, ",") {
		k := HazardKind(strings.TrimSpace(f))
		if k == "" {
			continue
		}
		known := false
		for _, h := range HazardKinds() {
			known = known || h == k
		}
		if !known {
			var names []string
			for _, h := range HazardKinds() {
				names = append(names, string(h))
			}
			return nil, fmt.Errorf("schema: unknown hazard kind %q (kinds: %s)", k, strings.Join(names, ", "))
		}
		out = append(out, k)
	}
	return out, nil
}

// Hazard is one thing a step may do that a reviewer must know.
type Hazard struct {
	Kind HazardKind `json:"kind"`
	// Object is what it concerns: a table, or table.column.
	Object string `json:"object"`
	// Message says it in a sentence, without the marker.
	Message string `json:"message"`
	// Source is the file:line of the model at fault, when one is (a
	// field whose type change needs editing): for messages to the user,
	// not for the migration files, which stay the same on every machine.
	Source string `json:"source,omitempty"`
}

func newHazard(kind HazardKind, object, message string) Hazard {
	return Hazard{Kind: kind, Object: object, Message: message}
}

// Marker is the word the file and stderr show it under.
func (h Hazard) Marker() string {
	switch h.Kind {
	case DeletesData:
		return "DESTRUCTIVE"
	case Irreversible:
		return "IRREVERSIBLE"
	case NeedsEdit:
		return "TODO"
	}
	return "CAUTION"
}

func (h Hazard) String() string { return h.Marker() + ": " + h.Message }

// Hazards lists the hazards of the plan's up steps, in plan order.
func (p *Plan) Hazards() []Hazard {
	var out []Hazard
	for _, c := range p.Steps {
		out = append(out, c.Hazards...)
	}
	return out
}

// HazardsOf lists every hazard of the plan, up and down, whose kind is
// among kinds: what `--fail-on` fails on.
func (p *Plan) HazardsOf(kinds []HazardKind) []Hazard {
	want := map[HazardKind]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	var out []Hazard
	for _, c := range p.Steps {
		for _, h := range append(append([]Hazard(nil), c.Hazards...), c.DownHazards...) {
			if want[h.Kind] {
				out = append(out, h)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Kind < out[j].Kind })
	return out
}
