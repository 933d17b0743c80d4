package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/sqlmap-go/sqlmap/internal/project"
)

// settings are where a command's folders and database URL come from, in
// the order flags, environment, project file, default: the project file
// is shared by a team, the environment is one machine's, a flag is one
// run's.
type settings struct {
	file    *project.File
	fileErr error // a project file that does not parse: every command refuses
	wd      string
	dir     string // where the project file was looked for: init's root
	getenv  func(string) string
	dotenv  string // the .env file that may hold the database URL
}

// setting is a value and where it came from, for --help and sqlmap config.
type setting struct{ value, source string }

func loadSettings(dir string, getenv func(string) string) *settings {
	wd, err := os.Getwd()
	if err != nil {
		wd = "."
	}
	if dir == "" {
		dir = wd
	}
	s := &settings{wd: wd, dir: dir, getenv: getenv}
	s.file, s.fileErr = project.Find(dir)
	s.dotenv = project.DotEnvPath(s.file, dir)
	return s
}

// root is the folder init writes a project in.
func (s *settings) root() string { return s.dir }

// lookup resolves one folder or pattern setting: env, else the project
// file, else def.
func (s *settings) lookup(key, env, def string) setting {
	if v := s.getenv(env); v != "" {
		return setting{v, "env " + env}
	}
	if s.file != nil {
		if v, ok := s.file.Resolved(key, s.wd); ok {
			return setting{v, fmt.Sprintf("%s:%d", s.show(s.file.Path), s.file.Lines[key])}
		}
	}
	return setting{def, "default"}
}

// show is path as short as it can be from the working folder.
func (s *settings) show(path string) string {
	if rel, err := filepath.Rel(s.wd, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}

// help is a flag's usage with where its default came from.
func (s *settings) help(usage string, v setting, env, key string) string {
	if v.source == "default" {
		return fmt.Sprintf("%s (env %s, or %s in %s)", usage, env, key, project.FileName)
	}
	return fmt.Sprintf("%s (default from %s)", usage, v.source)
}

// from is " (default from SOURCE)" for a value that is not the
// built-in default, for flags whose usage says the rest.
func (s *settings) from(v setting) string {
	if v.source == "default" {
		return ""
	}
	return " (default from " + v.source + ")"
}

// databaseURL is the URL of the environment, else of the .env file next
// to the project file; "" when neither has one.
func (s *settings) databaseURL() (setting, error) {
	for _, k := range project.URLKeys {
		if v := s.getenv(k); v != "" {
			return setting{v, "env " + k}, nil
		}
	}
	url, key, err := project.DotEnvURL(s.dotenv)
	if err != nil {
		return setting{}, fmt.Errorf("reading the database URL: %w", err)
	}
	if url == "" {
		return setting{}, nil
	}
	return setting{url, s.show(s.dotenv) + " " + key}, nil
}

// noURLAdvice is said when no database URL is found anywhere.
func (s *settings) noURLAdvice() string {
	return fmt.Sprintf("no database URL: pass --database-url, or set SQLMAP_DATABASE_URL or DATABASE_URL in the environment or in %s", s.show(s.dotenv))
}

// check refuses to run any command with a project file that does not
// parse: half of it would silently become defaults.
func (s *settings) check() error {
	if s.fileErr != nil {
		return fmt.Errorf("project file: %w", s.fileErr)
	}
	return nil
}

func newConfigCmd(s *settings) *cobra.Command {
	f := &dbFlags{s: s}
	var queries, models string
	var schemas []string
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Print the settings every command would use, and where each came from",
		Long: `Print the folders, the models' pattern, the schema and the database URL
(password hidden) that commands run here would use, each with its source: a
flag, the environment, the project file (` + project.FileName + `, found by walking up from
the working folder like go.mod), the .env file next to it (for the database
URL only), or the default. Flags override the environment, which overrides the
project file.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 2, 0, 2, ' ', 0)
			pf := "none (sqlmap init writes one)"
			if s.file != nil {
				pf = s.show(s.file.Path)
			}
			fmt.Fprintf(w, "project file\t%s\n", pf)
			show := func(name, flag, value, source string) {
				if fl := cmd.Flags().Lookup(flag); fl != nil && fl.Changed {
					source = "flag --" + flag
				}
				fmt.Fprintf(w, "%s\t%s\t%s\n", name, value, source)
			}
			show("migrations", "migrations", f.migrations, s.lookup("migrations", "SQLMAP_MIGRATIONS", "migrations").source)
			show("queries", "queries", queries, s.lookup("queries", "SQLMAP_QUERIES", "queries").source)
			show("models", "models", models, s.lookup("models", "SQLMAP_MODELS", "./models").source)
			sch := strings.Join(schemas, ", ")
			if sch == "" {
				sch = "(the connection's current schema)"
			}
			show("schema", "schema", sch, s.lookup("schema", "SQLMAP_SCHEMA", "").source)
			url, source := f.databaseURL, "flag --database-url"
			if url == "" {
				v, err := s.databaseURL()
				if err != nil {
					return err
				}
				url, source = v.value, v.source
			}
			if url == "" {
				url, source = "none", "vet, new-migration and diff use a scratch database; migrate needs one"
			} else {
				url = redact(url)
			}
			fmt.Fprintf(w, "database URL\t%s\t%s\n", url, source)
			return w.Flush()
		},
	}
	f.register(cmd, true)
	m := s.lookup("queries", "SQLMAP_QUERIES", "queries")
	cmd.Flags().StringVar(&queries, "queries", m.value, s.help("query files folder", m, "SQLMAP_QUERIES", "queries"))
	m = s.lookup("models", "SQLMAP_MODELS", "./models")
	cmd.Flags().StringVar(&models, "models", m.value, s.help("Go package pattern of the model structs", m, "SQLMAP_MODELS", "models"))
	sc := s.lookup("schema", "SQLMAP_SCHEMA", "")
	var def []string
	if sc.value != "" {
		def = []string{sc.value}
	}
	cmd.Flags().StringArrayVar(&schemas, "schema", def, s.help("the schema the models describe", sc, "SQLMAP_SCHEMA", "schema"))
	return cmd
}

// checkModels catches the two models patterns go/packages answers
// cryptically: a folder path without ./ (read as a standard-library
// package, "is not in std") and a folder that is not there.
func checkModels(pattern, source string) error {
	if source == "default" {
		source = "the default"
	}
	local := strings.HasPrefix(pattern, ".") || filepath.IsAbs(pattern)
	if first, _, _ := strings.Cut(pattern, "/"); !local && !strings.Contains(first, ".") {
		return fmt.Errorf("models %s (%s): a path without ./ is read by go as a standard-library package: write ./%s", pattern, source, pattern)
	}
	if !local {
		return nil // an import path: go/packages says what it finds
	}
	dir := strings.TrimSuffix(strings.TrimSuffix(pattern, "..."), "/")
	if dir == "" {
		dir = "."
	}
	if _, err := os.Stat(dir); err != nil {
		return fmt.Errorf("models: no folder %s (%s): pass --models, set SQLMAP_MODELS, or set models in %s (sqlmap init writes a models/ package with an example)", dir, source, project.FileName)
	}
	return nil
}

// now is the time drafted files are stamped with: SOURCE_DATE_EPOCH's
// when set (the reproducible-builds convention, for byte-identical
// drafts in tests and pipelines), else the clock's.
func (s *settings) now() time.Time {
	if v := s.getenv("SOURCE_DATE_EPOCH"); v != "" {
		if sec, err := strconv.ParseInt(v, 10, 64); err == nil {
			return time.Unix(sec, 0).UTC()
		}
	}
	return time.Now().UTC()
}

// modelsFlag is --models, which knows where its value came from: its
// errors say which setting to change.
type modelsFlag struct {
	pattern string
	def     setting
	cmd     *cobra.Command
}

func (m *modelsFlag) register(s *settings, cmd *cobra.Command, usage string) {
	m.def, m.cmd = s.lookup("models", "SQLMAP_MODELS", "./models"), cmd
	cmd.Flags().StringVar(&m.pattern, "models", m.def.value, s.help(usage, m.def, "SQLMAP_MODELS", "models"))
}

// source is "flag --models" when it was given, else where its default
// came from.
func (m *modelsFlag) source() string {
	if m.cmd.Flags().Changed("models") {
		return "flag --models"
	}
	return m.def.source
}
