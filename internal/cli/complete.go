package cli

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/sqlmap-go/sqlmap/sqlmap"
	"github.com/sqlmap-go/sqlmap/sqlmap/migrate"
	"github.com/sqlmap-go/sqlmap/sqlmap/schema"
)

const completionLong = `Print the script that completes sqlmap's commands, flags, migration versions
and query names in your shell. Install it once:

  bash:  echo 'source <(sqlmap completion bash)' >> ~/.bashrc
  zsh:   echo 'source <(sqlmap completion zsh)' >> ~/.zshrc
         (compinit must run first: autoload -U compinit; compinit)
  fish:  sqlmap completion fish > ~/.config/fish/completions/sqlmap.fish
  PowerShell: sqlmap completion powershell | Out-String | Invoke-Expression

Versions and names are read from the folders of the project file (or the
flags on the command line) as you type; the database is never contacted.`

// enableCompletion turns on cobra's completion command and teaches the
// commands what their arguments are: versions of the migrations folder,
// names of the query folder, folders for the folder flags. Completion
// reads files only: no database is contacted, nothing is printed but the
// candidates.
func enableCompletion(root *cobra.Command) {
	root.CompletionOptions.DisableDefaultCmd = false
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Long = completionLong
			// cobra prints the help and exits 0 for completion bsh:
			// a script would install the help text as its completion.
			c.Args = cobra.ArbitraryArgs
			c.RunE = func(cmd *cobra.Command, args []string) error {
				if len(args) == 0 {
					return cmd.Help()
				}
				return fmt.Errorf("completion: unknown shell %q: want bash, fish, powershell or zsh", args[0])
			}
		}
	}
	walk(root, func(c *cobra.Command) {
		for _, name := range []string{"migrations", "queries", "out"} {
			if c.Flags().Lookup(name) != nil || c.PersistentFlags().Lookup(name) != nil {
				_ = c.RegisterFlagCompletionFunc(name, dirsOnly(name == "out"))
			}
		}
		if c.Flags().Lookup("models") != nil {
			_ = c.RegisterFlagCompletionFunc("models", dirsOnly(false))
		}
		if fl := c.Flags().Lookup("fail-on"); fl != nil {
			_ = c.RegisterFlagCompletionFunc("fail-on", hazardKinds)
		}
		// A value flag without candidates offers nothing, not file names.
		noFiles := func(fl *pflag.Flag) {
			if _, ok := c.GetFlagCompletionFunc(fl.Name); !ok && fl.Value.Type() != "bool" {
				_ = c.RegisterFlagCompletionFunc(fl.Name, cobra.NoFileCompletions)
			}
		}
		c.PersistentFlags().VisitAll(noFiles)
		c.Flags().VisitAll(noFiles)
		switch c.CommandPath() {
		case "sqlmap init":
			c.ValidArgsFunction = dirsOnly(false)
		case "sqlmap migrate goto":
			c.ValidArgsFunction = versions("0\tnone applied: revert them all")
		case "sqlmap migrate force":
			c.ValidArgsFunction = versions("head\tthe folder's last", "none\tno migration applied")
		case "sqlmap migrate renumber":
			c.ValidArgsFunction = versions()
		case "sqlmap vet", "sqlmap queries":
			c.ValidArgsFunction = queryNames
		default:
			if c.ValidArgsFunction == nil && !c.HasSubCommands() {
				c.ValidArgsFunction = cobra.NoFileCompletions
			}
		}
	})
}

func walk(c *cobra.Command, fn func(*cobra.Command)) {
	fn(c)
	for _, sub := range c.Commands() {
		walk(sub, fn)
	}
}

// dirsOnly completes folders (or, for a file flag, files too).
func dirsOnly(files bool) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		if files {
			return nil, cobra.ShellCompDirectiveDefault
		}
		return nil, cobra.ShellCompDirectiveFilterDirs
	}
}

// flagValue is a flag's value at completion time: what was typed, else
// its default (from the environment or the project file).
func flagValue(cmd *cobra.Command, name string) string {
	if f := cmd.Flag(name); f != nil {
		return f.Value.String()
	}
	return ""
}

// versions completes the versions of the migrations folder, each with
// its name, after the extra candidates.
func versions(extra ...string) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		out := append([]string(nil), extra...)
		folder, err := migrate.Scan(os.DirFS(flagValue(cmd, "migrations")))
		if err != nil {
			return out, cobra.ShellCompDirectiveNoFileComp
		}
		if _, ok := folder.Find(0); ok {
			// A migration 0 is a version like the others, not "revert all".
			out = slices.DeleteFunc(out, func(s string) bool { return strings.HasPrefix(s, "0\t") })
		}
		for _, m := range folder.Migrations {
			out = append(out, strconv.FormatUint(uint64(m.Version), 10)+"\t"+m.Label(folder.Width))
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
	}
}

// hazardKinds completes --fail-on's comma-separated kinds, one more
// after what was typed, with no space after it so another can follow.
func hazardKinds(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	done, _ := cutLast(toComplete, ",")
	var out []string
	for _, k := range schema.HazardKinds() {
		if !strings.Contains(","+done+",", ","+string(k)+",") {
			prefix := ""
			if done != "" {
				prefix = done + ","
			}
			out = append(out, prefix+string(k))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}

// cutLast splits s at its last sep: what is before it ("" when none).
func cutLast(s, sep string) (before, after string) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+1:]
	}
	return "", s
}

// queryNames completes the names of the query folder not given yet, with
// their file:line.
func queryNames(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	qs, err := sqlmap.LoadDir(flagValue(cmd, "queries"))
	if err != nil {
		var le *sqlmap.LoadError
		if !errors.As(err, &le) || le.Queries == nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		qs = le.Queries
	}
	given := strings.Join(args, "\x00") + "\x00"
	var out []string
	for _, q := range qs.All() {
		if !strings.Contains("\x00"+given, "\x00"+q.Name+"\x00") {
			out = append(out, q.Name+"\t"+q.File+":"+strconv.Itoa(q.Line))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
