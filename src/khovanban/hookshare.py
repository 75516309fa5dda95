"""Sharing one build's state between adapters (hooks) without importing each other.

MkDocs loads each hook file as a separate module; a hook that needs what another computed
(the registry, the citation graph) asks for it by accessor name. Generic over any mapping
of loaded modules, so the package stays free of MkDocs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def shared_value(hooks: Mapping[str, Any] | Any, accessor: str) -> Any:
    """What the first loaded hook that has ``accessor()`` returns for this build, or None.

    None also when that hook has not computed it yet in this build (a KeyError inside).
    """
    modules = hooks.values() if isinstance(hooks, Mapping) else ()
    for module in modules:
        function = getattr(module, accessor, None)
        if callable(function):
            try:
                return function()
            except KeyError:
                return None
    return None
