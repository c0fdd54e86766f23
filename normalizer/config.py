"""Rule settings: shipped defaults from ``resources/rules.toml``, overridden by an
editor's TOML file and by the command line."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .resources import load_toml
from .rules import Rule, all_rules

DEFAULTS_FILE = "rules.toml"


class ConfigError(ValueError):
    pass


@dataclass
class Config:
    rules: dict[str, dict] = field(default_factory=dict)  # id -> {"enabled": bool, options...}
    accept_above: float | None = None
    max_bytes: int = 16 * 1024 * 1024

    @classmethod
    def load(
        cls,
        user_file: str | Path | None = None,
        disable: tuple[str, ...] | list[str] = (),
        enable: tuple[str, ...] | list[str] = (),
        accept_above: float | None = None,
    ) -> "Config":
        data = load_toml(DEFAULTS_FILE)
        rules = {rid: dict(opts) for rid, opts in data.get("rules", {}).items()}
        max_bytes = int(data.get("input", {}).get("max_bytes", cls.max_bytes))
        known = all_rules()
        for rid in known:
            rules.setdefault(rid, {"enabled": False})
        if user_file is not None:
            try:
                with open(user_file, "rb") as fh:
                    user = tomllib.load(fh)
            except OSError as exc:
                raise ConfigError(f"{user_file}: cannot read rule settings: {exc.strerror}") from exc
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"{user_file}: not valid TOML: {exc}") from exc
            for rid, opts in user.get("rules", {}).items():
                if rid not in known:
                    raise ConfigError(f"{user_file}: unknown rule {rid}")
                rules[rid].update(opts)
            if "max_bytes" in user.get("input", {}):
                max_bytes = int(user["input"]["max_bytes"])
            if accept_above is None and "accept_above" in user.get("suggestions", {}):
                accept_above = float(user["suggestions"]["accept_above"])
        for rid in disable:
            if rid not in known:
                raise ConfigError(f"unknown rule {rid}")
            rules[rid]["enabled"] = False
        for rid in enable:
            if rid not in known:
                raise ConfigError(f"unknown rule {rid}")
            rules[rid]["enabled"] = True
        if accept_above is not None and not 0.0 <= accept_above <= 1.0:
            raise ConfigError("--accept-above takes a score from 0 to 1")
        return cls(rules=rules, accept_above=accept_above, max_bytes=max_bytes)

    def is_enabled(self, rule_id: str) -> bool:
        return bool(self.rules.get(rule_id, {}).get("enabled", False))

    def options(self, rule_id: str) -> dict:
        return {k: v for k, v in self.rules.get(rule_id, {}).items() if k != "enabled"}

    def active_rules(self) -> list[Rule]:
        return [cls(self.options(rid)) for rid, cls in all_rules().items() if self.is_enabled(rid)]
