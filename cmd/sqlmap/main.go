// Command sqlmap runs migrations and drafts them from Go models; see
// `sqlmap --help`.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/sqlmap-go/sqlmap/internal/cli"
)

func main() {
	// SIGINT, SIGTERM (a deploy's stop) and SIGHUP (a closed terminal)
	// all stop a run cleanly: a file in one transaction is cancelled and
	// rolls back, one run statement by statement is finished first. A
	// second signal stops at once, as a kill would.
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		s := <-sigs
		fmt.Fprintf(os.Stderr, "sqlmap: %v: stopping (a second signal stops at once)\n", s)
		cancel()
		<-sigs
		fmt.Fprintln(os.Stderr, "sqlmap: stopped at once; sqlmap migrate status tells what the database holds")
		os.Exit(130)
	}()
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	signal.Stop(sigs)
	cancel()
	os.Exit(code)
}
