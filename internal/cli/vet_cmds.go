package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/spf13/cobra"

	"github.com/sqlmap-go/sqlmap/internal/pglocal"
	"github.com/sqlmap-go/sqlmap/sqlmap"
	"github.com/sqlmap-go/sqlmap/sqlmap/migrate"
	"github.com/sqlmap-go/sqlmap/sqlmap/schema"
	"github.com/sqlmap-go/sqlmap/sqlmap/vet"
)

type vetFlags struct {
	dbFlags
	queries string
	models  modelsFlag
	list    bool
}

func newVetCmd(s *settings) *cobra.Command {
	f := &vetFlags{dbFlags: dbFlags{s: s}}
	cmd := &cobra.Command{
		Use:   "vet [NAME...]",
		Short: "Check every named query (or those named) against the schema the migrations build",
		Long: `Build the schema in a scratch database (created on the server of --database-url;
with none, on the local server 127.0.0.1:5432 when it answers, else in a
throwaway PostgreSQL; dropped at the end), apply every up migration, and
prepare every named query there (or only the NAMEs given). Reports, as
file:line: query Name: message, SQL that PostgreSQL rejects, parameters used
with two types, :one/:many queries without result columns, :exec/:execrows
queries with some, and with --models the result columns that do not fit the
struct a query's "-- returns: TypeName" line names.

Exit status: 0 when every query passes, 1 when any fails, 2 when the check
could not run.`,
		Args:        cobra.ArbitraryArgs,
		Annotations: map[string]string{usageExit: "2"},
		RunE:        func(cmd *cobra.Command, args []string) error { return f.run(cmd, args) },
	}
	f.registerVet(cmd)
	cmd.Flags().BoolVar(&f.list, "list", false, "list every query with its parameter and result types (as sqlmap queries)")
	return cmd
}

func newQueriesCmd(s *settings) *cobra.Command {
	f := &vetFlags{dbFlags: dbFlags{s: s}, list: true}
	cmd := &cobra.Command{
		Use:   "queries [NAME...]",
		Short: "List every named query (or those named) with its kind, place, parameter and result types",
		Long: `List every named query with its kind, file:line, and the PostgreSQL types of its
parameters and result columns, read from the schema the migrations build (as
sqlmap vet does, which this is with --list). Problems are reported after the
list, with vet's exit status.`,
		Args:        cobra.ArbitraryArgs,
		Annotations: map[string]string{usageExit: "2"},
		RunE:        func(cmd *cobra.Command, args []string) error { return f.run(cmd, args) },
	}
	f.registerVet(cmd)
	return cmd
}

func (f *vetFlags) registerVet(cmd *cobra.Command) {
	f.register(cmd, true)
	s := f.s
	q := s.lookup("queries", "SQLMAP_QUERIES", "queries")
	cmd.Flags().StringVar(&f.queries, "queries", q.value, s.help("query files folder", q, "SQLMAP_QUERIES", "queries"))
	f.models.register(s, cmd, `Go package pattern of the structs named by "-- returns:" lines, as for new-migration; the default is skipped when there is no ./models folder, and --models "" skips the check`)
}

// resultTypes reads the structs -- returns: lines name from the models,
// when there are models to read.
func (f *vetFlags) resultTypes(ctx context.Context) ([]vet.Option, error) {
	m := &f.models
	// The built-in default only when its folder exists, so that a
	// project without models is vetted without them.
	if m.source() == "default" {
		if _, err := os.Stat(m.pattern); err != nil {
			m.pattern = ""
		}
	}
	if m.pattern == "" {
		return nil, nil
	}
	if err := checkModels(m.pattern, m.source()); err != nil {
		return nil, err
	}
	types, err := schema.LoadResultTypes(ctx, ".", m.pattern)
	if err != nil {
		return nil, err
	}
	return []vet.Option{vet.WithResultTypes(types...)}, nil
}

// loadQueries loads the query folder, printing what did not load: the
// queries that did are checked all the same, so that one bad header does
// not hide the rest of the folder's problems.
func (f *vetFlags) loadQueries(out io.Writer) (*sqlmap.Queries, int, error) {
	if _, err := os.Stat(f.queries); err != nil {
		return nil, 0, fmt.Errorf("queries folder: %w (pass --queries)", err)
	}
	qs, err := sqlmap.LoadDir(f.queries)
	if err == nil {
		return qs, 0, nil
	}
	var le *sqlmap.LoadError
	if !errors.As(err, &le) {
		return nil, 0, err
	}
	for _, e := range le.Errs {
		fmt.Fprintln(out, strings.TrimPrefix(e.Error(), "sqlmap: "))
	}
	return le.Queries, len(le.Errs), nil
}

// couldNotRun marks an error that stopped the check, exit status 2.
func couldNotRun(err error) error { return &ExitError{Code: 2, Err: err} }

func (f *vetFlags) run(cmd *cobra.Command, names []string) error {
	ctx := cmd.Context()
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()

	qs, loadProblems, err := f.loadQueries(out)
	if err != nil {
		return couldNotRun(err)
	}
	checked, err := selectQueries(qs, names)
	if err != nil {
		return couldNotRun(err)
	}
	if err := f.finishInterrupted(errOut); err != nil {
		return couldNotRun(err)
	}
	fsys, err := f.folder()
	if err != nil {
		return couldNotRun(err)
	}
	opts, err := f.resultTypes(ctx)
	if err != nil {
		return couldNotRun(err)
	}
	opts = append(opts, vet.WithOnly(names...))

	var report *vet.Report
	err = f.withMigratedScratch(ctx, errOut, fsys, func(conn *pgx.Conn) (err error) {
		report, err = vet.Describe(ctx, conn, qs, opts...)
		return err
	})
	if err != nil {
		return couldNotRun(err)
	}
	return f.summarize(out, errOut, report, checked, loadProblems)
}

// selectQueries is the queries named, each once, or all of them; a name
// not loaded is an error with the closest one.
func selectQueries(qs *sqlmap.Queries, names []string) ([]*sqlmap.Query, error) {
	if len(names) == 0 {
		return qs.All(), nil
	}
	var out []*sqlmap.Query
	seen := map[string]bool{}
	for _, n := range names {
		q, err := qs.Lookup(n)
		if err != nil {
			return nil, err
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, q)
		}
	}
	return out, nil
}

// summarize prints the report (the list, problems on stdout, notes on
// stderr) and returns vet's verdict.
func (f *vetFlags) summarize(out, errOut io.Writer, report *vet.Report, checked []*sqlmap.Query, loadProblems int) error {
	if f.list {
		printDescriptions(out, report.Queries)
	}
	for _, p := range report.Problems {
		fmt.Fprintln(out, p.String())
	}
	if !f.quiet {
		for _, n := range report.Notes {
			fmt.Fprintln(errOut, "note: "+n.String())
		}
	}
	if f.models.pattern == "" && !f.quiet {
		n := 0
		for _, q := range checked {
			if q.Returns != "" {
				n++
			}
		}
		if n > 0 {
			fmt.Fprintf(errOut, "note: %d quer%s name a result type (-- returns:): pass --models to check them\n", n, plural(n, "y", "ies"))
		}
	}
	total := len(checked)
	if loadProblems > 0 {
		return &ExitError{Code: 1, Err: fmt.Errorf("%d problem(s) loading %s, %d in the %d quer%s that loaded", loadProblems, f.queries, len(report.Problems), total, plural(total, "y", "ies"))}
	}
	if len(report.Problems) > 0 {
		at := map[string]bool{}
		for _, p := range report.Problems {
			at[p.File+"\x00"+p.Query] = true
		}
		return &ExitError{Code: 1, Err: fmt.Errorf("%d problem(s) in %d of the %d quer%s checked", len(report.Problems), len(at), total, plural(total, "y", "ies"))}
	}
	if !f.quiet && !f.list {
		fmt.Fprintf(out, "%d quer%s checked: no problems\n", total, plural(total, "y", "ies"))
	}
	return nil
}

// withMigratedScratch runs fn connected to a scratch database (see
// withScratch) that the migrations of fsys were applied to.
func (f *dbFlags) withMigratedScratch(ctx context.Context, errOut io.Writer, fsys fs.FS, fn func(*pgx.Conn) error) error {
	return f.withScratch(ctx, errOut, func(dbURL string) error {
		if err := migrate.Up(ctx, dbURL, fsys, migrate.WithDir(f.migrations)); err != nil {
			return fmt.Errorf("apply the migrations to the scratch database: %w", err)
		}
		conn, err := pgx.Connect(ctx, dbURL)
		if err != nil {
			return fmt.Errorf("connect to the scratch database: %w", err)
		}
		defer conn.Close(context.WithoutCancel(ctx))
		return fn(conn)
	})
}

// withScratch runs fn on a fresh database of its own: on the server of
// the database URL when there is one, else in a throwaway cluster. The
// database (and the cluster) go away afterwards, whatever happened, even
// when ctx was cancelled.
func (f *dbFlags) withScratch(ctx context.Context, errOut io.Writer, fn func(dbURL string) error) (err error) {
	cleanup := func() (context.Context, context.CancelFunc) {
		return context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	}
	base, urlErr := f.url()
	var none *noURLError
	if urlErr != nil && !errors.As(urlErr, &none) {
		return urlErr
	}
	if urlErr != nil {
		// The rule of make test and make demo: the local server when it
		// answers (only a scratch database of vet's own is touched),
		// else a throwaway cluster.
		logf := func(format string, args ...any) {
			if !f.quiet {
				fmt.Fprintf(errOut, "no database URL: "+format+"\n", args...)
			}
		}
		srv, err := findServer(ctx, logf)
		if err != nil {
			if ctx.Err() != nil {
				return relabel(err)
			}
			return fmt.Errorf("%w (or pass --database-url)", relabel(err))
		}
		defer func() {
			c, cancel := cleanup()
			defer cancel()
			if stopErr := srv.Stop(c); stopErr != nil && err == nil {
				err = stopErr
			}
		}()
		base = srv.URL()
	}
	dbURL, drop, err := pglocal.CreateDatabase(ctx, base, "sqlmap_vet")
	if err != nil {
		return fmt.Errorf("scratch database: %w", relabel(err))
	}
	defer func() {
		c, cancel := cleanup()
		defer cancel()
		if dropErr := drop(c); dropErr != nil && err == nil {
			err = fmt.Errorf("drop the scratch database: %w", relabel(dropErr))
		}
	}()
	if err := createSearchPath(ctx, dbURL); err != nil {
		return fmt.Errorf("scratch database: %w", err)
	}
	return fn(dbURL)
}

// createSearchPath creates, in a fresh database, the schemas the URL's
// search_path names (postgres://…?search_path=app), which the
// application's database has and the scratch one would lack: migrations
// run there as they do in the real one.
func createSearchPath(ctx context.Context, url string) error {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return err
	}
	sp := cfg.RuntimeParams["search_path"]
	if sp == "" {
		return nil
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	for _, name := range strings.Split(sp, ",") {
		name = strings.TrimSpace(name)
		if strings.HasPrefix(name, `"`) && strings.HasSuffix(name, `"`) && len(name) > 1 {
			name = strings.ReplaceAll(name[1:len(name)-1], `""`, `"`)
		}
		if name == "" || name == "$user" || name == "public" || strings.HasPrefix(name, "pg_") {
			continue
		}
		if _, err := conn.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{name}.Sanitize()); err != nil {
			return fmt.Errorf("create schema %s of the search_path: %w", name, err)
		}
	}
	return nil
}

func printDescriptions(out io.Writer, ds []vet.Description) {
	for i, d := range ds {
		if i > 0 {
			fmt.Fprintln(out)
		}
		q := d.Query
		kind := ":" + string(q.Kind)
		if q.Kind == sqlmap.KindAny {
			kind = "(any kind)"
		}
		head := fmt.Sprintf("%s %s  %s:%d", q.Name, kind, q.File, q.Line)
		if q.Returns != "" {
			head += "  returns " + q.Returns
		}
		fmt.Fprintln(out, head)
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		for _, p := range d.Params {
			name := p.Name
			if !strings.HasPrefix(name, "$") {
				name = ":" + name
			}
			fmt.Fprintf(tw, "  param\t%s\t%s\n", name, p.Type)
		}
		for _, c := range d.Columns {
			null := ""
			switch c.Null {
			case vet.NotNull:
				null = "\tnot null"
			case vet.Nullable:
				null = "\tnull"
			}
			fmt.Fprintf(tw, "  column\t%s\t%s%s\n", c.Name, c.Type, null)
		}
		tw.Flush()
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// findServer is pglocal.Find without its DATABASE_URL step: the URL
// settings were read already (flags, environment, .env), and found none.
func findServer(ctx context.Context, logf func(string, ...any)) (*pglocal.Server, error) {
	if err := pglocal.Probe(ctx, pglocal.DefaultURL); err == nil {
		logf("using the local server %s for a scratch database", pglocal.Redact(pglocal.DefaultURL))
		return pglocal.External(pglocal.DefaultURL), nil
	}
	logf("no server answers on 127.0.0.1:5432: starting a throwaway PostgreSQL")
	return pglocal.Start(ctx)
}
