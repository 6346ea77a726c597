"""SVG attachments rebuilt from an allow-list: the drawing stays; scripts, handlers and outside references go.

An SVG opened from the site runs on the site's origin, so it is parsed with
defusedxml (no entity declarations, no external entities) and a new document
is built from allowed SVG elements and attributes only. Links into the
document itself (`#id`) stay; anything that would load another document
(`<use href="other.svg#x">`, `url(https://…)`, external `<image>`) does not.
"""

from __future__ import annotations

import gzip
import io
import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 200

_FILTERS = {"feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix",
            "feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood",
            "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feImage", "feMerge",
            "feMergeNode", "feMorphology", "feOffset", "fePointLight", "feSpecularLighting",
            "feSpotLight", "feTile", "feTurbulence"}
ELEMENTS = {"svg", "g", "defs", "symbol", "use", "title", "desc", "switch", "view", "path", "rect",
            "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "textPath", "a",
            "image", "style", "linearGradient", "radialGradient", "stop", "pattern", "clipPath",
            "mask", "marker", "filter"} | _FILTERS
# Removed, and named in the warning: they run script, embed other documents or rewrite attributes.
DANGEROUS = {"script": "<script>", "foreignObject": "<foreignObject>", "iframe": "<iframe>",
             "embed": "<embed>", "object": "<object>", "handler": "<handler>", "listener": "<listener>",
             "animate": "animation", "animateMotion": "animation", "animateTransform": "animation",
             "set": "animation", "discard": "animation"}
ATTRIBUTES = set("""
id class style lang version viewBox preserveAspectRatio x y x1 y1 x2 y2 cx cy r rx ry fx fy fr
width height d points pathLength transform opacity fill fill-opacity fill-rule stroke stroke-width
stroke-linecap stroke-linejoin stroke-dasharray stroke-dashoffset stroke-miterlimit stroke-opacity
clip-rule clip-path mask filter marker-start marker-mid marker-end color display visibility overflow
vector-effect shape-rendering text-rendering image-rendering color-interpolation
color-interpolation-filters paint-order mix-blend-mode isolation font-family font-size font-weight
font-style font-variant font-stretch text-anchor dominant-baseline alignment-baseline baseline-shift
letter-spacing word-spacing text-decoration writing-mode direction unicode-bidi dx dy rotate
textLength lengthAdjust startOffset method spacing side offset stop-color stop-opacity gradientUnits
gradientTransform spreadMethod patternUnits patternContentUnits patternTransform clipPathUnits
maskUnits maskContentUnits markerWidth markerHeight markerUnits refX refY orient filterUnits
primitiveUnits in in2 result stdDeviation mode operator k1 k2 k3 k4 values type tableValues slope
intercept amplitude exponent flood-color flood-opacity lighting-color baseFrequency numOctaves
seed stitchTiles scale xChannelSelector yChannelSelector radius kernelMatrix order divisor bias
targetX targetY edgeMode preserveAlpha surfaceScale diffuseConstant specularConstant
specularExponent kernelUnitLength azimuth elevation pointsAtX pointsAtY pointsAtZ
limitingConeAngle systemLanguage requiredExtensions media title
""".split())
_NAMESPACED = {f"{{{XML}}}space", f"{{{XML}}}lang", f"{{{XLINK}}}title"}
_HREFS = ("href", f"{{{XLINK}}}href")
_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.I | re.S)
_URL_START = re.compile(r"url\(", re.I)
# CSS that could load a document or hide a URL from the check above: refused whole.
_CSS_REFUSED = re.compile(r"\\|@import|expression\s*\(|javascript:|binding|behavior|"
                          r"(image-set|image|src|cross-fade)\s*\(", re.I)
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp|avif|bmp);base64,[A-Za-z0-9+/=\s]*$", re.I)
_DATA_FONT = re.compile(r"^data:(font/[a-z0-9-]+|application/(x-)?font-[a-z0-9-]+|"
                        r"application/vnd\.ms-fontobject);base64,[A-Za-z0-9+/=\s]*$", re.I)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")


class SvgError(ValueError):
    """The file is not an SVG that can be published safely (the message says why)."""


def _local(tag: str) -> str | None:
    """The SVG element name, or None for elements of other namespaces (XHTML, editors')."""
    if not isinstance(tag, str):
        return None  # a comment or processing instruction
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return name if ns == SVG else None
    return tag  # no namespace: read as SVG, and written back as SVG


def clean_css(css: str, removed: set[str]) -> str | None:
    """A style sheet or `style` attribute with only local and inline (data:) URLs, or None."""
    if _CSS_REFUSED.search(css):
        removed.add("style that imports or hides a URL")
        return None
    found = list(_URL.finditer(css))
    if len(found) != len(_URL_START.findall(css)):
        removed.add("style that imports or hides a URL")
        return None  # an unclosed url( still loads

    def keep(match: re.Match) -> str:
        target = match.group(2).strip()
        if target.startswith("#") or _DATA_IMAGE.match(target) or _DATA_FONT.match(target):
            return match.group(0)
        removed.add("an outside reference")
        return "none"

    return _URL.sub(keep, css)


def _href(element: str, value: str, removed: set[str]) -> str | None:
    url = re.sub(r"[\t\n\r]", "", value).strip()
    if url.startswith("#"):
        return value
    if element == "image" and _DATA_IMAGE.match(url):
        return value
    if element == "a":
        scheme = _SCHEME.match(url)
        if scheme is None or scheme.group(1).lower() in ("http", "https", "mailto"):
            return value
        removed.add("a javascript:/data: link")
        return None
    removed.add("an outside reference")
    return None


def _attributes(element: str, source: ET.Element, removed: set[str]) -> dict[str, str]:
    kept: dict[str, str] = {}
    for name, value in source.attrib.items():
        local = name.rpartition("}")[2]
        if local.lower().startswith("on"):
            removed.add("an event-handler attribute")
            continue
        if name in _HREFS:
            value = _href(element, value, removed)
            # Written as SVG 2's plain `href`, which wins over `xlink:href` where both are given.
            if value is not None and (name == "href" or "href" not in kept):
                kept["href"] = value
            continue
        if name not in ATTRIBUTES and name not in _NAMESPACED:
            continue  # editors' metadata and anything unknown: dropped without a word
        if name == "style":
            value = clean_css(value, removed)
        elif "\\" in value or _URL_START.search(value):
            # Presentation attributes are CSS values: only `url(#id)` may stay.
            targets = [m.group(2).strip() for m in _URL.finditer(value)]
            if "\\" in value or len(targets) != len(_URL_START.findall(value)) \
                    or not all(t.startswith("#") for t in targets):
                removed.add("an outside reference")
                value = None
        if value is not None:
            kept[name] = value
    return kept


def _rebuild(source: ET.Element, removed: set[str], depth: int) -> ET.Element | None:
    if depth > MAX_DEPTH:
        raise SvgError(f"elements nested more than {MAX_DEPTH} deep")
    name = _local(source.tag)
    if name not in ELEMENTS:
        xhtml = isinstance(source.tag, str) and source.tag.startswith("{http://www.w3.org/1999/xhtml}")
        if name in DANGEROUS or xhtml:
            removed.add(DANGEROUS.get(name or "", "HTML elements"))
        return None
    # Tags are written without a namespace; the root declares SVG's as the default.
    element = ET.Element(name, _attributes(name, source, removed))
    if name == "style":
        css = clean_css(source.text or "", removed)
        element.text = css or ""
        return element
    element.text = source.text
    last: ET.Element | None = None
    for child in source:
        kept = _rebuild(child, removed, depth + 1)
        if kept is not None:
            element.append(kept)
            last = kept
            kept.tail = child.tail
        elif child.tail:  # text after a removed element still belongs here
            if last is None:
                element.text = (element.text or "") + child.tail
            else:
                last.tail = (last.tail or "") + child.tail
    return element


def clean_svg(data: bytes) -> tuple[bytes, list[str]]:
    """The SVG rebuilt from the allow-list, and what was removed that could run or load
    something (empty when only editor metadata went). Raises SvgError."""
    if len(data) > MAX_BYTES:
        raise SvgError(f"over {MAX_BYTES // (1024 * 1024)} MB")
    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise SvgError(f"declares XML entities or loads outside files ({type(exc).__name__}); "
                       "export it again without a DTD") from None
    except (ET.ParseError, ValueError, LookupError) as exc:
        raise SvgError(f"not well-formed XML ({exc})") from None
    except RecursionError:
        raise SvgError(f"elements nested more than {MAX_DEPTH} deep") from None
    if _local(root.tag) != "svg":
        raise SvgError(f"the root element is <{root.tag}>, not <svg>")
    removed: set[str] = set()
    try:
        rebuilt = _rebuild(root, removed, 0)
    except RecursionError:
        raise SvgError(f"elements nested more than {MAX_DEPTH} deep") from None
    rebuilt.attrib = {"xmlns": SVG, **rebuilt.attrib}
    out = ET.tostring(rebuilt, encoding="utf-8", xml_declaration=True)
    return out, sorted(removed)


def clean_svgz(data: bytes) -> tuple[bytes, list[str]]:
    """The same for a gzip-compressed SVG; the result is compressed again, reproducibly."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            plain = stream.read(MAX_BYTES + 1)
    except (OSError, EOFError) as exc:
        raise SvgError(f"not a gzip-compressed SVG ({exc})") from None
    out, removed = clean_svg(plain)
    return gzip.compress(out, mtime=0), removed
