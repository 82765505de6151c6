"""The query language of the fake Cosmos gateway: the SQL subset the event store adapter sends.

Comparisons of ``c.path`` with ``@parameters``, AND/OR with parentheses, ``ARRAY_CONTAINS``, ``TOP n`` or
``TOP @param``, ``ORDER BY`` on several properties, projections ``*``, ``c.x`` and ``VALUE c.x``.
Comparing undefined or mixed types yields undefined, which filters the row out, as in Cosmos DB.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


class GatewayError(Exception):
    """An error response of the gateway: status, code, message and optional sub-status."""

    def __init__(self, status: int, code: str, message: str, *, substatus: int = 0) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.substatus = status, code, message, substatus


_TOKEN = re.compile(r"\s*(>=|<=|!=|=|<|>|\(|\)|,|@\w+|c(?:\.\w+)+|\w+)")
_SELECT = re.compile(
    r"^SELECT\s+(?:TOP\s+(?P<top>\d+|@\w+)\s+)?(?P<projection>\*|VALUE\s+c\.\w+|c\.\w+)\s+FROM\s+c"
    r"(?:\s+WHERE\s+(?P<where>.+?))?(?:\s+ORDER\s+BY\s+(?P<order>.+))?$",
    re.IGNORECASE | re.DOTALL,
)
_COMPARE = {"=": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
            "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}


@dataclass
class Query:
    top: str | None
    projection: str
    where: list[str]
    order: list[tuple[str, bool]]  # (property, descending)

    @classmethod
    def parse(cls, text: str) -> Query:
        match = _SELECT.match(text.strip())
        if match is None:
            raise GatewayError(400, "BadRequest", f"unsupported query: {text}")
        order = []
        for term in (match["order"] or "").split(","):
            if term.strip():
                name, *direction = term.split()
                order.append((name.removeprefix("c."), bool(direction) and direction[0].upper() == "DESC"))
        tokens = _TOKEN.findall(match["where"] or "")
        return cls(match["top"], match["projection"], tokens, order)

    def run(self, rows: list[dict[str, Any]], parameters: dict[str, Any]) -> list[Any]:
        selected = [row for row in rows if not self.where or _Evaluator(self.where, row, parameters).parse()]
        for name, descending in reversed(self.order):
            selected.sort(key=lambda row, n=name: row.get(n), reverse=descending)
        if self.top is not None:
            top = parameters[self.top] if self.top.startswith("@") else int(self.top)
            selected = selected[:top]
        if self.projection == "*":
            return selected
        prop = self.projection.split(".")[-1]
        if self.projection.upper().startswith("VALUE"):
            return [row.get(prop) for row in selected]
        return [{prop: row.get(prop)} for row in selected]


class _Evaluator:
    """Recursive descent: or_expr := and_expr (OR and_expr)*; and_expr := atom (AND atom)*."""

    def __init__(self, tokens: list[str], row: dict[str, Any], parameters: dict[str, Any]) -> None:
        self.tokens, self.row, self.parameters, self.at = tokens, row, parameters, 0

    def parse(self) -> bool:
        value = self._or()
        if self.at != len(self.tokens):
            raise GatewayError(400, "BadRequest", f"unexpected {self.tokens[self.at]!r}")
        return value

    def _next(self) -> str:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def _peek(self) -> str | None:
        return self.tokens[self.at].upper() if self.at < len(self.tokens) else None

    def _or(self) -> bool:
        value = self._and()
        while self._peek() == "OR":
            self._next()
            value = self._and() or value
        return value

    def _and(self) -> bool:
        value = self._atom()
        while self._peek() == "AND":
            self._next()
            value = self._atom() and value
        return value

    def _atom(self) -> bool:
        token = self._next()
        if token == "(":
            value = self._or()
            self._expect(")")
            return value
        if token.upper() == "ARRAY_CONTAINS":
            self._expect("(")
            array = self._operand(self._next())
            self._expect(",")
            needle = self._operand(self._next())
            self._expect(")")
            return isinstance(array, list) and needle in array
        left = self._operand(token)
        operator = self._next()
        right = self._operand(self._next())
        if operator not in _COMPARE:
            raise GatewayError(400, "BadRequest", f"unsupported operator {operator}")
        if left is None or right is None or type(left) is not type(right):
            return False  # Cosmos: comparing undefined or mixed types is undefined, which filters out
        return bool(_COMPARE[operator](left, right))

    def _expect(self, token: str) -> None:
        if self._next() != token:
            raise GatewayError(400, "BadRequest", f"expected {token!r}")

    def _operand(self, token: str) -> Any:
        if token.startswith("@"):
            if token not in self.parameters:
                raise GatewayError(400, "BadRequest", f"parameter {token} is not defined")
            return self.parameters[token]
        if token.startswith("c."):
            value: Any = self.row
            for part in token.split(".")[1:]:
                value = value.get(part) if isinstance(value, dict) else None
            return value
        raise GatewayError(400, "BadRequest", f"unsupported operand {token}")
