"""The maps: the staff map and the public « trouver un accueil », their lists and GeoJSON — docs/architecture.md §2."""
