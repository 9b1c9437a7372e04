"""Atom feeds (RFC 4287): one per order (its customer updates) and one for the site
(its notices). Entry ids are tag: URIs (RFC 4151) made from the site's host, the page's
path and the moment, so they never change between builds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    updated: datetime
    link: str
    content_html: str
    published: datetime | None = None


def tag_uri(base_url: str, day: datetime, specific: str) -> str:
    host = urlsplit(base_url).hostname or "localhost"
    return f"tag:{host},{day.date().isoformat()}:{specific}"


def stamp(moment: datetime) -> str:
    return moment.isoformat()


def atom_feed(
    *,
    feed_id: str,
    title: str,
    self_url: str,
    page_url: str,
    updated: datetime,
    lang: str,
    author: str,
    entries: Iterable[FeedEntry],
) -> bytes:
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})

    def child(parent: ElementTree.Element, name: str, text: str | None = None, **attributes: str) -> None:
        element = ElementTree.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
        element.text = text

    child(feed, "id", feed_id)
    child(feed, "title", title)
    child(feed, "updated", stamp(updated))
    child(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    child(feed, "link", rel="alternate", type="text/html", href=page_url)
    author_element = ElementTree.SubElement(feed, f"{{{ATOM}}}author")
    child(author_element, "name", author)
    for item in entries:
        entry = ElementTree.SubElement(feed, f"{{{ATOM}}}entry")
        child(entry, "id", item.id)
        child(entry, "title", item.title)
        child(entry, "updated", stamp(item.updated))
        if item.published is not None:
            child(entry, "published", stamp(item.published))
        child(entry, "link", rel="alternate", type="text/html", href=item.link)
        child(entry, "content", item.content_html, type="html")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="unicode").encode() + b"\n"
