package scanner_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/sqlmap-go/sqlmap/scanner"
)

func TestColumnName(t *testing.T) {
	cases := map[string]string{
		"ID":            "id",
		"UserID":        "user_id",
		"UserIDs":       "user_ids",
		"FinalAppURLs":  "final_app_urls",
		"URLs":          "urls",
		"Price1":        "price1",
		"HTTPServer":    "http_server",
		"CreatedAt":     "created_at",
		"Name":          "name",
		"name":          "name",
		"S3Bucket":      "s3_bucket",
		"Address2Line":  "address2_line",
		"IDsList":       "ids_list",
		"Already_Snake": "already_snake",
		"JSONData":      "json_data",
		"A":             "a",
		"ÉtéCount":      "été_count",
	}
	for in, want := range cases {
		t.Run(in, func(t *testing.T) {
			assert.Equal(t, want, scanner.ColumnName(in))
		})
	}
}
