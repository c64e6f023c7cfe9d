"""Derives a Letta-style JSON schema for a Python tool function from its source, without running it.

Reads {"source_code": str, "name": str|null} as JSON on stdin and writes either
{"schema": {...}} or {"error": "..."} as JSON on stdout. Only the `ast` module looks at the
source: nothing the user wrote is imported or executed.
"""
import ast
import inspect
import json
import sys

# Parameters the platform fills in itself; they never appear in the model-facing schema.
SKIPPED_PARAMS = ("self", "agent_state")
PRIMITIVES = {"str": "string", "int": "integer", "float": "number", "bool": "boolean", "None": "null"}
ARG_HEADERS = ("Args", "Arguments", "Parameters", "Params")
SECTION_HEADERS = ARG_HEADERS + (
    "Returns", "Return", "Raises", "Raise", "Yields", "Yield", "Example", "Examples", "Attributes",
    "Note", "Notes", "Warning", "Warnings", "Todo", "See Also", "Keyword Args", "Keyword Arguments", "Other Parameters")


class SchemaError(Exception):
    """A reason the source has no usable schema; becomes the 400's detail."""


def type_name(node):
    """The bare name of a type expression: `List`, `typing.List` and `list` are all recognised by their last part."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Constant) and node.value is None:
        return "None"
    return None


def is_none(node):
    return type_name(node) == "None"


def subscript_args(node):
    inner = node.slice
    return list(inner.elts) if isinstance(inner, ast.Tuple) else [inner]


def unwrap_optional(node):
    """(inner, True) for Optional[X], Union[X, None] and X | None; (node, False) otherwise."""
    if isinstance(node, ast.Subscript):
        base = type_name(node.value)
        args = subscript_args(node)
        if base == "Optional" and len(args) == 1:
            return args[0], True
        if base == "Union":
            others = [a for a in args if not is_none(a)]
            if len(others) < len(args):
                if len(others) != 1:
                    raise SchemaError("Optional type must have exactly one type argument, but got "
                                      + ast.unparse(node))
                return others[0], True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        parts = flatten_bitor(node)
        others = [p for p in parts if not is_none(p)]
        if len(others) < len(parts):
            if len(others) != 1:
                raise SchemaError("Optional type must have exactly one type argument, but got " + ast.unparse(node))
            return others[0], True
    return node, False


def flatten_bitor(node):
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return flatten_bitor(node.left) + flatten_bitor(node.right)
    return [node]


def json_type(node):
    """The JSON schema of one annotation, following Letta's mapping of Python types."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        # A quoted (forward-reference) annotation: read the expression inside the quotes.
        try:
            node = ast.parse(node.value, mode="eval").body
        except SyntaxError:
            raise SchemaError("Invalid type annotation: " + repr(node.value))
    inner, optional = unwrap_optional(node)
    if optional:
        return json_type(inner)
    if isinstance(node, ast.BinOp) or (isinstance(node, ast.Subscript) and type_name(node.value) == "Union"):
        raise SchemaError("General Union types are not yet supported: " + ast.unparse(node))
    name = type_name(node.value) if isinstance(node, ast.Subscript) else type_name(node)
    if name in ("list", "List"):
        if not isinstance(node, ast.Subscript):
            return {"type": "array", "items": {"type": "string"}}
        return {"type": "array", "items": json_type(subscript_args(node)[0])}
    if name == "Literal" and isinstance(node, ast.Subscript):
        values = []
        for arg in subscript_args(node):
            if not isinstance(arg, ast.Constant):
                raise SchemaError("Literal values must be constants: " + ast.unparse(node))
            values.append(arg.value)
        return {"type": "string", "enum": values}
    if name in ("tuple", "Tuple"):
        if not isinstance(node, ast.Subscript):
            raise SchemaError("Tuple type must have at least one element")
        args = subscript_args(node)
        if len(args) == 2 and isinstance(args[1], ast.Constant) and args[1].value is Ellipsis:
            raise SchemaError("Variable-length tuples (e.g., Tuple[int, ...]) are not supported")
        return {"type": "array", "prefixItems": [json_type(a) for a in args], "minItems": len(args),
                "maxItems": len(args)}
    if name in ("dict", "Dict"):
        if isinstance(node, ast.Subscript):
            raise SchemaError("Dictionary types " + ast.unparse(node) + " with nested type arguments are not "
                              "supported (consider using a Pydantic model instead)")
        return {"type": "object"}
    if not isinstance(node, ast.Subscript) and name in PRIMITIVES:
        return {"type": PRIMITIVES[name]}
    raise SchemaError("Python type " + ast.unparse(node) + " has no corresponding JSON schema type")


def is_section_header(line):
    stripped = line.strip()
    return stripped.endswith(":") and stripped[:-1] in SECTION_HEADERS


def parse_docstring(doc):
    """Google-style docstring: (short description, long description, {param: description}, examples text)."""
    if not doc:
        return None, None, {}, None
    lines = inspect.cleandoc(doc).splitlines()
    first_section = next((i for i, l in enumerate(lines) if not l.startswith((" ", "\t")) and is_section_header(l)),
                         len(lines))
    intro = "\n".join(lines[:first_section]).strip()
    short, _, rest = intro.partition("\n")
    short = short.strip() or None
    long = rest.strip() or None
    params = {}
    examples = None
    i = first_section
    while i < len(lines):
        header = lines[i].strip()[:-1]
        j = i + 1
        while j < len(lines) and not (not lines[j].startswith((" ", "\t")) and is_section_header(lines[j])):
            j += 1
        body = lines[i + 1:j]
        if header in ARG_HEADERS:
            params.update(parse_args(body))
        elif header in ("Example", "Examples"):
            examples = "\n".join(lines[i:j]).strip()
        i = j
    return short, long, params, examples


def parse_args(body):
    """Entries `name (type): text` or `name: text`, continued on more deeply indented lines."""
    entries = {}
    indent = None
    current = None
    for line in body:
        if not line.strip():
            continue
        width = len(line) - len(line.lstrip())
        if indent is None:
            indent = width
        if width <= indent and ":" in line:
            head, _, text = line.strip().partition(":")
            name = head.split("(")[0].strip().lstrip("*")
            current = name
            entries[name] = [text.strip()]
        elif current is not None:
            entries[current].append(line.strip())
    return {k: "\n".join(p for p in v if p) for k, v in entries.items()}


def find_function(tree, name):
    functions = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    if name:
        for fn in functions:
            if fn.name == name:
                return fn
        raise SchemaError("Function '" + name + "' not found in source code")
    if not functions:
        raise SchemaError("No function definition found in source code")
    return functions[-1]


def generate(source, name):
    try:
        tree = ast.parse(source)
    except SyntaxError as e:
        raise SchemaError("Syntax error in source code: " + str(e.msg) + " (line " + str(e.lineno) + ")")
    fn = find_function(tree, name)
    short, long, param_docs, examples = parse_docstring(ast.get_docstring(fn, clean=False))
    if short and long:
        description = short + "\n\n" + long
    else:
        description = short or long or "No description available"
    if examples and "Examples:" not in description:
        description = description + "\n\n" + examples
    args = fn.args
    positional = args.posonlyargs + args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    params = list(zip(positional, defaults)) + list(zip(args.kwonlyargs, args.kw_defaults))
    properties = {}
    required = []
    for arg, default in params:
        if arg.arg in SKIPPED_PARAMS:
            continue
        if arg.annotation is None:
            raise SchemaError("Parameter '" + arg.arg + "' in function '" + fn.name + "' lacks a type annotation")
        text = param_docs.get(arg.arg)
        if not text:
            raise SchemaError("Parameter '" + arg.arg + "' in function '" + fn.name
                              + "' lacks a description in the docstring")
        schema = json_type(arg.annotation)
        schema["description"] = text
        properties[arg.arg] = schema
        if default is None and not unwrap_optional(arg.annotation)[1]:
            required.append(arg.arg)
    return {"name": fn.name, "description": description,
            "parameters": {"type": "object", "properties": properties, "required": required}}


def main():
    request = json.load(sys.stdin)
    try:
        source = request.get("source_code")
        if not isinstance(source, str) or not source.strip():
            raise SchemaError("source_code is empty")
        out = {"schema": generate(source, request.get("name"))}
    except SchemaError as e:
        out = {"error": str(e)}
    except RecursionError:
        out = {"error": "Source code is nested too deeply to parse"}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
