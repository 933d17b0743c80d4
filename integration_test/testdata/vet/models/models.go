// Package models holds the structs the vet fixtures' queries return.
package models

import "time"

type Author struct {
	ID   int64
	Name string
	Bio  *string
}

type Book struct {
	ID          int64
	AuthorID    int64
	ISBN        string
	Kind        string
	Title       string
	Year        int32
	PublishedAt *time.Time
	Tags        []string
}

// BookWithAuthor is a book and, through a LEFT JOIN, its author: the
// scanner leaves Author nil when all its columns are NULL.
type BookWithAuthor struct {
	Book
	Author *Author `db:"author"`
}

// AuthorBio wrongly holds a nullable column in a string.
type AuthorBio struct {
	ID   int64
	Name string
	Bio  string
}

// AuthorCount wrongly holds a text column in an int64.
type AuthorCount struct {
	Name  int64
	Books int64
}
