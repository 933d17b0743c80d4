package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/sqlmap-go/sqlmap/internal/project"
	"github.com/sqlmap-go/sqlmap/sqlmap/migrate"
	"github.com/sqlmap-go/sqlmap/sqlmap/schema"
)

// draftFlags are the flags of new-migration and diff.
type draftFlags struct {
	models  modelsFlag
	renames []string
	prune   bool
	online  bool
	schemas []string
}

func (f *draftFlags) register(s *settings, cmd *cobra.Command) {
	f.models.register(s, cmd, "Go package pattern of the model structs")
	cmd.Flags().BoolVar(&f.online, "online", false, "draft what would block writes to a table while it scans or builds (indexes, foreign keys, checks, SET NOT NULL) as a second migration that runs without a transaction: CREATE INDEX CONCURRENTLY, NOT VALID then VALIDATE")
	sc := s.lookup("schema", "SQLMAP_SCHEMA", "")
	var def []string
	if sc.value != "" {
		def = []string{sc.value}
	}
	cmd.Flags().StringArrayVar(&f.schemas, "schema", def, "the schema to compare, instead of the connection's current one (repeatable for --from-url/--to-url; with models, one: run migrate with that schema first on the URL's search_path too; env SQLMAP_SCHEMA, or schema in "+project.FileName+")"+s.from(sc))
	cmd.Flags().StringArrayVar(&f.renames, "rename", nil, "a rename to draft instead of a drop and an add: table.old=new, or old_table=new_table (repeatable)")
	cmd.Flags().BoolVar(&f.prune, "prune", false, "also draft drops of the tables no model describes")
}

// modelSchema is the one schema a draft from models compares: models
// describe the tables of one schema.
func (f *draftFlags) modelSchema() (string, error) {
	switch len(f.schemas) {
	case 0:
		return "", nil
	case 1:
		return f.schemas[0], nil
	}
	return "", fmt.Errorf("--schema given %d times: models describe the tables of one schema (several go with --from-url and --to-url)", len(f.schemas))
}

// connectIn connects with schema, when given, first on the search_path,
// so that it is the connection's current schema.
func connectIn(ctx context.Context, url, schemaName string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("connecting to %s: %w", redact(url), err)
	}
	if schemaName != "" {
		cfg.RuntimeParams["search_path"] = pgx.Identifier{schemaName}.Sanitize()
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connecting to %s: %w", redact(url), err)
	}
	var current *string
	if err := conn.QueryRow(ctx, "SELECT current_schema()").Scan(&current); err != nil || current == nil {
		_ = conn.Close(context.WithoutCancel(ctx))
		if err == nil {
			err = fmt.Errorf("the schema %q does not exist", schemaName)
			if schemaName == "" {
				err = errors.New("its search_path names no schema that exists")
			}
		}
		return nil, fmt.Errorf("connecting to %s: %w", redact(url), err)
	}
	return conn, nil
}

// The drafted files' first lines, with the commands that run them.
const (
	upHeader   = "-- Drafted by sqlmap from the models. Review it before applying: `sqlmap migrate up`.\n"
	downHeader = "-- Undoes the up file, in reverse order: `sqlmap migrate down`.\n"
)

// DraftOptions are the options the CLI drafts with, less the flags: the
// golden cases of the schema package draft with them too.
func DraftOptions() schema.Options {
	return schema.Options{UpHeader: upHeader, DownHeader: downHeader}
}

func (f *draftFlags) options() (schema.Options, error) {
	opts := DraftOptions()
	opts.Prune, opts.Online = f.prune, f.online
	for _, r := range f.renames {
		rn, err := schema.ParseRename(r)
		if err != nil {
			return opts, err
		}
		opts.Renames = append(opts.Renames, rn)
	}
	return opts, nil
}

// checkUpToDate refuses to draft against a database that is not exactly
// at the folder: the draft would repeat what the pending files do, or
// take a number the database has.
func checkUpToDate(ctx context.Context, conn *pgx.Conn, f *dbFlags, errOut io.Writer) error {
	fsys, err := f.folder()
	if err != nil {
		return err
	}
	if err := f.finishInterrupted(errOut); err != nil {
		return err
	}
	st, err := migrate.StatusOf(ctx, conn, fsys)
	if err != nil {
		return err
	}
	err = st.UpToDate(f.migrations)
	var (
		ae *migrate.AheadError
		pe *migrate.PendingError
		re *migrate.RunningError
	)
	switch {
	case errors.As(err, &ae):
		return aheadError(st)
	case errors.As(err, &pe):
		return fmt.Errorf("%w\n  run `sqlmap migrate up` first, so the draft does not repeat them", err)
	case errors.As(err, &re):
		return fmt.Errorf("%w\n  draft once it is done", err)
	case err != nil:
		return f.advise(err)
	}
	return nil
}

// aheadError refuses to number a new migration in a folder that lacks
// migrations the database has: the new one would take a number in use.
func aheadError(st *migrate.Status) error {
	var latest uint
	if len(st.Migrations) > 0 {
		latest = st.Migrations[len(st.Migrations)-1].Version
	}
	return fmt.Errorf("the database has version %d, which this folder lacks (its newest is %d): is this an older checkout?\n"+
		"  a new migration numbered here would take a number the database has; check out the branch that has it, then draft", st.MaxVersion(), latest)
}

func loadModels(ctx context.Context, pattern, source string) (*schema.Schema, error) {
	if err := checkModels(pattern, source); err != nil {
		return nil, err
	}
	models, err := schema.LoadModels(ctx, ".", pattern)
	if err != nil {
		return nil, err
	}
	if len(models.Tables) == 0 {
		return nil, fmt.Errorf("no models in %s: a struct is a table when its doc comment says //sqlmap:table NAME or it has a TableName() string method", pattern)
	}
	return models, nil
}

// DraftNotes is what new-migration and diff print on stderr for a draft:
// what was left alone, hints, and its hazards. The golden cases of the
// schema package hold it too.
func DraftNotes(d *schema.Draft) string {
	var b strings.Builder
	if len(d.Plan.Unmanaged) > 0 {
		fmt.Fprintf(&b, "left alone (no model describes them; --prune drafts their drops): %s\n", strings.Join(d.Plan.Unmanaged, ", "))
	}
	for _, n := range d.NotCompared {
		fmt.Fprintf(&b, "not compared: %s\n", n)
	}
	for _, h := range d.Plan.Hints {
		if h.Rename != nil {
			fmt.Fprintf(&b, "hint: %s (or pass --rename %s)\n", h.Message, h.Rename)
		} else {
			fmt.Fprintf(&b, "hint: %s\n", h.Message)
		}
	}
	for _, h := range d.Hazards {
		if h.Source != "" {
			fmt.Fprintf(&b, "%s: ", h.Source)
		}
		fmt.Fprintf(&b, "%s\n", h)
	}
	return b.String()
}

func newNewMigrationCmd(s *settings) *cobra.Command {
	f := &dbFlags{s: s}
	df := &draftFlags{}
	var empty, dryRun bool
	cmd := &cobra.Command{
		Use:   "new-migration NAME",
		Short: "Draft the next migration from the models (like flask db migrate), or write an empty pair",
		Long: `Read the model structs (--models), diff them against the database and write the
next numbered NNNNNN_name.up.sql / .down.sql pair for you to review. With no
database URL anywhere (flag, environment, .env), the database is the schema the
migrations build, in a scratch database on the local server or a throwaway one,
as for vet; a database given must be at the folder's last migration. The number
is the highest one plus 1, with as many digits as the folder already uses (6 in
an empty folder). Both files are written or neither, and no file is ever
overwritten. When the models match the database it says "no changes" and writes
nothing. With --empty it writes an empty pair to fill in by hand.

Renames are never guessed: use renamed_from=old in the field's tag, or --rename.
Tables no model describes are left alone unless --prune.`,
		Example: `  sqlmap new-migration create_users
  sqlmap new-migration add_password --models ./internal/models
  sqlmap new-migration rename_name --rename users.name=full_name
  sqlmap new-migration add_email --empty`,
		Args: func(_ *cobra.Command, args []string) error {
			switch {
			case len(args) == 0:
				return errors.New("new-migration: give the migration a NAME, e.g. sqlmap new-migration create_users: it names the files (000001_create_users.up.sql)")
			case len(args) > 1:
				return fmt.Errorf("new-migration: one NAME, not %d words: sqlmap new-migration %s (or quote it)", len(args), strings.Join(args, "_"))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
			if empty {
				return writeEmpty(ctx, out, errOut, f, args[0], dryRun)
			}
			prov := provenance{when: s.now(), command: commandLine(cmd, args)}
			return draftNew(ctx, out, errOut, f, df, args[0], dryRun, prov)
		},
	}
	f.register(cmd, true)
	df.register(s, cmd)
	cmd.Flags().BoolVar(&empty, "empty", false, "write an empty pair instead of drafting from the models")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the files instead of writing them")
	return cmd
}

// draftNew drafts the next migration from the models and writes it (or
// prints it, with dryRun).
func draftNew(ctx context.Context, out, errOut io.Writer, f *dbFlags, df *draftFlags, name string, dryRun bool, prov provenance) error {
	if _, err := migrate.SanitizeName(name); err != nil {
		return err
	}
	opts, err := df.options()
	if err != nil {
		return err
	}
	d, err := draftModels(ctx, errOut, f, df, opts, true)
	if err != nil {
		return err
	}
	fmt.Fprint(errOut, DraftNotes(d))
	if d.Empty() {
		fmt.Fprintln(out, "no changes: the database matches the models")
		return nil
	}
	names, files := []string{name}, [][]byte{[]byte(d.Up), []byte(d.Down)}
	if d.LaterUp != "" {
		// The second half of an online migration, numbered right after.
		names, files = append(names, name+"_online"), append(files, []byte(d.LaterUp), []byte(d.LaterDown))
	}
	pairs, err := migrate.NextPairs(f.migrations, names...)
	if err != nil {
		return err
	}
	for i, p := range pairs {
		// Each pair its own steps: an online draft's second half holds
		// only some of them.
		prov.summary = stepSummaries(files[2*i])
		files[2*i] = prov.stamp(filepath.Base(p.UpPath), files[2*i])
		files[2*i+1] = prov.stamp(filepath.Base(p.DownPath), files[2*i+1])
	}
	if dryRun {
		for i, p := range pairs {
			fmt.Fprintf(out, "-- %s\n%s\n-- %s\n%s", p.UpPath, files[2*i], p.DownPath, files[2*i+1])
		}
		return nil
	}
	if err := migrate.WritePairs(pairs, files...); err != nil {
		return err
	}
	for _, p := range pairs {
		fmt.Fprintf(out, "created %s\ncreated %s\n", p.UpPath, p.DownPath)
	}
	if !f.quiet {
		for _, c := range d.Plan.Steps {
			fmt.Fprintf(out, "  %s\n", c.Summary)
		}
	}
	return nil
}

func writeEmpty(ctx context.Context, out, errOut io.Writer, f *dbFlags, name string, dryRun bool) error {
	if _, err := f.folder(); err != nil {
		return err
	}
	if err := f.finishInterrupted(errOut); err != nil {
		return err
	}
	// No database is needed to write an empty pair, but when there is
	// one, a number it already has (from another branch) is refused.
	_, err := f.url()
	var none *noURLError
	if err != nil && !errors.As(err, &none) {
		return err
	}
	if err == nil {
		st, _, err := f.status(ctx, errOut)
		if err != nil {
			return err
		}
		if st.Ahead() {
			return aheadError(st)
		}
	}
	pair, err := migrate.NextPair(f.migrations, name)
	if err != nil {
		return err
	}
	up := fmt.Sprintf("-- Migration %d: %s (up).\n-- Write the SQL here; an up file with no statement is refused by migrate.\n", pair.Version, pair.Name)
	down := fmt.Sprintf("-- Migration %d: %s (down): undo what the up file does, in reverse order.\n", pair.Version, pair.Name)
	if dryRun {
		fmt.Fprintf(out, "-- %s\n%s\n-- %s\n%s", pair.UpPath, up, pair.DownPath, down)
		return nil
	}
	if err := pair.Write([]byte(up), []byte(down)); err != nil {
		return err
	}
	if !f.quiet {
		fmt.Fprintf(out, "created %s\ncreated %s\n", pair.UpPath, pair.DownPath)
	}
	return nil
}

func newDiffCmd(s *settings) *cobra.Command {
	df := &draftFlags{}
	f := &dbFlags{s: s}
	var fromURL, toURL, failOn string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "diff",
		Short: "Print the SQL that would bring the database to the models (exit 0 in sync, 1 differ, 2 error)",
		Long: `Print the SQL that would bring the database to the models, without writing
anything. Like diff(1): exit status 0 when they are in sync, 1 when they differ,
2 when the comparison could not run. With no database URL anywhere, the database
is the schema the migrations build, in a scratch database (flask db check, in CI
without a database). With --from-url and --to-url it compares two
databases instead (drift between environments): the SQL turns the first into
the second.`,
		Example: `  sqlmap diff --models ./models
  sqlmap diff --from-url $STAGING_URL --to-url $PROD_URL`,
		Args:        cobra.NoArgs,
		Annotations: map[string]string{usageExit: "2"},
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			fail := func(err error) error { return &ExitError{Code: 2, Err: err} }
			opts, err := df.options()
			if err != nil {
				return fail(err)
			}
			failKinds, err := schema.ParseHazardKinds(failOn)
			if err != nil {
				return fail(err)
			}
			drafts, err := diffDrafts(ctx, cmd.ErrOrStderr(), f, df, fromURL, toURL, opts)
			if err != nil {
				return fail(err)
			}
			if err := printDiff(cmd.OutOrStdout(), cmd.ErrOrStderr(), drafts, df.schemas, asJSON); err != nil {
				return fail(err)
			}
			return diffVerdict(drafts, failKinds)
		},
	}
	df.register(s, cmd)
	f.register(cmd, true)
	cmd.Flags().StringVar(&fromURL, "from-url", "", "compare two databases: the one to change")
	cmd.Flags().StringVar(&toURL, "to-url", "", "compare two databases: the one to match")
	cmd.Flags().StringVar(&failOn, "fail-on", "", "exit 1 only when a step carries a hazard of these kinds (comma-separated: "+hazardKindList()+"), else 0")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the plan as JSON: each step with its SQL both ways and its typed hazards")
	return cmd
}

// diffDrafts drafts what diff prints: the models against the database,
// or one database against another, for each schema asked for.
func diffDrafts(ctx context.Context, errOut io.Writer, f *dbFlags, df *draftFlags, fromURL, toURL string, opts schema.Options) ([]*schema.Draft, error) {
	var d *schema.Draft
	switch {
	case fromURL != "" || toURL != "":
		if fromURL == "" || toURL == "" {
			return nil, errors.New("diff: --from-url and --to-url go together")
		}
		from, err := connectIn(ctx, fromURL, "")
		if err != nil {
			return nil, err
		}
		defer from.Close(context.WithoutCancel(ctx))
		to, err := connectIn(ctx, toURL, "")
		if err != nil {
			return nil, err
		}
		defer to.Close(context.WithoutCancel(ctx))
		schemas := df.schemas
		if len(schemas) == 0 {
			schemas = []string{""}
		}
		var drafts []*schema.Draft
		for _, nsp := range schemas {
			o := opts
			o.Schema = nsp
			d, err := schema.DraftBetween(ctx, from, to, o)
			if err != nil {
				if nsp != "" {
					err = fmt.Errorf("schema %s: %w", nsp, err)
				}
				return nil, err
			}
			drafts = append(drafts, d)
		}
		return drafts, nil
	default:
		// The same entry point as new-migration: the same SQL, the same
		// hazards, the same self-check.
		var err error
		if d, err = draftModels(ctx, errOut, f, df, opts, false); err != nil {
			return nil, err
		}
	}
	return []*schema.Draft{d}, nil
}

// draftModels drafts the models against the database of the URL (with
// upToDate, refusing one that is not at the folder's last migration), or,
// with no URL anywhere, against the schema the migrations build in a
// scratch database: what Atlas calls a dev database, and what lets CI
// check models against migrations with no database of its own.
func draftModels(ctx context.Context, errOut io.Writer, f *dbFlags, df *draftFlags, opts schema.Options, upToDate bool) (*schema.Draft, error) {
	url, err := f.url()
	var none *noURLError
	if err != nil && !errors.As(err, &none) {
		return nil, err
	}
	nsp, err := df.modelSchema()
	if err != nil {
		return nil, err
	}
	models, err := loadModels(ctx, df.models.pattern, df.models.source())
	if err != nil {
		return nil, err
	}
	if url != "" {
		conn, err := connectIn(ctx, url, nsp)
		if err != nil {
			return nil, err
		}
		defer conn.Close(context.WithoutCancel(ctx))
		if upToDate {
			if err := checkUpToDate(ctx, conn, f, errOut); err != nil {
				return nil, err
			}
		}
		return schema.DraftMigration(ctx, conn, models, opts)
	}
	if nsp != "" {
		return nil, fmt.Errorf("--schema %s needs a database URL: without one, the draft is against the migrations in a scratch database, in its default schema", nsp)
	}
	fsys, err := f.folder()
	if err != nil {
		return nil, err
	}
	if err := f.finishInterrupted(errOut); err != nil {
		return nil, err
	}
	if !f.quiet {
		fmt.Fprintln(errOut, "no database URL: drafting against the schema the migrations build, in a scratch database (it has no rows: what rows would make fail is not checked)")
	}
	var d *schema.Draft
	err = f.withMigratedScratch(ctx, errOut, fsys, func(conn *pgx.Conn) (err error) {
		d, err = schema.DraftMigration(ctx, conn, models, opts)
		return err
	})
	return d, err
}

// printDiff prints the drafts, one section per schema asked for (each
// after a SET search_path, so the SQL runs as printed), the notes on
// stderr: what was not compared, other schemas but those asked for.
func printDiff(out, errOut io.Writer, drafts []*schema.Draft, schemas []string, asJSON bool) error {
	if asJSON {
		return writePlanJSON(out, drafts, schemas)
	}
	inSync := true
	var others []schema.SchemaCount
	for i, d := range drafts {
		fmt.Fprint(errOut, DraftNotes(d))
		for _, o := range d.OtherSchemas {
			if !slices.Contains(schemas, o.Name) && !slices.ContainsFunc(others, func(x schema.SchemaCount) bool { return x.Name == o.Name }) {
				others = append(others, o)
			}
		}
		if d.Empty() {
			continue
		}
		inSync = false
		if len(schemas) > 0 {
			fmt.Fprintf(out, "SET search_path TO %s;\n", pgx.Identifier{schemas[i]}.Sanitize())
		}
		fmt.Fprint(out, d.Up)
		if d.LaterUp != "" {
			fmt.Fprint(out, "\n"+d.LaterUp)
		}
	}
	for _, o := range others {
		fmt.Fprintf(errOut, "not compared: %s (--schema %s compares it too)\n", o, o.Name)
	}
	if inSync {
		fmt.Fprintln(out, "-- in sync: no changes")
	}
	return nil
}

// diffVerdict is diff's exit status: 1 when they differ, or with
// --fail-on when a step carries one of its hazard kinds.
func diffVerdict(drafts []*schema.Draft, failKinds []schema.HazardKind) error {
	steps := 0
	var hazards []schema.Hazard
	for _, d := range drafts {
		steps += len(d.Plan.Steps)
		hazards = append(hazards, d.Plan.HazardsOf(failKinds)...)
	}
	if len(failKinds) > 0 {
		if len(hazards) > 0 {
			return &ExitError{Code: 1, Err: fmt.Errorf("diff: %d hazard(s) of the kinds --fail-on names, first: %s (%s)", len(hazards), hazards[0], hazards[0].Kind)}
		}
		return nil
	}
	if steps == 0 {
		return nil
	}
	return &ExitError{Code: 1, Err: fmt.Errorf("%d change(s)", steps), Quiet: true}
}

func hazardKindList() string {
	var names []string
	for _, k := range schema.HazardKinds() {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}

// writePlanJSON prints the drafts for programs (CI gating on hazards):
// one plan, its steps marked with their schema when --schema was given.
func writePlanJSON(w io.Writer, drafts []*schema.Draft, schemas []string) error {
	type step struct {
		Schema      string            `json:"schema,omitempty"`
		Kind        schema.ChangeKind `json:"kind"`
		Summary     string            `json:"summary"`
		Table       string            `json:"table,omitempty"`
		Object      string            `json:"object,omitempty"`
		Up          []string          `json:"up"`
		Down        []string          `json:"down"`
		Hazards     []schema.Hazard   `json:"hazards"`
		DownHazards []schema.Hazard   `json:"down_hazards"`
	}
	type plan struct {
		InSync    bool          `json:"in_sync"`
		Steps     []step        `json:"steps"`
		Hints     []schema.Hint `json:"hints"`
		Unmanaged []string      `json:"unmanaged"`
	}
	p := plan{InSync: true, Steps: []step{}}
	for i, d := range drafts {
		nsp := ""
		if len(schemas) > 0 {
			nsp = schemas[i]
		}
		p.InSync = p.InSync && d.Empty()
		p.Hints = append(p.Hints, d.Plan.Hints...)
		p.Unmanaged = append(p.Unmanaged, d.Plan.Unmanaged...)
		for _, c := range d.Plan.Steps {
			p.Steps = append(p.Steps, step{Schema: nsp, Kind: c.Kind, Summary: c.Summary, Table: c.Table, Object: c.Object, Up: c.Up, Down: c.Down,
				Hazards: append([]schema.Hazard{}, c.Hazards...), DownHazards: append([]schema.Hazard{}, c.DownHazards...)})
		}
	}
	if p.Hints == nil {
		p.Hints = []schema.Hint{}
	}
	if p.Unmanaged == nil {
		p.Unmanaged = []string{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(p)
}

// provenance is what a drafted file says of itself in its first lines,
// as Alembic's revision header does: which file, when, by which command,
// and what it changes. They are comments: the runner ignores them.
type provenance struct {
	when    time.Time
	command string
	summary string
}

func (p provenance) stamp(file string, body []byte) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "-- %s, drafted %s by: %s\n", file, p.when.UTC().Format("2006-01-02 15:04:05 MST"), p.command)
	if p.summary != "" {
		fmt.Fprintf(&b, "-- Changes: %s\n", p.summary)
	}
	// The no-transaction directive must stay the file's first line.
	if migrate.HasNoTransactionDirective(string(body)) {
		first, rest, _ := strings.Cut(string(body), "\n")
		return []byte(first + "\n" + b.String() + rest)
	}
	return []byte(b.String() + string(body))
}

// commandLine is the command as typed, less the database URL (a secret)
// and the output-only flags.
func commandLine(cmd *cobra.Command, args []string) string {
	parts := append([]string{cmd.CommandPath()}, args...)
	cmd.Flags().Visit(func(fl *pflag.Flag) {
		switch fl.Name {
		case "database-url", "quiet", "dry-run":
			return
		}
		if sv, ok := fl.Value.(pflag.SliceValue); ok {
			for _, v := range sv.GetSlice() {
				parts = append(parts, "--"+fl.Name, v)
			}
			return
		}
		if fl.Value.Type() == "bool" {
			parts = append(parts, "--"+fl.Name)
			return
		}
		parts = append(parts, "--"+fl.Name, fl.Value.String())
	})
	for i, p := range parts[1:] {
		if p == "" || strings.ContainsAny(p, " \t\n'\"$`\\|&;<>()*?[]#~") {
			parts[i+1] = "'" + strings.ReplaceAll(p, "'", `'\''`) + "'"
		}
	}
	return strings.Join(parts, " ")
}

// stepSummaries are the summary lines of a formatted up file, joined:
// Format writes each step as a blank line, "-- summary", its hazards and
// its SQL.
func stepSummaries(up []byte) string {
	var out []string
	lines := strings.Split(string(up), "\n")
	for i := 1; i < len(lines); i++ {
		if lines[i-1] == "" && strings.HasPrefix(lines[i], "-- ") {
			out = append(out, strings.TrimPrefix(lines[i], "-- "))
		}
	}
	return strings.Join(out, "; ")
}
