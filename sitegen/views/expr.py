"""The Bases expression language: tokenizer and Pratt parser to an AST with source offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

# Error codes as the build reports them (severities in sitegen/views/codes.py).
BAD = "bad-base"
UNSUPPORTED = "base-unsupported"
FAILED = "base-error"


class ExprError(Exception):
    """A problem at an offset in an expression's source; `code` says which kind."""

    code = BAD

    def __init__(self, message: str, pos: int = 0):
        super().__init__(message)
        self.message = message
        self.pos = pos


class ParseError(ExprError):
    code = BAD


class BadReference(ExprError):
    """A name the base does not define (`formula.x` with no formula `x`), or a cycle."""

    code = FAILED


class Unsupported(ExprError):
    code = UNSUPPORTED


class EvalError(ExprError):
    code = FAILED


# --- AST -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Literal:
    value: object
    pos: int


@dataclass(frozen=True)
class Name:
    name: str
    pos: int


@dataclass(frozen=True)
class Member:
    obj: "Node"
    name: str
    pos: int  # offset of the name after the dot


@dataclass(frozen=True)
class Index:
    obj: "Node"
    index: "Node"
    pos: int


@dataclass(frozen=True)
class Call:
    """`name(args)` when callee is a Name, `x.name(args)` when it is a Member."""

    callee: "Node"
    args: tuple["Node", ...]
    pos: int


@dataclass(frozen=True)
class ListLit:
    items: tuple["Node", ...]
    pos: int


@dataclass(frozen=True)
class ObjectLit:
    items: tuple[tuple[str, "Node"], ...]
    pos: int


@dataclass(frozen=True)
class RegexLit:
    pattern: str
    flags: str
    pos: int


@dataclass(frozen=True)
class Unary:
    op: str
    operand: "Node"
    pos: int


@dataclass(frozen=True)
class Binary:
    op: str
    left: "Node"
    right: "Node"
    pos: int  # offset of the operator


Node = Union[Literal, Name, Member, Index, Call, ListLit, ObjectLit, RegexLit, Unary, Binary]


# --- Tokens ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Token:
    kind: str  # num, str, name, regex, op, end
    text: str
    value: object
    pos: int


_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_OPERATORS = ("==", "!=", ">=", "<=", "&&", "||", "+", "-", "*", "/", "%", ">", "<", "!",
              "(", ")", "[", "]", "{", "}", ",", ".", ":")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
# After these a `/` starts a regular expression rather than dividing.
_OPERAND_ENDS = {"num", "str", "name", "regex"}


def _is_name_char(ch: str, first: bool) -> bool:
    if ch == "_" or ch == "$" or ch.isalpha():
        return True
    if first:
        return False
    # Digits, combining marks and emoji-like symbols may continue a property name.
    return ch.isalnum() or (ord(ch) > 127 and not ch.isspace() and ch not in "«»“”„‘’")


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch.isspace():
            i += 1
            continue
        if ch in "\"'":
            start = i
            text, i = _read_string(source, i)
            tokens.append(Token("str", source[start:i], text, start))
            continue
        if ch.isdigit():
            text = _NUMBER.match(source, i).group()
            tokens.append(Token("num", text, int(text) if text.isdigit() else float(text), i))
            i += len(text)
            continue
        if _is_name_char(ch, True):
            start = i
            while i < n and _is_name_char(source[i], False):
                i += 1
            tokens.append(Token("name", source[start:i], source[start:i], start))
            continue
        if ch == "/" and (not tokens or tokens[-1].kind not in _OPERAND_ENDS
                          and tokens[-1].text not in (")", "]")):
            pattern, flags, end = _read_regex(source, i)
            tokens.append(Token("regex", source[i:end], (pattern, flags), i))
            i = end
            continue
        for op in _OPERATORS:
            if source.startswith(op, i):
                tokens.append(Token("op", op, op, i))
                i += len(op)
                break
        else:
            raise ParseError(f"unexpected character `{ch}`", i)
    tokens.append(Token("end", "", None, n))
    return tokens


def _read_string(source: str, start: int) -> tuple[str, int]:
    quote = source[start]
    out: list[str] = []
    i = start + 1
    while i < len(source):
        ch = source[i]
        if ch == quote:
            return "".join(out), i + 1
        if ch == "\\" and i + 1 < len(source):
            nxt = source[i + 1]
            if nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", source[i + 2: i + 6] or ""):
                out.append(chr(int(source[i + 2: i + 6], 16)))
                i += 6
                continue
            out.append(_ESCAPES.get(nxt, nxt))
            i += 2
            continue
        out.append(ch)
        i += 1
    raise ParseError("text is not closed: a quote is missing", start)


def _read_regex(source: str, start: int) -> tuple[str, str, int]:
    i, in_class = start + 1, False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "/" and not in_class:
            end = i + 1
            while end < len(source) and source[end].isalpha():
                end += 1
            return source[start + 1: i], source[i + 1: end], end
        i += 1
    raise ParseError("regular expression is not closed: a `/` is missing", start)


# --- Parser ----------------------------------------------------------------------------

# Binding power of each binary operator, loosest first.
_BINARY = {"||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, ">": 4, "<=": 4, ">=": 4,
           "+": 5, "-": 5, "*": 6, "/": 6, "%": 6}
_UNARY_POWER = 7
_LITERAL_NAMES = {"true": True, "false": False, "null": None}


class _Parser:
    def __init__(self, source: str):
        self.tokens = tokenize(source)
        self.i = 0

    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def expect(self, op: str) -> Token:
        token = self.take()
        if token.kind != "op" or token.text != op:
            raise ParseError(f"expected `{op}` but found {_describe(token)}", token.pos)
        return token

    def expression(self, min_power: int = 0) -> Node:
        left = self.prefix()
        while True:
            token = self.peek()
            power = _BINARY.get(token.text) if token.kind == "op" else None
            if power is None or power <= min_power:
                return left
            self.take()
            right = self.expression(power)
            left = Binary(token.text, left, right, token.pos)

    def prefix(self) -> Node:
        token = self.peek()
        if token.kind == "op" and token.text in ("!", "-", "+"):
            self.take()
            operand = self.expression(_UNARY_POWER)
            return Unary(token.text, operand, token.pos)
        return self.postfix(self.primary())

    def primary(self) -> Node:
        token = self.take()
        if token.kind in ("num", "str"):
            return Literal(token.value, token.pos)
        if token.kind == "regex":
            pattern, flags = token.value
            return RegexLit(pattern, flags, token.pos)
        if token.kind == "name":
            if token.text in _LITERAL_NAMES:
                return Literal(_LITERAL_NAMES[token.text], token.pos)
            return Name(token.text, token.pos)
        if token.kind == "op" and token.text == "(":
            inner = self.expression()
            self.expect(")")
            return inner
        if token.kind == "op" and token.text == "[":
            return ListLit(tuple(self.items("]")), token.pos)
        if token.kind == "op" and token.text == "{":
            return self.object_literal(token.pos)
        raise ParseError(f"expected a value but found {_describe(token)}", token.pos)

    def items(self, close: str) -> list[Node]:
        found: list[Node] = []
        if self.peek().text == close and self.peek().kind == "op":
            self.take()
            return found
        while True:
            found.append(self.expression())
            token = self.take()
            if token.kind == "op" and token.text == close:
                return found
            if token.kind != "op" or token.text != ",":
                raise ParseError(f"expected `,` or `{close}` but found {_describe(token)}",
                                 token.pos)

    def object_literal(self, pos: int) -> ObjectLit:
        pairs: list[tuple[str, Node]] = []
        if self.peek().kind == "op" and self.peek().text == "}":
            self.take()
            return ObjectLit((), pos)
        while True:
            key = self.take()
            if key.kind not in ("str", "name", "num"):
                raise ParseError(f"expected a key but found {_describe(key)}", key.pos)
            self.expect(":")
            pairs.append((str(key.value), self.expression()))
            token = self.take()
            if token.kind == "op" and token.text == "}":
                return ObjectLit(tuple(pairs), pos)
            if token.kind != "op" or token.text != ",":
                raise ParseError(f"expected `,` or `}}` but found {_describe(token)}", token.pos)

    def postfix(self, node: Node) -> Node:
        while True:
            token = self.peek()
            if token.kind != "op":
                return node
            if token.text == ".":
                self.take()
                name = self.take()
                if name.kind != "name":
                    raise ParseError(f"expected a name after `.` but found {_describe(name)}",
                                     name.pos)
                node = Member(node, name.text, name.pos)
            elif token.text == "[":
                self.take()
                index = self.expression()
                self.expect("]")
                node = Index(node, index, token.pos)
            elif token.text == "(":
                self.take()
                if not isinstance(node, (Name, Member)):
                    raise ParseError("only a function or a method can be called", token.pos)
                node = Call(node, tuple(self.items(")")), node.pos)
            else:
                return node


def _describe(token: Token) -> str:
    if token.kind == "end":
        return "the end of the expression"
    if token.kind == "str":
        return "a text"
    return f"`{token.text}`"


def names_in(node: Node) -> set[str]:
    """Every bare name an expression uses (`this`, `file`, property names, functions)."""
    found: set[str] = set()
    stack: list = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Name):
            found.add(item.name)
        elif isinstance(item, tuple):
            stack.extend(item)
        elif hasattr(item, "__dataclass_fields__"):
            stack.extend(getattr(item, f) for f in item.__dataclass_fields__)
    return found


def parse(source: str) -> Node:
    """Parse one expression; raises ParseError carrying the offset of the problem."""
    parser = _Parser(source)
    if parser.peek().kind == "end":
        raise ParseError("the expression is empty", 0)
    node = parser.expression()
    token = parser.peek()
    if token.kind != "end":
        raise ParseError(f"unexpected {_describe(token)} after a complete expression", token.pos)
    return node
