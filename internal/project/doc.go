// Package project reads sqlmap's project file, sqlmap.toml, and the .env
// file next to it.
//
// The project file holds where things are (the migrations and query
// folders, the models' package pattern, the schema), never secrets: it is
// meant to be committed. It is found like go.mod, by walking up from the
// working directory, and every value in it is overridden by the
// environment (SQLMAP_MIGRATIONS, ...) and then by flags; the CLI does
// that layering and says where each value came from.
//
// The file is a small subset of TOML: comments, and key = "string" lines.
// Tables, arrays, numbers and multi-line strings are refused with the
// line at fault rather than half-read: a value sqlmap does not
// understand must not silently become a default. No TOML library is
// needed for that, so none is taken on.
//
// DATABASE_URL (or SQLMAP_DATABASE_URL) may come from a .env file next to
// the project file, read only when the environment lacks both, in the
// dotenv format of docker compose and python-dotenv: KEY=value lines,
// optional "export ", quotes, # comments.
package project
