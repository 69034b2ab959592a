#!/usr/bin/env python3
"""Copy gdbus-codegen doc comments into org.freedesktop.DBus.DocString
annotations, so the documentation written once in the XML also appears in
the introspection data (gdbus introspect, busctl introspect).

usage: docstring.py IN.xml OUT.xml

A doc comment is the comment right before an <interface>, <method>,
<property> or <signal>; its first line is "Name:" (optionally followed by
the text), "@short_description:" is dropped, and "@arg: text" lines
document that element's <arg name="arg">.
"""

import re
import sys
import xml.etree.ElementTree as ET

KEY = "org.freedesktop.DBus.DocString"
DOCUMENTED = ("interface", "method", "property", "signal")
PARAM = re.compile(r"^@(\w+):\s*(.*)$")


def parse_comment(text):
    """Return (symbol, doc, {param: doc}) of a doc comment, or None."""
    lines = [l.strip() for l in text.strip().splitlines()]
    if not lines:
        return None
    m = re.match(r"^([\w.]+):\s*(.*)$", lines[0])
    if m is None:
        return None
    symbol, first = m.group(1), m.group(2)
    params, body, current = {}, [first] if first else [], None
    for line in lines[1:]:
        p = PARAM.match(line)
        if p:
            current = p.group(1)
            params[current] = p.group(2)
        elif line and current is not None:
            params[current] += " " + line
        else:
            current = None
            body.append(line)
    short = params.pop("short_description", None)
    if short:
        body.insert(0, short.rstrip(".") + ".")
    doc = " ".join(" ".join(body).split())
    return symbol, doc, {k: " ".join(v.split()) for k, v in params.items()}


def annotate(element, doc):
    if not doc:
        return
    # gdbus-codegen copies annotation values into C string literals
    # without escaping them: no double quotes or backslashes there.
    doc = doc.replace('"', "'").replace("\\", "/")
    ann = ET.Element("annotation", {"name": KEY, "value": doc})
    ann.tail = element.text
    element.insert(0, ann)


def walk(parent):
    pending = None
    for child in list(parent):
        if child.tag is ET.Comment:
            pending = parse_comment(child.text or "")
            parent.remove(child)
            continue
        if child.tag in DOCUMENTED and pending is not None \
                and pending[0] in (child.get("name"), child.get("name", "").split(".")[-1]):
            _symbol, doc, params = pending
            for arg in child.findall("arg"):
                if arg.get("name") in params:
                    annotate(arg, params[arg.get("name")])
            annotate(child, doc)
        pending = None
        walk(child)


def main():
    src, dst = sys.argv[1], sys.argv[2]
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    tree = ET.parse(src, parser)
    walk(tree.getroot())
    with open(dst, "wb") as f:
        f.write(b'<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"\n'
                b' "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">\n')
        f.write(b"<!-- generated from %s by docstring.py; edit that file -->\n"
                % src.split("/")[-1].encode())
        tree.write(f, encoding="utf-8", xml_declaration=False)
        f.write(b"\n")


if __name__ == "__main__":
    main()
