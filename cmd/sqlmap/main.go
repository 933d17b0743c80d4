// Command sqlmap runs migrations and drafts them from Go models; see
// `sqlmap --help`.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/sqlmap-go/sqlmap/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
