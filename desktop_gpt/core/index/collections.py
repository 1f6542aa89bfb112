"""Collections: named groups of documents (a matter, a project, a course), kept in one JSON file.

A collection holds document ids, so a document keeps its collections when a watched folder moves it
(its id stays). A removed document leaves every collection: :meth:`CollectionStore.list` drops ids
that are no longer in the library when it is given them, and the next write keeps only the rest.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from desktop_gpt.core.app.damaged import set_aside, what_is_wrong
from desktop_gpt.core.app.errors import StoreError
from desktop_gpt.core.app.files import atomic_write_text

COLLECTIONS_SCHEMA = 1
MAX_NAME = 80
Mutable = list["Collection"]


class CollectionError(StoreError):
    """A collection action that cannot be done as asked (no such collection, a duplicate name)."""


@dataclass(frozen=True)
class Collection:
    collection_id: str
    name: str
    doc_ids: tuple[str, ...] = ()
    created: float = field(default_factory=time.time)

    def to_json(self) -> dict[str, Any]:
        return {
            "collection_id": self.collection_id,
            "name": self.name,
            "doc_ids": list(self.doc_ids),
            "created": self.created,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Collection:
        return cls(
            collection_id=str(data["collection_id"]),
            name=str(data["name"]),
            doc_ids=tuple(str(d) for d in data.get("doc_ids", ())),
            created=float(data.get("created", time.time())),
        )


def collection_name(text: str) -> str:
    name = " ".join(text.split())[:MAX_NAME]
    if not name:
        raise CollectionError("A collection needs a name.")
    return name


class CollectionStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.notices: list[str] = []
        self._lock = threading.Lock()

    def _read(self) -> list[Collection]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return [Collection.from_json(c) for c in data.get("collections", [])]
        except FileNotFoundError:
            return []
        except (ValueError, KeyError, TypeError, AttributeError) as exc:  # UnicodeDecodeError is a ValueError
            notice = set_aside(self.path, "The collections file", what_is_wrong(exc), "collections start empty")
            if notice not in self.notices:
                self.notices.append(notice)
            return []

    def _write(self, collections: list[Collection]) -> None:
        data = {"schema_version": COLLECTIONS_SCHEMA, "collections": [c.to_json() for c in collections]}
        atomic_write_text(
            self.path,
            json.dumps(data, ensure_ascii=False, indent=1),
            lambda why: StoreError(f"The collections could not be saved: {why}. They are kept as they were."),
        )

    def list(self, known_doc_ids: Iterable[str] | None = None) -> list[Collection]:
        """All collections by name; with ``known_doc_ids``, only the documents still in the library."""
        with self._lock:
            found = self._read()
        if known_doc_ids is not None:
            known = set(known_doc_ids)
            found = [replace(c, doc_ids=tuple(d for d in c.doc_ids if d in known)) for c in found]
        return sorted(found, key=lambda c: c.name.casefold())

    def find(self, ref: str) -> Collection:
        """A collection by id or name (names compare without regard to case)."""
        for c in self.list():
            if ref in (c.collection_id,) or c.name.casefold() == " ".join(ref.split()).casefold():
                return c
        raise CollectionError(f"There is no collection named {ref!r}.")

    def _change(self, mutate: Callable[[Mutable], Collection]) -> Collection:
        with self._lock:
            collections = self._read()
            result = mutate(collections)
            self._write(collections)
            return result

    def create(self, name: str, doc_ids: Iterable[str] = ()) -> Collection:
        name = collection_name(name)

        def mutate(collections: Mutable) -> Collection:
            if any(c.name.casefold() == name.casefold() for c in collections):
                raise CollectionError(f"A collection named {name!r} already exists.")
            new = Collection(uuid.uuid4().hex[:12], name, tuple(dict.fromkeys(doc_ids)))
            collections.append(new)
            return new

        return self._change(mutate)

    def _edit(self, ref: str, edit: Callable[[Collection], Collection]) -> Collection:
        target = self.find(ref)

        def mutate(collections: Mutable) -> Collection:
            for i, c in enumerate(collections):
                if c.collection_id == target.collection_id:
                    collections[i] = edit(c)
                    return collections[i]
            raise CollectionError(f"There is no collection named {ref!r}.")

        return self._change(mutate)

    def add(self, ref: str, doc_ids: Iterable[str]) -> Collection:
        return self._edit(ref, lambda c: replace(c, doc_ids=tuple(dict.fromkeys([*c.doc_ids, *doc_ids]))))

    def remove_documents(self, ref: str, doc_ids: Iterable[str]) -> Collection:
        gone = set(doc_ids)
        return self._edit(ref, lambda c: replace(c, doc_ids=tuple(d for d in c.doc_ids if d not in gone)))

    def rename(self, ref: str, name: str) -> Collection:
        name = collection_name(name)
        others = [c for c in self.list() if c.name.casefold() == name.casefold()]
        if others and others[0].collection_id != self.find(ref).collection_id:
            raise CollectionError(f"A collection named {name!r} already exists.")
        return self._edit(ref, lambda c: replace(c, name=name))

    def delete(self, ref: str) -> Collection:
        target = self.find(ref)

        def mutate(collections: Mutable) -> Collection:
            collections[:] = [c for c in collections if c.collection_id != target.collection_id]
            return target

        return self._change(mutate)
