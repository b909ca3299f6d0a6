"""See README: this app arrives with its issue; the foundation only registers it."""
