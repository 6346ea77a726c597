"""Bases and Canvas: pure engines that turn `.base` and `.canvas` files into renderable models."""

from .bases import Base, parse_base
from .canvas import Canvas, parse_canvas
from .canvas_html import render_canvas
from .canvas_layout import Layout, layout_canvas
from .codes import CODES
from .query import BaseResult, ViewResult, run_base
from .records import read_types, typed_properties
from .values import Date, FileRecord, Link

__all__ = ["Base", "BaseResult", "CODES", "Canvas", "Date", "FileRecord", "Layout", "Link",
           "ViewResult", "layout_canvas", "parse_base", "parse_canvas", "read_types",
           "render_canvas", "run_base", "typed_properties"]
