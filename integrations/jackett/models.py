"""Jackett's Torznab answers as Tilewire reads them (XML, parsed without DTDs or entities):
``t=indexers`` lists the indexers, an error is ``<error code="..." description="..."/>``
(ResultsController.cs, Jackett 0.24.2440)."""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring


@dataclass(frozen=True, slots=True)
class Indexer:
    id: str
    title: str
    type: str
    """public, private or semi-private."""
    language: str


@dataclass(frozen=True, slots=True)
class TorznabError:
    code: str
    description: str


def parse(content: bytes) -> Element | None:
    """The document's root, or None when it is no XML (or declares entities)."""
    try:
        root: Element = fromstring(content)
    except (ParseError, DefusedXmlException, ValueError):
        return None
    return root


def indexers_of(root: Element) -> list[Indexer]:
    return [
        Indexer(
            id=item.get("id", ""),
            title=(item.findtext("title") or item.get("id") or "").strip(),
            type=(item.findtext("type") or "").strip(),
            language=(item.findtext("language") or "").strip(),
        )
        for item in root.iter("indexer")
    ]


def error_of(root: Element) -> TorznabError | None:
    if root.tag != "error":
        return None
    return TorznabError(root.get("code", ""), root.get("description", ""))
