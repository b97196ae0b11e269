"""OData query options as Graph evaluates them: `$filter` (a real recursive-descent parser), `$top`,
`$skip` / `$skiptoken`, `$select`, and collection pages with absolute `@odata.nextLink`.

Filters are checked against the properties a resource declares filterable; anything else is the 400
Graph gives, so a client that relies on an undocumented filter fails here as it would in a tenant.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from aiohttp import web

from sandbox.errors import GraphHTTPError, bad_request

T = TypeVar("T")
Predicate = Callable[[Mapping[str, Any]], bool]

_TOKEN = re.compile(
    r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<number>-?\d+(?:\.\d+)?)|(?P<punct>[(),:])"
    r"|(?P<word>[A-Za-z_][\w.]*(?:/[A-Za-z_][\w.]*)*))"
)
_COMPARISONS = {"eq", "ne", "gt", "ge", "lt", "le"}
_FUNCTIONS = {"startswith", "endswith", "contains"}


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise bad_request(f"Invalid filter clause: syntax error at position {pos} in '{text}'.")
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        pos = match.end()
    return out


class _Parser:
    def __init__(self, text: str, fields: Collection[str]) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.pos = 0
        self.fields = fields

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (value is not None and token[1].lower() != value):
            expected = f"'{value}'" if value else "more input"
            raise bad_request(f"Invalid filter clause: expected {expected} in '{self.text}'.")
        self.pos += 1
        return token

    def parse(self) -> Predicate:
        predicate = self.or_expr()
        if self.peek() is not None:
            raise bad_request(f"Invalid filter clause: unexpected '{self.peek()[1]}' in '{self.text}'.")  # type: ignore[index]
        return predicate

    def or_expr(self) -> Predicate:
        left = self.and_expr()
        while (token := self.peek()) and token[1].lower() == "or":
            self.take()
            right = self.and_expr()
            left = (lambda a, b: lambda r: a(r) or b(r))(left, right)
        return left

    def and_expr(self) -> Predicate:
        left = self.unary()
        while (token := self.peek()) and token[1].lower() == "and":
            self.take()
            right = self.unary()
            left = (lambda a, b: lambda r: a(r) and b(r))(left, right)
        return left

    def unary(self) -> Predicate:
        token = self.peek()
        if token and token[1].lower() == "not":
            self.take()
            inner = self.unary()
            return lambda r: not inner(r)
        if token and token[1] == "(":
            self.take("(")
            inner = self.or_expr()
            self.take(")")
            return inner
        return self.comparison()

    def literal(self) -> Any:
        kind, value = self.take()
        if kind == "string":
            return value[1:-1].replace("''", "'")
        if kind == "number":
            return float(value) if "." in value else int(value)
        if kind == "word" and value.lower() in {"true", "false", "null"}:
            return {"true": True, "false": False, "null": None}[value.lower()]
        raise bad_request(f"Invalid filter clause: '{value}' is not a literal in '{self.text}'.")

    def check_field(self, name: str) -> str:
        if name not in self.fields:
            raise bad_request(
                f"Invalid filter clause: property '{name}' is not supported for filtering "
                "or does not exist on this resource."
            )
        return name

    def comparison(self) -> Predicate:
        kind, word = self.take()
        if kind != "word":
            raise bad_request(f"Invalid filter clause: unexpected '{word}' in '{self.text}'.")
        if word.lower() in _FUNCTIONS:
            return self.function(word.lower())
        if word.endswith(("/any", "/all")):
            return self.lambda_expr(word)
        name = self.check_field(word)
        _, op = self.take()
        op = op.lower()
        if op not in _COMPARISONS:
            raise bad_request(f"Invalid filter clause: unknown operator '{op}' in '{self.text}'.")
        value = self.literal()
        return _compare(lambda r: r.get(name), op, value)

    def function(self, name: str) -> Predicate:
        self.take("(")
        _, prop = self.take()
        field = self.check_field(prop)
        self.take(",")
        value = self.literal()
        self.take(")")
        if not isinstance(value, str):
            raise bad_request(f"Invalid filter clause: {name} needs a string argument.")
        needle = value.lower()

        def test(r: Mapping[str, Any]) -> bool:
            hay = r.get(field)
            if not isinstance(hay, str):
                return False
            hay = hay.lower()
            return (
                hay.startswith(needle)
                if name == "startswith"
                else (hay.endswith(needle) if name == "endswith" else needle in hay)
            )

        return test

    def lambda_expr(self, word: str) -> Predicate:
        collection, quantifier = word.rsplit("/", 1)
        field = self.check_field(collection)
        self.take("(")
        _, variable = self.take()
        self.take(":")
        _, subject = self.take()
        sub_path = None
        if subject != variable:
            if not subject.startswith(variable + "/"):
                raise bad_request(f"Invalid filter clause: unknown range variable in '{self.text}'.")
            sub_path = subject[len(variable) + 1 :]
        _, op = self.take()
        value = self.literal()
        self.take(")")
        element_test = _compare(lambda e: e.get(sub_path) if sub_path else e.get("$"), op.lower(), value)

        def test(r: Mapping[str, Any]) -> bool:
            items = r.get(field) or []
            wrapped = [i if isinstance(i, Mapping) else {"$": i} for i in items]
            if quantifier == "any":
                return any(element_test(i) for i in wrapped)
            return all(element_test(i) for i in wrapped)

        return test


def _compare(get: Callable[[Mapping[str, Any]], Any], op: str, value: Any) -> Predicate:
    def test(r: Mapping[str, Any]) -> bool:
        actual = get(r)
        if op == "eq":
            return bool(_fold(actual) == _fold(value))
        if op == "ne":
            return bool(_fold(actual) != _fold(value))
        if actual is None or value is None:
            return False
        try:
            return bool(
                {"gt": actual > value, "ge": actual >= value, "lt": actual < value, "le": actual <= value}[op]
            )
        except TypeError:
            return False

    return test


def _fold(value: Any) -> Any:
    # quirk: Graph string comparisons in $filter are case-insensitive (UPNs, enum literals).
    return value.lower() if isinstance(value, str) else value


def parse_filter(expr: str, fields: Collection[str]) -> Predicate:
    """Compile a `$filter` expression over wire JSON; 400 for syntax errors and unfilterable properties."""
    if not expr.strip():
        raise bad_request("Invalid filter clause: the expression is empty.")
    return _Parser(expr, fields).parse()


def query_int(request: web.Request, name: str, default: int, *, maximum: int | None = None) -> int:
    raw = request.query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise bad_request(f"Invalid value '{raw}' for query option {name}.") from None
    if value < 0:
        raise bad_request(f"Invalid value '{raw}' for query option {name}: must not be negative.")
    if maximum is not None and value > maximum:
        raise bad_request(
            f"Invalid page size specified: '{value}'. Must be between 1 and {maximum} inclusive."
        )
    return value


def encode_skiptoken(offset: int) -> str:
    return base64.urlsafe_b64encode(f"skip:{offset}".encode()).decode().rstrip("=")


def decode_skiptoken(token: str) -> int:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        kind, _, number = text.partition(":")
        if kind != "skip":
            raise ValueError(text)
        return int(number)
    except (ValueError, UnicodeDecodeError):
        raise GraphHTTPError(
            400,
            "Directory_ExpiredPageToken",
            "The specified page token value has expired and can no longer be included in your request.",
        ) from None


def apply_select(obj: dict[str, Any], select: str | None) -> dict[str, Any]:
    if not select:
        return obj
    wanted = [s.strip() for s in select.split(",") if s.strip()]
    out = {k: v for k, v in obj.items() if k.startswith("@odata")}
    for name in wanted:
        out[name] = obj.get(name)
    return out


def context_url(request: web.Request, fragment: str) -> str:
    return f"{request.url.origin()}/v1.0/$metadata#{fragment}"


def paginate(
    request: web.Request,
    items: Sequence[T],
    *,
    default_top: int,
    max_top: int,
    to_json: Callable[[T], dict[str, Any]],
    context: str,
    skiptoken: bool = False,
    count: bool = False,
) -> dict[str, Any]:
    """One page with an absolute nextLink carrying the same query and the next offset."""
    top = query_int(request, "$top", default_top, maximum=max_top) or default_top
    if skiptoken:
        token = request.query.get("$skiptoken")
        offset = decode_skiptoken(token) if token else 0
    else:
        offset = query_int(request, "$skip", 0)
    page = items[offset : offset + top]
    select = request.query.get("$select")
    body: dict[str, Any] = {"@odata.context": context_url(request, context)}
    if count:
        body["@odata.count"] = len(items)
    body["value"] = [apply_select(to_json(item), select) for item in page]
    if offset + top < len(items):
        key = "$skiptoken" if skiptoken else "$skip"
        nxt = offset + top
        query = {k: v for k, v in request.query.items() if k not in {"$skip", "$skiptoken"}}
        query[key] = encode_skiptoken(nxt) if skiptoken else str(nxt)
        body["@odata.nextLink"] = str(request.url.with_query(query))
    return body


def filtered(
    items: Iterable[T],
    request: web.Request,
    fields: Collection[str],
    to_json: Callable[[T], Mapping[str, Any]],
) -> list[T]:
    expr = request.query.get("$filter")
    if not expr:
        return list(items)
    predicate = parse_filter(expr, fields)
    return [item for item in items if predicate(to_json(item))]
