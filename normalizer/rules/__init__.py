"""The rule registry.

Every module in this package that defines a :class:`~normalizer.rules.base.Rule`
subclass with an ``id`` is a rule; the registry finds them, so adding a rule is
adding one module (and its defaults in ``resources/rules.toml``).
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from .base import Fix, IssueRule, PageRule, Rule, TextRule

__all__ = ["Fix", "IssueRule", "PageRule", "Rule", "TextRule", "all_rules", "get_rule"]


@lru_cache(maxsize=1)
def all_rules() -> dict[str, type[Rule]]:
    """Every rule class by id, in pipeline order."""
    found: dict[str, type[Rule]] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, Rule)
                and obj.id
                and obj.__module__ == module.__name__
            ):
                if obj.id in found and found[obj.id] is not obj:
                    raise RuntimeError(f"two rules share the id {obj.id}")
                found[obj.id] = obj
    return dict(sorted(found.items(), key=lambda kv: (kv[1].order, kv[0])))


def get_rule(rule_id: str) -> type[Rule]:
    try:
        return all_rules()[rule_id]
    except KeyError:
        raise KeyError(f"no rule {rule_id}; known: {', '.join(all_rules())}") from None
