// Package schema is sqlmap's model of a PostgreSQL schema (tables, columns,
// keys, indexes, foreign keys, checks, enums) and the pipeline that drafts
// migrations from Go models:
//
//	models ──LoadModels / FromStructs──▶ Schema (desired, the models' spelling)
//	                     ──Normalize──▶ Schema (desired, PostgreSQL's spelling: run in a
//	                                    throwaway schema of a transaction rolled back)
//	database ──Inspect──▶ Schema (actual)
//	Diff(actual, desired) ──▶ Difference: typed changes (AddColumn,
//	                          AlterColumn{From, To, What}, …), no SQL (pure)
//	PlanChanges(diff) ──▶ Plan: ordered steps, each with its up and down
//	                      SQL and its typed hazards (pure; all DDL text is
//	                      rendered here, in render.go)
//	Resolve(plan, db) ──▶ a new Plan: hazards that hold only for tables
//	                      with rows, where they have rows
//	self-check ──▶ up, down and up again in a scratch copy, re-diffed
//	Format(plan) ──▶ the up and down files, hazards written above their
//	                 statements
//
// [DraftMigration] runs all of it: the one entry point of `new-migration`,
// `diff` and programs. [DraftBetween] diffs two databases. [Pull] goes the
// other way, for a database that exists: Inspect, then Go models that read
// back into the same schema (checked by drafting them against it) and a
// baseline migration that builds it (checked in a rolled-back scratch
// schema).
//
// Hazards are typed ([Hazard]{Kind, Object, Message}) so a program can
// act on them; the files show them under a marker:
//
//	deletes-data      DESTRUCTIVE   drops a table, a column, an enum
//	irreversible      IRREVERSIBLE  the down cannot bring back what the up removed
//	may-fail-on-rows  CAUTION       fails on the rows the table holds (after Resolve)
//	changes-values    CAUTION       a type change that rounds, truncates or fails on values
//	down-may-fail     CAUTION       the down may fail on rows written after the up
//	rewrites-table    CAUTION       copies every row under an exclusive lock (with rows)
//	blocks-writes     CAUTION       scans the table or builds a key under a lock writes wait for (with rows)
//	index-build       CAUTION       CREATE INDEX blocks writes while it builds (with rows)
//	needs-edit        TODO          a statement to finish by hand (no cast between two types)
//
// Nothing here writes to the database it reads: model text runs only in
// transactions that are rolled back, one statement per extended-protocol
// message, so it cannot commit them.
package schema
