# Engram's run_code built-in: runs a Python program in the tool sandbox like a notebook cell. Returns JSON with
# what it printed, the value of a final expression (if any) and the error (if any).
import ast
import contextlib
import io
import json
import traceback


def run_code(code):
    out, err = io.StringIO(), io.StringIO()
    results, error = [], None
    namespace = {"__name__": "__main__"}
    try:
        tree = ast.parse(code, "<code>", "exec")
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            exec(compile(tree, "<code>", "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), "<code>", "eval"), namespace)
                if value is not None:
                    results.append(repr(value))
    except BaseException as e:  # noqa: BLE001 - the program's failure is the answer, not a crash
        error = {"name": type(e).__name__, "value": str(e), "traceback": traceback.format_exc(limit=-3)}
    answer = {"results": results, "logs": {"stdout": [out.getvalue()] if out.getvalue() else [],
                                           "stderr": [err.getvalue()] if err.getvalue() else []}}
    if error is not None:
        answer["error"] = error
    return json.dumps(answer)
