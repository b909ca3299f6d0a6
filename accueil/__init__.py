"""The reception desk: passages and their motifs, orientations (fiches de liaison) and their loop —
docs/architecture.md §2."""
