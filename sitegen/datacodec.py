"""Dataclasses to JSON-ready data and back, driven by their type hints: the build cache stores data, never code.

`to_data(value)` and `from_data(cls, data)` handle dataclasses (as lists of field values
in field order), str/int/float/bool/None, `X | None`, tuples, lists, `dict[str, X]`,
datetimes, and `Any` (front matter values: YAML's types, tagged where JSON has none).
Decoding checks every value against the hint and builds only the classes the hints
name, so a damaged or foreign entry raises DataError instead of becoming an object.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import types
import typing
from functools import lru_cache
from typing import Any, Callable


class DataError(ValueError):
    """The data does not have the shape the type asks for, or a value cannot be stored."""


def _fail(what: str, data: object) -> typing.NoReturn:
    raise DataError(f"expected {what}, found {type(data).__name__}")


# Any: YAML's own types. Plain JSON where it can, else {"$": tag, "v": …}.
def _any_to(value: object) -> object:
    if value is None or type(value) in (bool, int, float, str):
        return value
    if type(value) is list:
        return [_any_to(v) for v in value]
    if type(value) is dict:
        if all(type(k) is str for k in value) and "$" not in value:
            return {k: _any_to(v) for k, v in value.items()}
        return {"$": "map", "v": [[_any_to(k), _any_to(v)] for k, v in value.items()]}
    if isinstance(value, dt.datetime):
        return {"$": "datetime", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$": "date", "v": value.isoformat()}
    if isinstance(value, bytes):
        return {"$": "bytes", "v": base64.b64encode(value).decode("ascii")}
    for kind, tag in ((tuple, "tuple"), (frozenset, "frozenset"), (set, "set")):
        if isinstance(value, kind):
            return {"$": tag, "v": [_any_to(v) for v in value]}
    raise DataError(f"cannot store a {type(value).__name__}")


_TAGGED: dict[str, Callable[[Any], object]] = {
    "datetime": dt.datetime.fromisoformat, "date": dt.date.fromisoformat,
    "bytes": lambda v: base64.b64decode(v, validate=True),
    "tuple": lambda v: tuple(_any_from(x) for x in v), "set": lambda v: {_any_from(x) for x in v},
    "frozenset": lambda v: frozenset(_any_from(x) for x in v),
    "map": lambda v: {_any_from(k): _any_from(x) for k, x in v},
}


def _any_from(data: object) -> object:
    if data is None or type(data) in (bool, int, float, str):
        return data
    if type(data) is list:
        return [_any_from(v) for v in data]
    if type(data) is dict:
        if "$" not in data:
            return {k: _any_from(v) for k, v in data.items()}
        tag, value = data.get("$"), data.get("v")
        if tag not in _TAGGED or len(data) != 2:
            _fail("a tagged value", data)
        try:
            return _TAGGED[tag](value)
        except (TypeError, ValueError) as exc:
            raise DataError(f"bad {tag}: {exc}") from None
    _fail("a YAML value", data)


def _scalar(kind: type) -> tuple[Callable, Callable]:
    def check(data: object) -> object:
        if type(data) is kind:
            return data
        if kind is float and type(data) is int:
            return float(data)
        _fail(kind.__name__, data)

    return (lambda v: v), check


@lru_cache(maxsize=None)
def _codec(hint: object) -> tuple[Callable[[Any], object], Callable[[object], Any]]:
    """(encode, decode) for one type hint, built once."""
    if hint is Any:
        return _any_to, _any_from
    if hint in (str, int, float, bool):
        return _scalar(hint)
    if hint is type(None):
        return (lambda v: v), (lambda d: d if d is None else _fail("null", d))
    if hint is dt.datetime:
        return (lambda v: v.isoformat()), (lambda d: dt.datetime.fromisoformat(d) if type(d) is str
                                           else _fail("a datetime", d))
    if dataclasses.is_dataclass(hint):
        return _dataclass_codec(hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union) and len(args) == 2 and type(None) in args:
        enc, dec = _codec(args[0] if args[1] is type(None) else args[1])
        return (lambda v: None if v is None else enc(v)), (lambda d: None if d is None else dec(d))
    if origin in (list, tuple) and (origin is list or (len(args) == 2 and args[1] is Ellipsis)):
        enc, dec = _codec(args[0])
        make = list if origin is list else tuple
        flat = args[0] in (str, int, bool)

        def decode_seq(data: object) -> object:
            if type(data) is not list:
                _fail("a list", data)
            if flat and all(type(d) is args[0] for d in data):
                return make(data)
            return make([dec(d) for d in data])

        return (lambda v: [enc(x) for x in v]), decode_seq
    if origin is tuple:
        codecs = [_codec(a) for a in args]
        flat = all(a in (str, int, bool) for a in args)

        def decode_fixed(data: object) -> tuple:
            if type(data) is not list or len(data) != len(codecs):
                _fail(f"a list of {len(codecs)}", data)
            if flat and tuple(map(type, data)) == args:
                return tuple(data)
            return tuple(dec(d) for (_, dec), d in zip(codecs, data))

        return (lambda v: [enc(x) for (enc, _), x in zip(codecs, v)]), decode_fixed
    if origin is dict and args[0] is str:
        enc, dec = _codec(args[1])

        def decode_map(data: object) -> dict:
            if type(data) is not dict:
                _fail("an object", data)
            return {k: dec(d) for k, d in data.items()}

        return (lambda v: {_key(k): enc(x) for k, x in v.items()}), decode_map
    raise TypeError(f"no data form for {hint!r}")


def _key(key: object) -> str:
    if type(key) is not str:
        raise DataError(f"a {type(key).__name__} key where text was expected")
    return key


def _dataclass_codec(cls: type) -> tuple[Callable, Callable]:
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    codecs = [_codec(hints[name]) for name in names]

    def encode(value: object) -> list:
        if type(value) is not cls:
            raise DataError(f"expected {cls.__name__}, found {type(value).__name__}")
        return [enc(getattr(value, name)) for name, (enc, _) in zip(names, codecs)]

    # Most cached classes (links, headings, diagnostics) hold only text, numbers and flags:
    # one comparison of the value types checks the whole row.
    kinds = tuple(hints[name] for name in names)
    flat = all(kind in (str, int, bool) for kind in kinds)

    def decode(data: object) -> object:
        if type(data) is not list or len(data) != len(codecs):
            _fail(f"{cls.__name__} as a list of {len(codecs)}", data)
        if flat and tuple(map(type, data)) == kinds:
            return cls(*data)
        return cls(*[dec(d) for (_, dec), d in zip(codecs, data)])

    return encode, decode


def to_data(value: object) -> object:
    """JSON-ready data for a dataclass instance of a supported shape; raises DataError."""
    return _codec(type(value))[0](value)


def from_data(cls: type, data: object) -> Any:
    """An instance of `cls` rebuilt from `to_data`'s output; raises DataError on any mismatch."""
    try:
        return _codec(cls)[1](data)
    except DataError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError) as exc:
        raise DataError(str(exc)) from None
