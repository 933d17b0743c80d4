// Package layout is the one place that knows how a Go struct lays out as
// columns, for every reader of struct types: the scanner (rows into
// structs), binding (struct fields as named parameters), CopyFrom (rows
// out of structs) and the schema's model readers (structs into tables,
// from reflection or from source through go/types). Each reader supplies
// its view of types as a [Type]; [Walk] applies the rules once:
//
//   - a field's column is its db tag, else the snake_case of its name
//     (the caller's naming function); db:"-" skips it;
//   - unexported fields are skipped, except embedded structs, whose
//     exported fields count;
//   - an embedded struct without a db tag flattens into its parent; a
//     named struct field (or a tagged embedded one) prefixes its columns
//     with "name.", unless the walk is flat, where that is a problem;
//   - a struct that scans itself ([ScansItself]: time.Time, pgtype
//     types, sql.Scanner implementations) or a field tagged sqlmap:"json"
//     is one column;
//   - of two fields mapping to one column the shallower wins, as with Go's
//     promotion rules; two at the same depth are a problem.
//
// The sqlmap tag's options are split by [SplitOptions], at top-level
// commas, so option values such as numeric(10,2) or 'a,b' stay whole.
package layout
