"""Pengaturan: the office and camat, users, reference lists, the audit trail, security
settings, backups, data protection and retention (the page: :mod:`.halaman`).

Kept empty so that the helpers other pages use (:mod:`.common`) load without every settings
tab (the backup, data-protection and retention tabs bring the report writers with them): the
start of the app stays short.
"""
