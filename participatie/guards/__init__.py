"""Strange input refused before it reaches a domain: bodies over the size limit (a WSGI
guard, `body.py`), NUL characters in the address (`nul.py`), JSON nested too deeply
(`nesting.py`) and text that is empty once its invisible characters are gone (`text.py`).
Each answers with a clear 400 or 413: problem details under /api/, a short page elsewhere."""
