"""Read an OCEL 2.0 XML log into the same plain shape as its JSON form.

    <log>
      <objects>
        <object id="o-1" type="orders">
          <attributes><attribute name="price" time="...">12.5</attribute></attributes>
          <objects><relationship object-id="i-1" qualifier="comprises"/></objects>
        </object>
      </objects>
      <events>
        <event id="e-1" type="place order" time="2023-04-03T10:08:18Z">
          <objects><relationship object-id="o-1" qualifier="order"/></objects>
        </event>
      </events>
    </log>

Any child of an `<objects>` list that carries `object-id` is a relationship (exporters
name it `relationship` or `object`). Elements are parsed incrementally and cleared once
converted, so the XML tree never exists whole. A document type declaration is refused
before parsing: entities are never expanded.
"""

from __future__ import annotations

import io
import sys
import xml.etree.ElementTree as ElementTree
from typing import Any

from omcreport import limits
from omcreport.importers.failure import ImportFailed, count_budget, error


def ocel_xml_tree(data: bytes, display_path: str) -> dict[str, Any]:
    """`{"objects": [...], "events": [...]}` as OCEL 2.0 JSON has them, relationships as tuples."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        message = "the XML has a document type declaration (<!DOCTYPE or <!ENTITY); OCEL 2.0 XML needs none"
        raise ImportFailed([error(display_path, 1, 1, "OMC901", message)])
    tree: dict[str, Any] = {"objects": [], "events": []}
    most = {"objects": limits.MAX_LOG_OBJECTS, "events": limits.MAX_LOG_EVENTS}
    depth = 0
    root_tag = ""
    try:
        for event, element in ElementTree.iterparse(io.BytesIO(data), events=("start", "end")):
            if event == "start":
                depth += 1
                if depth == 1:
                    root_tag = element.tag
                continue
            depth -= 1
            if depth == 2 and element.tag in ("object", "event"):
                parent = "objects" if element.tag == "object" else "events"
                items = tree[parent]
                if len(items) == most[parent]:  # refused before the next one is held in memory
                    raise ImportFailed([count_budget(display_path, 1, parent, most[parent])], "in the log")
                items.append(_item(element))
                element.clear()
    except ElementTree.ParseError as failure:
        line, column = failure.position
        raise ImportFailed([error(display_path, line, column + 1, "OMC901", f"not XML: {failure}")]) from None
    if root_tag != "log":
        message = f"an OCEL 2.0 XML log has the root element <log>, not <{root_tag}>"
        raise ImportFailed([error(display_path, 1, 1, "OMC902", message)])
    return tree


def _item(element: ElementTree.Element) -> dict[str, Any]:
    item: dict[str, Any] = {key: element.get(key) for key in ("id", "type", "time") if element.get(key) is not None}
    attributes = element.find("attributes")
    item["attributes"] = [
        {"name": attribute.get("name"), "value": attribute.text or "", "time": attribute.get("time")}
        for attribute in (attributes if attributes is not None else ())
    ]
    relations = element.find("objects")
    item["relationships"] = [
        (sys.intern(relation.get("object-id", "")), sys.intern(relation.get("qualifier", "")))
        for relation in (relations if relations is not None else ())
        if relation.get("object-id")
    ]
    return item
