package layout_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/sqlmap-go/sqlmap/internal/layout"
)

// rtype is reflection as a layout.Type, as the scanner sees types.
type rtype struct{ t reflect.Type }

func (r rtype) Kind() reflect.Kind { return r.t.Kind() }
func (r rtype) Elem() layout.Type  { return rtype{r.t.Elem()} }
func (r rtype) NumField() int      { return r.t.NumField() }
func (r rtype) Key() any           { return r.t }
func (r rtype) String() string     { return r.t.String() }
func (r rtype) ScansItself() bool {
	t := r.t
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return layout.ScansItself(t.Kind() == reflect.Struct, t.PkgPath(), t.Name(), nil)
}
func (r rtype) Field(i int) layout.Field {
	sf := r.t.Field(i)
	return layout.Field{Name: sf.Name, Tag: sf.Tag, Anonymous: sf.Anonymous, Exported: sf.IsExported(), Type: rtype{sf.Type}, Data: sf}
}

func walk(v any, flat bool) (cols []string, problems []string) {
	cs, ps := layout.Walk(rtype{reflect.TypeOf(v)}, layout.Options{Flat: flat, ColumnName: strings.ToLower})
	for _, c := range cs {
		var path []string
		for _, f := range c.Path {
			path = append(path, f.Name)
		}
		cols = append(cols, c.Name+"="+strings.Join(path, "."))
	}
	for _, p := range ps {
		problems = append(problems, []string{"", "cycle", "nested", "pointer-to-pointer", "same-column"}[p.Kind]+" "+p.Path[len(p.Path)-1].Name)
	}
	return cols, problems
}

type Base struct {
	ID      int64
	Created time.Time
}

type Address struct {
	City string
	Zip  string `db:"postcode"`
}

type User struct {
	Base
	Name    string
	secret  string
	Skip    string  `db:"-"`
	Home    Address `db:"home"`
	Work    *Address
	Meta    Address `sqlmap:"json"`
	Renamed string  `db:"full_name,omitempty"`
}

type Shadow struct {
	Base
	ID string // shallower than Base.ID: wins
}

type Twice struct {
	A Address `db:"-"`
	B struct {
		City string
	} `db:"x"`
	C struct {
		City string
	} `db:"x"`
}

type Node struct {
	Name string
	Next *Node
}

type PtrPtr struct{ A **Address }

func TestWalk(t *testing.T) {
	_ = User{}.secret
	cols, problems := walk(User{}, false)
	assert.Equal(t, []string{
		"id=Base.ID", "created=Base.Created", "name=Name",
		"home.city=Home.City", "home.postcode=Home.Zip",
		"work.city=Work.City", "work.postcode=Work.Zip",
		"meta=Meta", "full_name=Renamed",
	}, cols)
	assert.Empty(t, problems)

	cols, problems = walk(User{}, true)
	assert.Equal(t, []string{"id=Base.ID", "created=Base.Created", "name=Name", "meta=Meta", "full_name=Renamed"}, cols)
	assert.Equal(t, []string{"nested Home", "nested Work"}, problems)

	cols, problems = walk(Shadow{}, false)
	assert.Equal(t, []string{"created=Base.Created", "id=ID"}, cols)
	assert.Empty(t, problems)

	_, problems = walk(Twice{}, false)
	assert.Equal(t, []string{"same-column City"}, problems)

	cols, problems = walk(Node{}, false)
	assert.Equal(t, []string{"name=Name"}, cols)
	assert.Equal(t, []string{"cycle Next"}, problems)

	_, problems = walk(PtrPtr{}, false)
	assert.Equal(t, []string{"pointer-to-pointer A"}, problems)
}
