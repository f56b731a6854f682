"""The bundled example workbooks as data (seeds 000, 003 and 001), in 元.

Each module defines OUTPUT (file name), KIND ('budget' or 'final') and DATA (sheet
name -> rows or label -> value, keyed by the workbook's Chinese headers). They make
inputs/ (tools/make_examples.py) and `disclosure init --example`.
"""

# The example `disclosure init --example` writes for each kind.
BY_KIND = {"budget": "datong_kjj_2024", "final": "shuozhou_kjj_2024"}
