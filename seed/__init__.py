"""The Klaten reference data and fictional demo records, as CSV files the clerk's office can correct.

`load_seed()` upserts every row by its natural key (see seed/README.md), so running
`flask --app app seed` twice leaves the same rows; it never drops anything.
"""

from seed.loader import SEED_DIR, SeedError, load_seed

__all__ = ["SEED_DIR", "SeedError", "load_seed"]
