"""What the workers of `chatbot serve --workers N` share: the app's modules, imported once before they fork.

uvicorn starts each worker as a fresh interpreter (spawn), which imports everything again. `serve` has it start
them from a fork server instead (`multiprocessing`'s forkserver, a single-threaded process that imports this module
first): each worker is a fork of it, so the imported code and data are pages they share until one writes them.
`gc.freeze()` moves those objects out of the collector's reach, so a collection in a worker does not write to
(and so copy) the shared pages.
"""

from __future__ import annotations

import gc

import chatbot.app  # noqa: F401  (imported for its side effect: the modules every worker needs)

gc.freeze()
