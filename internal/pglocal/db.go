package pglocal

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// maxIdentLen is PostgreSQL's NAMEDATALEN-1; longer names are silently
// truncated by the server, which would break the returned URL.
const maxIdentLen = 63

// createAttempts bounds retries of CREATE DATABASE, which fails with
// object_in_use while any other session is connected to template1.
const createAttempts = 5

// CreateDatabase creates a fresh, uniquely named database
// "<prefix>_<random hex>" on the server of baseURL, so that concurrent test
// runs and programs never see each other's data. The prefix is lower-cased
// and reduced to [a-z0-9_]. It returns a URL to the new database (baseURL
// with its path replaced, query parameters kept) and a drop function that
// removes it, terminating any sessions still connected. baseURL must be in
// URL form and its user must be allowed to create databases.
func CreateDatabase(ctx context.Context, baseURL, prefix string) (dbURL string, drop func(context.Context) error, err error) {
	name, err := uniqueName(prefix, "db")
	if err != nil {
		return "", nil, err
	}
	dbURL, err = WithDatabase(baseURL, name)
	if err != nil {
		return "", nil, err
	}

	conn, err := pgx.Connect(ctx, baseURL)
	if err != nil {
		return "", nil, fmt.Errorf("pglocal: connect to %s: %w", Redact(baseURL), err)
	}
	defer conn.Close(context.Background())

	ident := pgx.Identifier{name}.Sanitize()
	for attempt := 1; ; attempt++ {
		_, err = conn.Exec(ctx, "CREATE DATABASE "+ident)
		if err == nil {
			break
		}
		var pgErr *pgconn.PgError
		if attempt >= createAttempts || !errors.As(err, &pgErr) || pgErr.Code != "55006" {
			return "", nil, fmt.Errorf("pglocal: create database %s: %w", ident, err)
		}
		select {
		case <-ctx.Done():
			return "", nil, fmt.Errorf("pglocal: create database %s: %w", ident, ctx.Err())
		case <-time.After(time.Duration(attempt) * 200 * time.Millisecond):
		}
	}

	drop = func(ctx context.Context) error {
		conn, err := pgx.Connect(ctx, baseURL)
		if err != nil {
			return fmt.Errorf("pglocal: drop database %s: connect to %s: %w", ident, Redact(baseURL), err)
		}
		defer conn.Close(context.Background())
		_, err = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+ident+" WITH (FORCE)")
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "42601" {
			// WITH (FORCE) needs PostgreSQL 13; older servers get a plain drop.
			_, err = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+ident)
		}
		if err != nil {
			return fmt.Errorf("pglocal: drop database %s: %w", ident, err)
		}
		return nil
	}
	return dbURL, drop, nil
}

// WithDatabase returns u with its database (the URL path) replaced by
// dbname, keeping credentials, host and query parameters, so that one base
// URL can address many databases on the same server. u must be a
// postgres:// or postgresql:// URL; keyword/value DSNs are rejected.
func WithDatabase(u, dbname string) (string, error) {
	if dbname == "" {
		return "", errors.New("pglocal: empty database name")
	}
	parsed, err := parsePostgresURL(u)
	if err != nil {
		return "", err
	}
	parsed.Path = "/" + dbname
	parsed.RawPath = "/" + url.PathEscape(dbname) // escape '/' too: it is part of the name

	return parsed.String(), nil
}

// parsePostgresURL parses u without ever echoing it in errors, because
// connection URLs often carry passwords.
func parsePostgresURL(u string) (*url.URL, error) {
	parsed, err := url.Parse(u)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // url.Error would print the whole URL, password included
		}
		return nil, fmt.Errorf("pglocal: invalid connection URL %s: %w", Redact(u), err)
	}
	if parsed.Scheme != "postgres" && parsed.Scheme != "postgresql" {
		return nil, fmt.Errorf("pglocal: %s is not a postgres:// URL (keyword/value DSNs are not supported)", Redact(u))
	}
	return parsed, nil
}

// dsnPassword matches password=... in keyword/value DSNs.
var dsnPassword = regexp.MustCompile(`(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S*)`)

// Redact returns u with any password (in the user info or a password query
// parameter) replaced by "xxxxx", so connection strings can be logged.
// Strings that are not URLs are treated as keyword/value DSNs; if a
// password might survive redaction, a placeholder is returned instead.
func Redact(u string) string {
	parsed, err := url.Parse(u)
	if err != nil || parsed.Scheme == "" {
		if strings.Contains(u, "://") {
			return "(unparsable URL)"
		}
		return dsnPassword.ReplaceAllString(u, "${1}xxxxx")
	}
	q := parsed.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		parsed.RawQuery = q.Encode()
	}
	return parsed.Redacted()
}

// uniqueName builds "<prefix>_<16 hex digits>" within PostgreSQL's
// identifier length, using fallback when prefix has no usable characters.
func uniqueName(prefix, fallback string) (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("pglocal: random name: %w", err)
	}
	suffix := hex.EncodeToString(b[:])
	p := SafeName(prefix)
	if p == "" {
		p = fallback
	}
	if n := maxIdentLen - 1 - len(suffix); len(p) > n {
		p = p[:n]
	}
	return p + "_" + suffix, nil
}

// SafeName lower-cases s, maps anything outside [a-z0-9] to '_' and
// squeezes runs of '_' (test names are full of '/' and spaces), so names
// made from it never need quoting in SQL typed by hand or in URLs.
func SafeName(s string) string {
	var b strings.Builder
	lastUnderscore := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			lastUnderscore = false
		} else if !lastUnderscore {
			b.WriteByte('_')
			lastUnderscore = true
		}
	}
	return b.String()
}
