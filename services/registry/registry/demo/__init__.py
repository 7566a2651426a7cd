"""The demo community (枫林社区): loaded by `make run` into empty databases and by
`python -m registry.cli reset-demo`. Imports every context; only the CLI and tests import it."""

from registry.demo.community import is_loaded, load_demo

__all__ = ["is_loaded", "load_demo"]
