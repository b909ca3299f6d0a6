"""The two broker outages users meet (docs/securite.md §26), for the tests and bench/enregistrement_panne.py: a
port where nothing listens, and a listener that accepts and never answers. Both stay on 127.0.0.1."""

import contextlib
import socket
import threading


@contextlib.contextmanager
def trou_noir():
    """A broker that accepts connections and never answers (a frozen Redis, a dead host behind a NAT)."""
    serveur = socket.create_server(("127.0.0.1", 0), backlog=64)
    clients = []
    arret = threading.Event()

    def accepter():
        serveur.settimeout(0.1)
        while not arret.is_set():
            try:
                clients.append(serveur.accept()[0])  # kept open, never read, never answered
            except TimeoutError:
                continue
            except OSError:
                return

    fil = threading.Thread(target=accepter, daemon=True)
    fil.start()
    try:
        yield f"redis://127.0.0.1:{serveur.getsockname()[1]}/0"
    finally:
        arret.set()
        fil.join(timeout=5)
        for c in clients:
            c.close()
        serveur.close()


def port_ferme():
    """A port nothing listens on: the connection is refused at once."""
    with socket.create_server(("127.0.0.1", 0)) as s:
        return f"redis://127.0.0.1:{s.getsockname()[1]}/0"
