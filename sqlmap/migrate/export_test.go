package migrate

// WriteStopped writes the pair as Write does, but stops just before its
// link number link (1 for the up file, 2 for the down file), leaving the
// folder as a kill there would.
func (p *Pair) WriteStopped(link int, up, down []byte) error {
	w := &fileWriter{what: "a migration", stopBeforeLink: link}
	return w.write([]newFile{{p.UpPath, up}, {p.DownPath, down}})
}

// ErrStopped is what WriteStopped returns.
var ErrStopped = errStopped
