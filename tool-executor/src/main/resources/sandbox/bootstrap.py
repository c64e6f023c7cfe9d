# Engram tool sandbox bootstrap: runs one custom Python tool call.
# Protocol: one JSON request on stdin; one JSON result line on the file descriptor that was
# stdout when this script started. User code's stdout/stderr are captured in memory, and the
# OS-level fd 1 is pointed at stderr, so nothing the tool prints can be taken for the result.
import io
import json
import os
import resource
import select
import sys
import threading
import traceback

CAPTURE_LIMIT = 65536


def _limit(which, value):
    if value and value > 0:
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass


def _apply_limits(limits):
    cpu = limits.get("cpu_seconds") or 0
    if cpu > 0:
        # The soft limit raises SIGXCPU, the hard one a second later SIGKILL.
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    _limit(resource.RLIMIT_AS, limits.get("memory_bytes"))
    _limit(resource.RLIMIT_FSIZE, limits.get("file_size_bytes"))
    _limit(resource.RLIMIT_NOFILE, limits.get("open_files"))
    _limit(resource.RLIMIT_NPROC, limits.get("processes"))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _block_sockets():
    # Weak, Python-level guard for hosts without network namespaces: ctypes or a subprocess can get around it.
    import socket
    import _socket

    def refuse(*args, **kwargs):
        raise PermissionError("network access is disabled in the tool sandbox")

    class NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            refuse()

    socket.socket = NoSocket
    _socket.socket = NoSocket
    for name in ("create_connection", "create_server", "socketpair", "fromfd", "getaddrinfo", "gethostbyname"):
        setattr(socket, name, refuse)


def _die_with_the_service(result_fd):
    # tool-executor reads the result pipe until the call ends. If it dies (a crash, kill -9), the pipe loses its
    # only reader and poll() reports an error on our end: stop at once instead of running on as an orphan that no
    # wall time bounds any more (the restarted service runs the call again).
    watcher = select.poll()
    watcher.register(result_fd, 0)
    while True:
        for _, events in watcher.poll():
            if events & (select.POLLERR | select.POLLHUP | select.POLLNVAL):
                os._exit(137)


def _stringify(value):
    # Letta hands the agent the tool's return as text: strings as they are, everything else as its str().
    if isinstance(value, str):
        return value
    try:
        return str(value)
    except Exception:  # noqa: BLE001 - a broken __str__ must not hide the result
        return repr(value)


def _tail(buffer):
    text = buffer.getvalue()
    return text if len(text) <= CAPTURE_LIMIT else text[:CAPTURE_LIMIT] + "\n... [output truncated]"


def main():
    request = json.loads(sys.stdin.read())
    result_fd = os.dup(1)
    os.dup2(2, 1)
    os.close(0)
    threading.Thread(target=_die_with_the_service, args=(result_fd,), daemon=True).start()
    _apply_limits(request.get("limits") or {})
    if request.get("block_sockets"):
        _block_sockets()
    out, err = io.StringIO(), io.StringIO()
    sys.stdout, sys.stderr = out, err
    answer = {}
    try:
        namespace = {"__name__": "__engram_tool__"}
        exec(compile(request["source"], "<tool " + request["function"] + ">", "exec"), namespace)
        function = namespace.get(request["function"])
        if not callable(function):
            raise NameError("the source defines no function named '" + request["function"] + "'")
        value = function(**(request.get("args") or {}))
        answer = {"status": "success", "return": _stringify(value)}
    except BaseException as e:  # noqa: BLE001 - SystemExit and MemoryError are tool errors too
        answer = {"status": "error", "error_type": type(e).__name__, "error": str(e),
                  "traceback": traceback.format_exc(limit=-5)}
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    answer["stdout"] = _tail(out)
    answer["stderr"] = _tail(err)
    data = json.dumps(answer, default=repr).encode("utf-8") + b"\n"
    view = memoryview(data)
    while view:
        view = view[os.write(result_fd, view):]
    sys.stdout.flush()
    os._exit(0)


main()
