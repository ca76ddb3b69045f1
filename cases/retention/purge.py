"""Deleting every row of a case: the models with a foreign-key path to it,
found from the models themselves, so a table added later is deleted too.

Django's own cascade cannot do it: many relations inside a case are PROTECT
(a charge protects its offence, a clinic action its deadline), which stops
any deletion of the case. Here each table's rows of the case are found
first, then deleted one statement per table; PostgreSQL checks the foreign
keys (deferred, as Django creates them) when the transaction commits, so
the order does not matter and anything missed would fail the commit.

Append-only tables (the contact log) refuse DELETE from the application:
the app that owns one registers how its rows of a deleted case are removed
(``append_only_register``), through a database function that allows only
that case's rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

from cases.models import CaseFile

# One model's relation towards the case: (the model holding the foreign key,
# the field).
Edge = tuple[type[models.Model], models.ForeignKey[models.Model, models.Model]]


@dataclass(frozen=True)
class AppendOnly:
    """Tables (model labels, lower case) whose rows of a deleted case only
    ``remove(case_id)`` may delete."""

    labels: frozenset[str]
    remove: Callable[[int], None]


APPEND_ONLY: list[AppendOnly] = []


def append_only_register(entry: AppendOnly) -> None:
    if entry not in APPEND_ONLY:
        APPEND_ONLY.append(entry)


def _edges_into(model: type[models.Model]) -> list[Edge]:
    """The foreign keys (and one-to-ones) of other models pointing at ``model``,
    hidden ones too (``related_name="+"``, many-to-many tables)."""
    edges: list[Edge] = []
    for field in model._meta.get_fields(include_hidden=True):
        if (field.one_to_many or field.one_to_one) and field.auto_created and not field.concrete:
            related = field.related_model
            remote = field.remote_field
            if isinstance(related, type) and isinstance(remote, models.ForeignKey):
                edges.append((related, remote))
    return edges


def case_graph() -> list[tuple[type[models.Model], list[Edge]]]:
    """Every model with a foreign-key path to ``CaseFile``, parents before
    children, each with the relations that lead to it from models earlier in
    the list (a relation of a model to itself included)."""
    reached: dict[type[models.Model], list[Edge]] = {CaseFile: []}
    queue: list[type[models.Model]] = [CaseFile]
    while queue:
        parent = queue.pop()
        for child, field in _edges_into(parent):
            if child not in reached:
                reached[child] = []
                queue.append(child)
            reached[child].append((parent, field))
    # Parents first (Kahn's order, a model's relation to itself set aside).
    waiting = {model: {p for p, _ in edges if p is not model} for model, edges in reached.items()}
    order: list[type[models.Model]] = []
    while waiting:
        ready = sorted((m for m, parents in waiting.items() if not parents), key=_label)
        if not ready:
            raise RuntimeError("The models of a case have a cycle of foreign keys")
        for model in ready:
            order.append(model)
            del waiting[model]
            for parents in waiting.values():
                parents.discard(model)
    return [(model, reached[model]) for model in order]


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _deletes(field: models.ForeignKey[models.Model, models.Model]) -> bool:
    """A relation whose rows go with what they point at. SET_NULL ones
    (a notification's reminder) only lose the link."""
    return field.remote_field.on_delete not in (models.SET_NULL, models.SET_DEFAULT)


def case_rows(case_id: int) -> dict[type[models.Model], set[object]]:
    """The primary keys of every row of the case, model by model: one query
    per relation, whatever the number of rows."""
    rows: dict[type[models.Model], set[object]] = {CaseFile: {case_id}}
    for model, edges in case_graph():
        if model is CaseFile:
            continue
        found: set[object] = set()
        for parent, field in edges:
            if parent is model or not _deletes(field) or not rows.get(parent):
                continue
            found |= set(
                model._default_manager.filter(**{f"{field.name}__in": rows[parent]}).values_list(
                    "pk", flat=True
                )
            )
        # Rows pointing at rows of their own model (a correction, a follow-up).
        for parent, field in edges:
            if parent is model and _deletes(field):
                new = found
                while new:
                    new = (
                        set(
                            model._default_manager.filter(**{f"{field.name}__in": new}).values_list(
                                "pk", flat=True
                            )
                        )
                        - found
                    )
                    found |= new
        rows[model] = found
    return rows


def case_rows_delete(case_id: int) -> dict[str, int]:
    """Delete every row of the case (inside the caller's transaction); the
    number deleted per model. Links from rows that outlive the case
    (SET_NULL relations) are cleared first."""
    graph = case_graph()
    rows = case_rows(case_id)
    counts: dict[str, int] = {}
    for model, edges in graph:
        for parent, field in edges:
            if not _deletes(field) and rows.get(parent):
                model._default_manager.filter(**{f"{field.name}__in": rows[parent]}).exclude(
                    pk__in=rows.get(model, set())
                ).update(**{field.name: None})
    protected = {label for entry in APPEND_ONLY for label in entry.labels}
    for entry in APPEND_ONLY:
        entry.remove(case_id)
    # Children first, as a reader would expect (the database does not mind).
    for model, _ in reversed(graph):
        ids = rows.get(model)
        if not ids:
            continue
        counts[_label(model)] = len(ids)
        if _label(model) in protected:
            continue
        queryset = model._default_manager.filter(pk__in=ids)
        queryset._raw_delete(queryset.db)
    return counts
