package schema

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/sqlmap-go/sqlmap/internal/layout"
)

// LoadModels reads a desired schema from the Go packages matching patterns
// (default "."), resolved from dir. The packages are parsed and
// type-checked, never compiled into a program or run, so models can be read
// from a module that does not build as a whole.
//
// A struct type is a table when its doc comment has a line
// "//sqlmap:table NAME", or when it declares (not merely promotes, so that
// a struct embedding a model is not a second model) a TableName() string
// method whose body is "return <constant string>". Its doc comment may also
// hold sqlmap:pk, sqlmap:unique, sqlmap:index, sqlmap:check and
// sqlmap:comment directives; sqlmap:enum directives may be in any comment
// of the package.
//
// Sources are "models/user.go:12", relative to dir. Every mistake found is
// reported, each naming its file:line, joined into one error.
//
// Of several packages matched (./...), only those whose source mentions
// a model (sqlmap:table, sqlmap:enum or a TableName method) are
// type-checked: a compile error in a main package or a handler is not the
// draft's business.
func LoadModels(ctx context.Context, dir string, patterns ...string) (*Schema, error) {
	patterns, err := modelPackages(ctx, dir, patterns)
	if err != nil {
		return nil, err
	}
	pkgs, env, err := loadPackages(ctx, dir, patterns)
	if err != nil {
		return nil, err
	}
	var (
		errs  errList
		defs  []tableDef
		enums []directive
	)
	for _, pkg := range pkgs {
		env.fset = pkg.Fset
		r := pkgReader{pkg: pkg, env: env, errs: &errs}
		r.read()
		defs = append(defs, r.defs...)
		enums = append(enums, r.enums...)
	}
	return finish(errs, defs, enums)
}

// modelPackages narrows patterns that match several packages to those
// that may declare models, by their text: a cheap test that errs only
// towards loading a package too many. Patterns matching one package, or
// none that mentions a model, are kept as given, for loadPackages to
// report on.
func modelPackages(ctx context.Context, dir string, patterns []string) ([]string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("schema: load models: %w", err)
	}
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	cfg := &packages.Config{Context: ctx, Dir: abs, Mode: packages.NeedName | packages.NeedFiles}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil || len(pkgs) <= 1 {
		return patterns, nil // loadPackages says what is wrong
	}
	var keep []string
	for _, pkg := range pkgs {
		if pkg.PkgPath != "" && mentionsModels(pkg.GoFiles) {
			keep = append(keep, pkg.PkgPath)
		}
	}
	if len(keep) == 0 {
		return patterns, nil
	}
	return keep, nil
}

var modelMarkers = [][]byte{[]byte("sqlmap:table"), []byte("sqlmap:enum"), []byte("TableName()")}

func mentionsModels(files []string) bool {
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return true // let the type checker report it
		}
		for _, m := range modelMarkers {
			if bytes.Contains(data, m) {
				return true
			}
		}
	}
	return false
}

// loadPackages parses and type-checks the packages matching patterns
// (default "."), resolved from dir, in package path order; their errors
// come back joined, each at its file:line.
func loadPackages(ctx context.Context, dir string, patterns []string) ([]*packages.Package, *loadEnv, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("schema: load models: %w", err)
	}
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	cfg := &packages.Config{
		Context: ctx,
		Dir:     abs,
		Mode:    packages.NeedName | packages.NeedTypes | packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedFiles,
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, nil, fmt.Errorf("schema: load models %s: %w", strings.Join(patterns, " "), err)
	}
	if len(pkgs) == 0 {
		return nil, nil, fmt.Errorf("schema: load models: %s matched no packages", strings.Join(patterns, " "))
	}
	slices.SortFunc(pkgs, func(a, b *packages.Package) int { return strings.Compare(a.PkgPath, b.PkgPath) })

	env := &loadEnv{dir: abs}
	var errs errList
	for _, pkg := range pkgs {
		errs = append(errs, env.loadErrors(pkg)...)
	}
	if len(errs) > 0 {
		return nil, nil, errs.err()
	}
	return pkgs, env, nil
}

// loadEnv turns positions into the sources and messages of LoadModels.
type loadEnv struct {
	fset *token.FileSet
	dir  string
}

func (e *loadEnv) pos(p token.Pos) string {
	pp := e.fset.Position(p)
	if !pp.IsValid() {
		return "-"
	}
	return e.rel(pp.Filename) + ":" + strconv.Itoa(pp.Line)
}

// rel shortens paths under dir; a file elsewhere (an embedded struct from a
// dependency) keeps its full path, which is clearer than a chain of "..".
func (e *loadEnv) rel(file string) string {
	r, err := filepath.Rel(e.dir, file)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return file
	}
	return filepath.ToSlash(r)
}

// errPosRE is the "file:line[:col]" of a packages.Error.
var errPosRE = regexp.MustCompile(`^(.*?):(\d+)(?::\d+)?$`)

// loadErrors reports a package's errors as file:line messages. Reading
// types from export data makes go list compile the package too, which
// repeats the parser's and type checker's errors without a position of
// their own; those copies are dropped.
func (e *loadEnv) loadErrors(pkg *packages.Package) []error {
	checked := slices.ContainsFunc(pkg.Errors, func(pe packages.Error) bool {
		return pe.Kind == packages.ParseError || pe.Kind == packages.TypeError
	})
	var errs []error
	seen := map[string]bool{}
	for _, pe := range pkg.Errors {
		if checked && pe.Kind != packages.ParseError && pe.Kind != packages.TypeError {
			continue
		}
		where := pkg.PkgPath
		if where == "" {
			where = pkg.ID
		}
		if m := errPosRE.FindStringSubmatch(pe.Pos); m != nil {
			where = e.rel(m[1]) + ":" + m[2]
		}
		msg := fmt.Sprintf("schema: %s: %s", where, pe.Msg)
		if !seen[msg] {
			seen[msg] = true
			errs = append(errs, errors.New(msg))
		}
	}
	return errs
}

// pkgReader finds the tables and enums of one package.
type pkgReader struct {
	pkg   *packages.Package
	env   *loadEnv
	errs  *errList
	defs  []tableDef
	enums []directive
	funcs map[*types.Func]*ast.FuncDecl
}

// structSpec is a struct type declaration and its doc comments.
type structSpec struct {
	spec *ast.TypeSpec
	obj  *types.TypeName
	dirs []directive
}

func (r *pkgReader) read() {
	info := r.pkg.TypesInfo
	r.funcs = map[*types.Func]*ast.FuncDecl{}
	var structs []*structSpec
	for _, f := range r.pkg.Syntax {
		// Directives other than enums belong to the struct whose doc
		// comment holds them; a type group's doc belongs to its type only
		// when the group has one.
		docOf := map[*ast.CommentGroup]*structSpec{}
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.FuncDecl:
				if fn, ok := info.Defs[decl.Name].(*types.Func); ok {
					r.funcs[fn] = decl
				}
			case *ast.GenDecl:
				if decl.Tok != token.TYPE {
					continue
				}
				for _, spec := range decl.Specs {
					ts := spec.(*ast.TypeSpec)
					obj, ok := info.Defs[ts.Name].(*types.TypeName)
					if !ok || ts.Assign.IsValid() || ts.TypeParams != nil {
						continue
					}
					if _, isStruct := obj.Type().Underlying().(*types.Struct); !isStruct {
						continue
					}
					s := &structSpec{spec: ts, obj: obj}
					structs = append(structs, s)
					if decl.Doc != nil && len(decl.Specs) == 1 {
						docOf[decl.Doc] = s
					}
					if ts.Doc != nil {
						docOf[ts.Doc] = s
					}
				}
			}
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if !strings.HasPrefix(c.Text, "//sqlmap:") {
					continue
				}
				where := r.env.pos(c.Pos())
				dir, err := parseDirective(c.Text[len("//"):])
				if err != nil {
					r.errs.add("%s: %w", where, err)
					continue
				}
				dir.source = where
				if dir.verb == dirEnum {
					r.enums = append(r.enums, dir)
					continue
				}
				s, ok := docOf[cg]
				if !ok {
					r.errs.add("%s: %s must be in the doc comment of a struct type", where, dir.label())
					continue
				}
				s.dirs = append(s.dirs, dir)
			}
		}
	}
	for _, s := range structs {
		r.table(s)
	}
}

func (r *pkgReader) table(s *structSpec) {
	where := r.env.pos(s.spec.Name.Pos())
	name, err := tableName(s.dirs)
	if err != nil {
		*r.errs = append(*r.errs, err)
		return
	}
	method, found, err := r.tableNameMethod(s.obj)
	if err != nil {
		*r.errs = append(*r.errs, err)
		return
	}
	if found {
		if name != "" && name != method {
			r.errs.add("%s: sqlmap:table %s disagrees with TableName() %q", where, name, method)
			return
		}
		name = method
	}
	if name == "" {
		if len(s.dirs) > 0 {
			r.errs.add("%s: %s on %s, which is not a table: add //sqlmap:table NAME", s.dirs[0].source, s.dirs[0].label(), s.obj.Name())
		}
		return
	}
	r.defs = append(r.defs, tableDef{
		name:       name,
		source:     where,
		typ:        typesType{t: s.obj.Type(), env: r.env},
		directives: s.dirs,
	})
}

// tableNameMethod reads the constant a TableName() string method declared
// on the type returns. A method with another signature is not the one
// FromStructs would call, so it does not count.
func (r *pkgReader) tableNameMethod(obj *types.TypeName) (name string, found bool, err error) {
	named, ok := obj.Type().(*types.Named)
	if !ok {
		return "", false, nil
	}
	for i := 0; i < named.NumMethods(); i++ {
		m := named.Method(i)
		if m.Name() != "TableName" {
			continue
		}
		sig := m.Type().(*types.Signature)
		if sig.Params().Len() != 0 || sig.Results().Len() != 1 ||
			!types.Identical(sig.Results().At(0).Type(), types.Typ[types.String]) {
			return "", false, nil
		}
		where := r.env.pos(m.Pos())
		bad := fmt.Errorf("schema: %s: %s.TableName must be a single return of a constant string, so that it can be read without running it", where, obj.Name())
		fd := r.funcs[m]
		if fd == nil || fd.Body == nil || len(fd.Body.List) != 1 {
			return "", false, bad
		}
		ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
		if !ok || len(ret.Results) != 1 {
			return "", false, bad
		}
		tv := r.pkg.TypesInfo.Types[ret.Results[0]]
		if tv.Value == nil || tv.Value.Kind() != constant.String {
			return "", false, bad
		}
		name = constant.StringVal(tv.Value)
		if name == "" {
			return "", false, fmt.Errorf("schema: %s: %s.TableName returns an empty name", where, obj.Name())
		}
		return name, true, nil
	}
	return "", false, nil
}

// typesType is a goType for LoadModels.
type typesType struct {
	t   types.Type
	env *loadEnv
}

func (g typesType) under() types.Type { return types.Unalias(g.t).Underlying() }

var basicKinds = map[types.BasicKind]reflect.Kind{
	types.Bool:          reflect.Bool,
	types.Int:           reflect.Int,
	types.Int8:          reflect.Int8,
	types.Int16:         reflect.Int16,
	types.Int32:         reflect.Int32,
	types.Int64:         reflect.Int64,
	types.Uint:          reflect.Uint,
	types.Uint8:         reflect.Uint8,
	types.Uint16:        reflect.Uint16,
	types.Uint32:        reflect.Uint32,
	types.Uint64:        reflect.Uint64,
	types.Uintptr:       reflect.Uintptr,
	types.Float32:       reflect.Float32,
	types.Float64:       reflect.Float64,
	types.Complex64:     reflect.Complex64,
	types.Complex128:    reflect.Complex128,
	types.String:        reflect.String,
	types.UnsafePointer: reflect.UnsafePointer,
}

func (g typesType) kind() reflect.Kind {
	switch u := g.under().(type) {
	case *types.Basic:
		return basicKinds[u.Kind()] // Invalid for untyped kinds, which fields never have
	case *types.Pointer:
		return reflect.Pointer
	case *types.Slice:
		return reflect.Slice
	case *types.Array:
		return reflect.Array
	case *types.Map:
		return reflect.Map
	case *types.Chan:
		return reflect.Chan
	case *types.Signature:
		return reflect.Func
	case *types.Interface:
		return reflect.Interface
	case *types.Struct:
		return reflect.Struct
	}
	return reflect.Invalid
}

func (g typesType) elem() goType {
	var e types.Type
	switch u := g.under().(type) {
	case *types.Pointer:
		e = u.Elem()
	case *types.Slice:
		e = u.Elem()
	case *types.Array:
		e = u.Elem()
	case *types.Map:
		e = u.Elem()
	case *types.Chan:
		e = u.Elem()
	default:
		panic("schema: elem of " + g.String())
	}
	return typesType{t: e, env: g.env}
}

func (g typesType) arrayLen() int { return int(g.under().(*types.Array).Len()) }

func (g typesType) named() (string, string) {
	n, ok := types.Unalias(g.t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return "", "" // unnamed, or predeclared (error)
	}
	return n.Obj().Pkg().Path(), n.Obj().Name()
}

func (g typesType) numField() int { return g.under().(*types.Struct).NumFields() }

func (g typesType) field(i int) goField {
	s := g.under().(*types.Struct)
	v := s.Field(i)
	where := g.env.pos(v.Pos())
	return goField{
		name:      v.Name(),
		anonymous: v.Embedded(),
		exported:  v.Exported(),
		tag:       reflect.StructTag(s.Tag(i)),
		typ:       typesType{t: v.Type(), env: g.env},
		source:    where,
		where:     where + ": field " + v.Name(),
	}
}

// scalar is the scanner's rule ([layout.ScansItself]) on go/types.
func (g typesType) scalar() bool {
	t := deref(g).(typesType)
	pkg, name := t.named()
	ms := types.NewMethodSet(types.NewPointer(types.Unalias(t.t)))
	methods := make([]string, ms.Len())
	for i := range methods {
		methods[i] = ms.At(i).Obj().Name()
	}
	return layout.ScansItself(t.kind() == reflect.Struct, pkg, name, methods)
}

func (g typesType) key() any { return types.TypeString(g.t, nil) }

func (g typesType) String() string {
	return types.TypeString(g.t, func(p *types.Package) string { return p.Name() })
}
