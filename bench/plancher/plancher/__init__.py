"""Floor ("plancher") for bench/passage_charge.py: the simplest Django project doing a reception POST.

One model of 15 fields, one 15-field form with CSRF, one view: GET renders the form, POST validates it
(one SELECT for the site), inserts one row and redirects (302). Default middleware, DEBUG off, persistent
connections. Served by the same gunicorn command as Relais.
"""
