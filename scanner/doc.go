// Package scanner maps result columns to Go struct fields by sqlmap's
// naming rule (applied, for every reader of structs, by one internal
// layout walk that the schema's model readers share):
//
//   - a field's column is its db tag, else [ColumnName] of its Go name
//     (UserID → user_id, FinalAppURLs → final_app_urls);
//   - db:"-" skips a field, unexported fields are skipped;
//   - embedded structs flatten into their parent; a named struct field
//     prefixes its columns ("address.city"), as scany does;
//   - structs that scan themselves (time.Time, pgtype types, sql.Scanner
//     implementations, fields tagged sqlmap:"json") are single columns.
//
// [Map] gives a struct's layout at run time, used by sqlmap to bind
// parameters and by CopyFrom. [NewPlan] resolves a result's columns
// against a type once; its [Scan] then scans each row in place through
// pgx. A Scan comes from a pool kept by its plan ([Plan.Begin],
// [Scan.Release]), so a call allocates nothing of its own once warm.
// [CheckType] says from the type alone whether rows can be scanned into
// it (a struct or a pointer to one, or one column's value or a pointer to
// one; not a pointer to a pointer, a channel, a func or an interface with
// methods), so that a caller can refuse a type before a row arrives;
// refusals are [*TypeError] values.
// [Scany] returns a scany API with the same naming, for code that uses
// scany directly.
package scanner
