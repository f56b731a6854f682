"""决算 (final accounts) disclosures: the same stages as `budget`, building on its shared parts
(sources, rows, rules and views the two kinds have in common). `kinds` registers it."""
