"""Checks gilmatrix's outputs with real parsers (the integration tests call it).

  check_outputs.py junit FILE        JUnit XML: structure and counts as test reporters read them;
                                     prints {"tests", "failures", "errors", "skipped", "failed": [names]}
  check_outputs.py svg FILE...       each file a self-contained SVG readable in light and dark themes
  check_outputs.py links REPORT.md   every image in the Markdown is a relative link to an SVG beside it
                                     that passes `svg`; prints the files
Exits 1 with a message on the first problem.
"""
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def fail(message):
    print("check_outputs: " + message, file=sys.stderr)
    sys.exit(1)


def counts(element, what):
    try:
        return {k: int(element.attrib[k]) for k in ("tests", "failures", "errors", "skipped")}
    except (KeyError, ValueError) as e:
        fail(f"{what}: missing or non-numeric count {e}")


def check_junit(path):
    root = ET.parse(path).getroot()
    if root.tag != "testsuites":
        fail(f"{path}: root is <{root.tag}>, not <testsuites>")
    total = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    failed = []
    for suite in root:
        if suite.tag != "testsuite":
            fail(f"{path}: <{suite.tag}> under <testsuites>")
        name = suite.get("name")
        if not name:
            fail(f"{path}: a testsuite without a name")
        found = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for case in suite:
            if case.tag != "testcase":
                fail(f"{path}: <{case.tag}> in testsuite {name}")
            if not case.get("name") or not case.get("classname"):
                fail(f"{path}: a testcase in {name} without name or classname")
            float(case.get("time", "x"))
            outcomes = [c.tag for c in case if c.tag in ("failure", "error", "skipped")]
            others = [c.tag for c in case if c.tag not in ("failure", "error", "skipped", "system-out", "system-err")]
            if len(outcomes) > 1 or others:
                fail(f"{path}: testcase {case.get('name')} has {outcomes + others}")
            found["tests"] += 1
            if outcomes == ["failure"]:
                found["failures"] += 1
            elif outcomes == ["error"]:
                found["errors"] += 1
            elif outcomes == ["skipped"]:
                found["skipped"] += 1
            if outcomes in (["failure"], ["error"]):
                failed.append(case.get("classname") + " " + case.get("name"))
        if counts(suite, f"testsuite {name}") != found:
            fail(f"{path}: testsuite {name} says {counts(suite, name)} but holds {found}")
        for k in total:
            total[k] += found[k]
    if counts(root, "testsuites") != total:
        fail(f"{path}: testsuites says {counts(root, 'testsuites')} but holds {total}")
    print(json.dumps(dict(total, failed=failed)))


def check_svg(path):
    tree = ET.parse(path)
    root = tree.getroot()
    if root.tag != SVG + "svg":
        fail(f"{path}: root is {root.tag}, not an SVG <svg>")
    if not root.get("viewBox") or not root.get("width") or not root.get("height"):
        fail(f"{path}: no viewBox, width or height")
    drawn = [e for e in root if e.tag not in (SVG + "title", SVG + "desc", SVG + "style")]
    first = drawn[0] if drawn else None
    if first is None or first.tag != SVG + "rect" or first.get("class") != "bg":
        fail(f"{path}: the first thing drawn is not the opaque background rect")
    style = "".join(e.text or "" for e in root.iter(SVG + "style"))
    if "prefers-color-scheme: dark" not in style or not re.search(r"\.bg\{fill:#[0-9a-f]{6}\}", style):
        fail(f"{path}: no opaque background colour for light and dark schemes")
    for element in root.iter():
        tag = element.tag.replace(SVG, "")
        if tag in ("script", "foreignObject", "image", "a", "use", "iframe"):
            fail(f"{path}: <{tag}> is not allowed")
        for attribute in element.attrib:
            if attribute.endswith("href") or attribute.startswith("on"):
                fail(f"{path}: attribute {attribute} is not allowed")
    if "url(" in style or "@import" in style or "@font-face" in style:
        fail(f"{path}: the style loads something from outside")
    texts = [e.text for e in root.iter(SVG + "text")]
    if not texts or any(not t for t in texts):
        fail(f"{path}: no text, or an empty text element")
    return root.find(SVG + "title").text


def check_links(report):
    folder = os.path.dirname(os.path.abspath(report))
    with open(report, encoding="utf-8") as f:
        markdown = f.read()
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", markdown)
    if not images:
        fail(f"{report}: no images")
    for link in images:
        if "://" in link or link.startswith("/"):
            fail(f"{report}: image link {link} is not relative")
        path = os.path.join(folder, link)
        if not os.path.isfile(path):
            fail(f"{report}: image {link} does not exist beside it")
        if not link.endswith(".svg"):
            fail(f"{report}: image {link} is not an SVG")
        check_svg(path)
        print(link)


def main():
    if len(sys.argv) < 3:
        fail(__doc__)
    command, paths = sys.argv[1], sys.argv[2:]
    try:
        if command == "junit":
            check_junit(paths[0])
        elif command == "svg":
            for p in paths:
                print(check_svg(p))
        elif command == "links":
            check_links(paths[0])
        else:
            fail(f"unknown command {command}")
    except ET.ParseError as e:
        fail(f"not well-formed XML: {e}")


main()
