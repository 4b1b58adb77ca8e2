"""jingan-kg: a knowledge graph of Jing'an District's plans, measures, bodies and targets.

Library first: `build(BuildConfig())`, `who(store, text)`; the `jingan-kg` CLI is a thin shell.
Imports are lazy so question commands stay fast.
"""

__version__ = "0.1.0"
