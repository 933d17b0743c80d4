package layout_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sqlmap-go/sqlmap/internal/layout"
)

func TestSplitOptions(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		err  string
	}{
		{in: "pk", want: []string{"pk"}},
		{in: "pk,identity", want: []string{"pk", "identity"}},
		{in: "type=numeric(10,2),unique", want: []string{"type=numeric(10,2)", "unique"}},
		{in: "check=qty IN (1,2)", want: []string{"check=qty IN (1,2)"}},
		{in: "check=f(g(1,2),3) > 0,index", want: []string{"check=f(g(1,2),3) > 0", "index"}},
		{in: "default='a,b',pk", want: []string{"default='a,b'", "pk"}},
		{in: "comment='It''s, fine',pk", want: []string{"comment='It''s, fine'", "pk"}},
		{in: `default="a,b",pk`, want: []string{`default="a,b"`, "pk"}},
		{in: "default='(',pk", want: []string{"default='('", "pk"}},
		{in: "default=ARRAY[1,2],pk", want: []string{"default=ARRAY[1,2]", "pk"}},
		{in: "a,,b", want: []string{"a", "", "b"}},
		{in: "type=numeric(10,2", err: `unbalanced parentheses in "type=numeric(10,2"`},
		{in: "check=a)", err: `unbalanced ')' in "check=a)"`},
		{in: "default='a,b", err: `unterminated ' quote in "default='a,b"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := layout.SplitOptions(tt.in)
			if tt.err != "" {
				require.EqualError(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestHasOption(t *testing.T) {
	for _, tc := range []struct {
		tag  string
		key  string
		want bool
	}{
		{"json", "json", true},
		{" pk , json ", "json", true},
		{"default='a,json'", "json", false}, // inside a value
		{"check=(x in ('json', 'b')),json", "json", true},
		{"jsonb", "json", false},
		{"identity=always", "identity", true},
		{"type=numeric(10,2", "type", false}, // malformed: none, the schema reader says why
		{"", "json", false},
	} {
		if got := layout.HasOption(tc.tag, tc.key); got != tc.want {
			t.Errorf("HasOption(%q, %q) = %v, want %v", tc.tag, tc.key, got, tc.want)
		}
	}
}
