"""Every Bases method by receiver type: importing the type modules fills the registry."""

from __future__ import annotations

from . import file_methods, list_methods, text_methods  # noqa: F401 - they register methods
from .list_methods import compile_regex
from .registry import METHODS, call_method, to_number

# filter/map/reduce take an expression run once per element, not a value.
LAZY_METHODS = frozenset({"filter", "map", "reduce"})
ALL_METHODS = frozenset(name for table in METHODS.values() for name in table)

__all__ = ["ALL_METHODS", "LAZY_METHODS", "call_method", "compile_regex", "to_number"]
