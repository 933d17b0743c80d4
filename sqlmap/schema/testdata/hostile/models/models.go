// Package models is what a malicious pull request could put in a models
// package: tags and directives whose text tries to end the rolled-back
// transaction that drafting runs them in, and run DDL of its own.
package models

//sqlmap:table t1
//sqlmap:index t1_h (h) WHERE true; COMMIT; DROP TABLE victims; COMMIT; SELECT 1
type T1 struct {
	H int64 `db:"h"`
}

//sqlmap:table t2
type T2 struct {
	A string `db:"a" sqlmap:"type=text /* ', default=*/ ; COMMIT; DROP TABLE victims; --'"`
}

//sqlmap:table t3
type T3 struct {
	B int64 `db:"b" sqlmap:"default=0; COMMIT; DROP TABLE victims"`
}

//sqlmap:table t4
type T4 struct {
	C int64 `db:"c" sqlmap:"check=c > 0) NOT VALID; COMMIT; DROP TABLE victims; SELECT (1"`
}

//sqlmap:table t5
//sqlmap:index t5_e ((e)) WHERE e > 0)) ; DROP TABLE victims; SELECT ((1
type T5 struct {
	E int64 `db:"e"`
}

//sqlmap:table t6
type T6 struct {
	F int64 `db:"f" sqlmap:"generated=f $$; COMMIT; DROP TABLE victims; $"`
}

//sqlmap:table t7
type T7 struct {
	G string `db:"g" sqlmap:"type=text PRIMARY KEY"`
}
