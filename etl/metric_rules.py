"""The catalog rules (data/reference/rules.toml) compiled into matchers.

A rule ties a number to the metric it counts by what follows it (the counted noun), what precedes it
(a hedge's verb, "out of"), and the action in its sentence. Rules are data; this module only
compiles them and checks that each names a metric of the catalog.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from etl.catalog import CatalogError, load_metrics
from etl.paths import REFERENCE_DIR
from etl.reference import read_table, trie_alternation

_FLAGS = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    metric: str
    kinds: frozenset[str]
    after: re.Pattern | None
    not_after: re.Pattern | None
    before: re.Pattern | None
    not_before: re.Pattern | None
    sentence: re.Pattern | None
    not_sentence: re.Pattern | None
    base: str | None
    derive: str | None
    scale: str | None = None
    status: str | None = None
    stock: bool = False
    needs: tuple[str, ...] = ()

    def fits(
        self,
        before: str,
        after: str,
        sentence: str,
        seen: dict | None = None,
        lowered: str | None = None,
    ) -> bool:
        """Does a mention with this text around it, inside its sentence, count this metric?

        The anchored tests run first; the clause tests, the costly ones, are remembered in
        `seen` (one dict per report), since the mentions of one clause share them."""
        if self.needs:
            lowered = sentence.lower() if lowered is None else lowered
            if not any(word in lowered for word in self.needs):
                return False
        return (
            (self.after is None or self.after.match(after) is not None)
            and (self.not_after is None or self.not_after.match(after) is None)
            and (self.before is None or self.before.search(before) is not None)
            and (self.not_before is None or self.not_before.search(before) is None)
            and (self.sentence is None or _found(self.sentence, sentence, seen))
            and (self.not_sentence is None or not _found(self.not_sentence, sentence, seen))
        )


@cache
def load_rules(path: Path = REFERENCE_DIR / "rules.toml") -> tuple[Rule, ...]:
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    fragments = {"province": province_names(), **raw.get("patterns", {})}
    metrics = load_metrics()
    rules = []
    for spec in raw.get("rules", []):
        rule_id = spec.get("id", "?")
        for key in ("metric", "base", "derive"):
            if spec.get(key) and spec[key] not in metrics:
                raise CatalogError(
                    f"{path}: rule {rule_id!r} names {key} {spec[key]!r}, which is not in metrics.toml; "
                    "add it there or fix the rule"
                )
        rules.append(
            Rule(
                id=rule_id,
                metric=spec["metric"],
                kinds=frozenset(spec["kinds"]),
                after=_compile(spec.get("after"), fragments, path, rule_id),
                not_after=_compile(spec.get("not_after"), fragments, path, rule_id),
                before=_compile(spec.get("before"), fragments, path, rule_id),
                not_before=_compile(spec.get("not_before"), fragments, path, rule_id),
                sentence=_compile(spec.get("sentence"), fragments, path, rule_id),
                not_sentence=_compile(spec.get("not_sentence"), fragments, path, rule_id),
                base=spec.get("base"),
                derive=spec.get("derive"),
                scale=_scale_spec(spec, metrics, path, rule_id),
                status=spec.get("status"),
                stock=bool(spec.get("stock", False)),
                needs=tuple(word.lower() for word in spec.get("needs", ())),
            )
        )
    return tuple(rules)


def _found(pattern: re.Pattern, text: str, seen: dict | None) -> bool:
    if seen is None:
        return pattern.search(text) is not None
    key = (id(pattern), text)
    hit = seen.get(key)
    if hit is None:
        hit = seen[key] = pattern.search(text) is not None
    return hit


def _scale_spec(spec: dict, metrics: dict, path: Path, rule_id: str) -> str | None:
    """`scale = "denominator_value"`: a share of the metric's fixed whole ("a third of the 34
    capitals") is read as that many of it."""
    scale = spec.get("scale")
    if scale is None:
        return None
    if scale != "denominator_value" or metrics[spec["metric"]].denominator_value is None:
        raise CatalogError(
            f"{path}: rule {rule_id!r} has scale {scale!r}; only 'denominator_value' is known, "
            "and its metric must give denominator_value in metrics.toml"
        )
    return scale


def preset_rule(rule_id: str, metric: str) -> Rule:
    """A rule that fits anything: for a mention whose metric its own reference entry names."""
    return Rule(rule_id, metric, frozenset(), *([None] * 6), None, None, stock=True)


@cache
def metric_needs(
    path: Path = REFERENCE_DIR / "rules.toml",
) -> tuple[re.Pattern | None, dict[str, frozenset[str]], frozenset[str]]:
    """[needs] as one pattern of every word, the metrics each word lets in, and the metrics
    without a list (always tried)."""
    with path.open("rb") as handle:
        needs = tomllib.load(handle).get("needs", {})
    lets_in: dict[str, set[str]] = {}
    for metric, words in needs.items():
        for word in words:
            lets_in.setdefault(word.lower(), set()).add(metric)
    # A trie: most positions of a clause fail on their first character.
    pattern = re.compile(trie_alternation(sorted(lets_in))) if lets_in else None
    free = frozenset(m for m in load_metrics() if m not in needs)
    # A found word also lets in the metrics of every listed word inside it ("servicemen" holds
    # "service"), as a plain substring test would.
    closed = {w: frozenset().union(*(ms for v, ms in lets_in.items() if v in w)) for w in lets_in}
    return pattern, closed, free


def metrics_a_clause_may_hold(lowered_clause: str) -> frozenset[str] | None:
    """The metrics whose [needs] words the clause holds (None: every metric may), in one pass."""
    pattern, lets_in, free = metric_needs()
    if pattern is None:
        return None
    found = set(free)
    for word in set(pattern.findall(lowered_clause)):
        found |= lets_in[" ".join(word.split())]
    return frozenset(found)


@cache
def _places() -> tuple[re.Pattern, dict[str, str]]:
    names: dict[str, str] = {}
    for row in read_table("gazetteer_provinces.csv"):
        for name in (row["capital"], *row["aliases"].split("|"), row["province"]):
            if name:
                names.setdefault(
                    name.lower(), row["capital"] if name != row["province"] else row["province"]
                )
    pattern = re.compile(rf"\b(?:{trie_alternation(sorted(names))})\b", re.IGNORECASE)
    return pattern, names


def place_in(text: str) -> str | None:
    """The first province or provincial capital of the gazetteer named in `text`, by its name."""
    pattern, names = _places()
    found = pattern.search(text)
    return names.get(" ".join(found.group().lower().split())) if found else None


@cache
def province_names() -> str:
    """An alternation of every province and provincial capital in the gazetteer, with aliases:
    the `{province}` fragment, so a rule can tell one province's districts from the country's."""
    names = set()
    for row in read_table("gazetteer_provinces.csv"):
        names.update([row["province"], row["capital"], *row["aliases"].split("|")])
    return trie_alternation(sorted(n for n in names if n))


@cache
def rules_by_kind() -> dict[str, tuple[Rule, ...]]:
    """The rules that read each mention kind, in catalog order."""
    rules = load_rules()
    kinds = sorted({kind for rule in rules for kind in rule.kinds})
    return {kind: tuple(rule for rule in rules if kind in rule.kinds) for kind in kinds}


def _compile(
    pattern: str | None, fragments: dict[str, str], path: Path, rule_id: str
) -> re.Pattern | None:
    if pattern is None:
        return None
    expanded = pattern
    for _ in range(5):  # fragments may name other fragments
        # A fragment is spliced in as a group, so its alternatives stay inside it.
        expanded = re.sub(
            r"\{(\w+)\}",
            lambda m: f"(?:{fragments[m.group(1)]})" if m.group(1) in fragments else m.group(0),
            expanded,
        )
    try:
        return re.compile(expanded, _FLAGS)
    except re.error as error:
        raise CatalogError(f"{path}: rule {rule_id!r} has a bad regex: {error}") from None
