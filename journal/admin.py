# Couple data is deliberately absent from the admin: operators never read a journal.
