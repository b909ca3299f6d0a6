"""Writes on the network, one module per topic (as the views): ``check_`` validates and authorises, ``do_`` writes.

- ``droits``: who acts on the network (the lead, a structure's administrators);
- ``structures``: structures and their sites, the CSV import, contacts and services;
- ``membres``: invitations and memberships;
- ``charte``: versions of the charter, signatures and their document;
- ``evenements``: events, registrations, attendance and ratings;
- ``ressources``: shared resources and their versions.

Actions take explicit arguments (the views pass a form's cleaned data), queue work by task name
(``collectivites.envois.planifier``) and import no tasks module.
"""
