"""Engineering support for municipalities: the public request, its follow-up by the Département, the note de
restitution — docs/architecture.md §2."""
