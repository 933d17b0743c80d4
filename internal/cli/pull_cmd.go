package cli

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/spf13/cobra"

	"github.com/sqlmap-go/sqlmap/sqlmap/migrate"
	"github.com/sqlmap-go/sqlmap/sqlmap/schema"
)

// newModelsCmd is `sqlmap models`: what concerns the Go models as a
// whole, today pulling them from a database that exists.
func newModelsCmd(s *settings) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "models",
		Short: "Adopt an existing database: write its tables as Go models (like sqlacodegen, or atlas schema inspect)",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newPullCmd(s))
	return cmd
}

func newPullCmd(s *settings) *cobra.Command {
	f := &dbFlags{s: s}
	var nsp, out, pkg string
	var baseline, dryRun bool
	sc := s.lookup("schema", "SQLMAP_SCHEMA", "")
	cmd := &cobra.Command{
		Use:   "pull",
		Short: "Write the database's tables as Go models, and with --baseline its schema as the first migration",
		Long: `Read the tables and enum types of a schema of the database and write them as Go
models (--out), one struct per table, with the tags and directives that
new-migration reads back into the same schema: right after a pull, the models
draft no change. What the models cannot express (a foreign key of several
columns, a unique index, a partitioned table, a domain type, ...) is refused,
each object named, and nothing is written.

With --baseline it also writes the schema as the first migration
(000001_baseline.up.sql creates it, .down.sql drops it), so that a new database
(CI, a colleague's) is built by migrate up, and records it as applied in this
database without running it: the database has the schema already. It refuses
when the migrations folder has migrations or the database has migrations
applied. No file is ever overwritten.`,
		Example: `  sqlmap models pull --baseline
  sqlmap models pull --out internal/models/models.go --schema app
  sqlmap models pull --dry-run`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			url, err := f.url()
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if f.quiet {
				w = io.Discard
			}
			return pullInto(cmd.Context(), w, url, nsp, out, pkg, f.migrations, baseline, dryRun)
		},
	}
	f.register(cmd, true)
	cmd.Flags().StringVar(&nsp, "schema", sc.value, "the schema to pull, instead of the connection's current one (env SQLMAP_SCHEMA, or schema in sqlmap.toml)"+s.from(sc))
	cmd.Flags().StringVar(&out, "out", defaultModelsFile(s), "the Go file to write (never overwritten); its folder is what new-migration reads with --models")
	cmd.Flags().StringVar(&pkg, "package", "", "package name of the file (default: the package of the Go files in its folder, else the folder's name)")
	cmd.Flags().BoolVar(&baseline, "baseline", false, "also write 000001_baseline.up.sql/.down.sql into the migrations folder and record it as applied, without running it")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the files instead of writing them, and record nothing")
	return cmd
}

// defaultModelsFile is models.go in the folder new-migration reads
// models from, when that is a folder (not a ./... pattern or an import
// path): what is pulled is then what is drafted from.
func defaultModelsFile(s *settings) string {
	m := s.lookup("models", "SQLMAP_MODELS", "./models").value
	if (strings.HasPrefix(m, ".") || filepath.IsAbs(m)) && !strings.Contains(m, "...") {
		return filepath.Join(m, "models.go")
	}
	return filepath.Join("models", "models.go")
}

// pullInto pulls schema nsp (the current schema of the URL's connection
// when empty) of the database at url into the Go file modelsFile, of
// package pkg (default: the package of the Go files beside it, else its
// folder's name); with baseline, it writes the first migration into
// migrationsDir and records it as applied without running it. With
// dryRun it prints the files and writes and records nothing. It checks
// everything it can before it writes anything: an existing file, a
// migrations folder with migrations, a database with migrations applied,
// and what the models cannot express.
func pullInto(ctx context.Context, out io.Writer, url, nsp, modelsFile, pkg, migrationsDir string, baseline, dryRun bool) error {
	if _, err := os.Lstat(modelsFile); err == nil {
		return fmt.Errorf("models pull: %s exists; pull never overwrites a file, so nothing was written (move it away, or pass --out)", modelsFile)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("models pull: %w", err)
	}
	pkg, err := pullPackage(filepath.Dir(modelsFile), pkg)
	if err != nil {
		return err
	}
	if baseline {
		if err := checkEmptyFolder(migrationsDir); err != nil {
			return err
		}
	}
	conn, err := connectIn(ctx, url, nsp)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if baseline {
		if err := checkNoneApplied(ctx, conn); err != nil {
			return err
		}
	}
	p, err := schema.Pull(ctx, conn, nsp, schema.PullOptions{Package: pkg, File: modelsFile})
	if err != nil {
		return err
	}
	if len(p.Schema.Tables) == 0 {
		return errors.New("models pull: the schema has no tables: there is nothing to adopt (sqlmap init writes an example model to start from)")
	}

	var pair *migrate.Pair
	if baseline {
		pair = &migrate.Pair{Version: 1, Name: "baseline",
			UpPath: filepath.Join(migrationsDir, "000001_baseline.up.sql"), DownPath: filepath.Join(migrationsDir, "000001_baseline.down.sql")}
		if _, err := os.Stat(migrationsDir); err == nil {
			// Numbered by the folder's rule, which an empty folder makes 000001.
			if pair, err = migrate.NextPair(migrationsDir, "baseline"); err != nil {
				return err
			}
		}
	}
	if dryRun {
		fmt.Fprintf(out, "// %s\n%s", modelsFile, p.Source)
		if pair != nil {
			fmt.Fprintf(out, "\n-- %s\n%s\n-- %s\n%s", pair.UpPath, p.Up, pair.DownPath, p.Down)
		}
		printPullNotes(out, p)
		fmt.Fprintln(out, "dry run: nothing written, nothing recorded")
		return nil
	}

	if err := os.MkdirAll(filepath.Dir(modelsFile), 0o755); err != nil {
		return fmt.Errorf("models pull: %w", err)
	}
	if err := migrate.CreateFile(modelsFile, p.Source); err != nil {
		return fmt.Errorf("models pull: %w", err)
	}
	fmt.Fprintf(out, "created %s (%s)\n", modelsFile, counted(len(p.Models.Tables), "model")+enumsCounted(len(p.Models.Enums)))
	if pair != nil {
		if err := os.MkdirAll(migrationsDir, 0o755); err != nil {
			return fmt.Errorf("models pull: %w", err)
		}
		if err := pair.Write([]byte(p.Up), []byte(p.Down)); err != nil {
			return fmt.Errorf("models pull: %w", err)
		}
		fmt.Fprintf(out, "created %s\ncreated %s\n", pair.UpPath, pair.DownPath)
		if err := recordBaseline(ctx, url, migrationsDir, pair); err != nil {
			return fmt.Errorf("%w\n  the files are written; to record the baseline as applied without running it, run: sqlmap migrate force %d", err, pair.Version)
		}
		fmt.Fprintf(out, "recorded %s as applied, without running it: the database has its schema already\n", filepath.Base(strings.TrimSuffix(pair.UpPath, ".up.sql")))
	}
	printPullNotes(out, p)
	models := ""
	if dir := filepath.Dir(modelsFile); filepath.Clean(dir) != "models" {
		models = " --models ./" + filepath.ToSlash(filepath.Clean(dir))
		if filepath.IsAbs(dir) {
			models = " --models " + dir
		}
	}
	fmt.Fprintf(out, "next: edit a model, then: sqlmap new-migration NAME%s\n", models)
	return nil
}

// checkNoneApplied refuses a baseline for a database that migrations
// have run on: the baseline is the first migration.
func checkNoneApplied(ctx context.Context, conn *pgx.Conn) error {
	var empty embed.FS // the folder may not exist yet; only the database is read
	st, err := migrate.StatusOf(ctx, conn, empty)
	if err != nil {
		return err
	}
	if st.HasVersion || len(st.Records) > 0 {
		return fmt.Errorf("models pull: the database has migrations applied (version %s): a baseline is the first migration, for a database no migration has run on; "+
			"pull without --baseline, and draft from the models with sqlmap new-migration", versionString(st.Version, st.Dirty, st.HasVersion))
	}
	return nil
}

// recordBaseline records the baseline as applied, running nothing: what
// sqlmap migrate force does.
func recordBaseline(ctx context.Context, url, dir string, pair *migrate.Pair) error {
	mg, err := migrate.Open(ctx, url, os.DirFS(dir), migrate.WithDir(dir))
	if err != nil {
		return err
	}
	defer mg.Close()
	return mg.Force(ctx, int(pair.Version))
}

// checkEmptyFolder refuses a migrations folder that has migrations
// already: the baseline must be the first. A folder that does not exist
// is created when the baseline is written.
func checkEmptyFolder(dir string) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("models pull: migrations folder: %w", err)
	case !info.IsDir():
		return fmt.Errorf("models pull: migrations folder %s is not a folder", dir)
	}
	folder, err := migrate.Scan(os.DirFS(dir))
	if err != nil {
		return err
	}
	if n := len(folder.Migrations); n > 0 || len(folder.Problems) > 0 {
		return fmt.Errorf("models pull: the migrations folder %s has migrations already (%d): a baseline is the first migration; "+
			"pull without --baseline, or into an empty folder (--migrations)", dir, n)
	}
	return nil
}

// pullPackage is the package the models file is written in: the one
// asked for, which must agree with the Go files already in its folder,
// else theirs, else the folder's name, else models.
func pullPackage(dir, pkg string) (string, error) {
	have, err := existingPackage(dir)
	if err != nil {
		return "", fmt.Errorf("models pull: %w", err)
	}
	switch {
	case pkg == "" && have != "":
		return have, nil
	case pkg == "":
		name, err := folderPackage(dir, "models")
		if err != nil {
			return "", fmt.Errorf("models pull: %w", err)
		}
		return name, nil
	case !token.IsIdentifier(pkg) || token.IsKeyword(pkg):
		return "", fmt.Errorf("models pull: --package %q is not a Go package name (letters, digits and _, not starting with a digit, not a keyword); nothing was written", pkg)
	case have != "" && pkg != have:
		return "", fmt.Errorf("models pull: --package %s, but the Go files in %s are package %s: the file would not build beside them; nothing was written", pkg, dir, have)
	}
	return pkg, nil
}

func printPullNotes(out io.Writer, p *schema.Pulled) {
	for _, n := range p.Notes {
		fmt.Fprintf(out, "note: %s\n", n)
	}
}

func counted(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func enumsCounted(n int) string {
	if n == 0 {
		return ""
	}
	return ", " + counted(n, "enum")
}
