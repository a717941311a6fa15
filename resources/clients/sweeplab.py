"""Sweeplab client for training scripts: Python 3.8+, standard library only, one file.

    import sweeplab

    lr = sweeplab.param("optimizer.lr", 1e-3)   # dotted names reach nested params
    random.seed(sweeplab.seed(0))
    for step in range(100):
        loss = train_one_step(lr)
        sweeplab.log({"loss": loss}, step=step)

Under a sweep, the engine passes the trial's params in ``SWEEPLAB_PARAMS`` (JSON) and names a
metrics file in ``SWEEPLAB_METRICS_FILE``; ``log()`` appends one JSON line per call to it.
Run by hand (``python3 train.py --lr=0.01``), ``params()`` reads ``--name=value`` arguments and
``log()`` prints ``@@sweeplab {...}`` lines on stdout instead. The protocol is described in
docs/command-trials.md; copy this file next to your script or put its folder on ``sys.path``.
"""

from __future__ import annotations

import copy
import json
import math
import operator
import os
import re
import sys
import threading
import time
from typing import Any, Dict, Mapping, Optional, Sequence

__all__ = ["METRICS_STDOUT_MARKER", "params", "param", "log", "seed", "trial_dir", "is_sweep"]

#: Stdout lines that start with this marker carry one JSON metrics record.
METRICS_STDOUT_MARKER = "@@sweeplab "

_INTEGER_RE = re.compile(r"^\s*[+-]?[0-9]+\s*$")
# W&B's agent (and so Sweeplab) spells booleans and null the way Python's str() does.
_PYTHON_CONSTANTS = {"True": True, "False": False, "None": None}

_lock = threading.Lock()
_next_step = 0
_params_cache: Optional[Dict[str, Any]] = None
_metrics_fd: Optional[int] = None
_metrics_path: Optional[str] = None


def _env(name: str) -> Optional[str]:
    """An environment variable, with an empty value read as absent."""
    value = os.environ.get(name)
    return value if value else None


def _reject_constant(name: str) -> Any:
    # JSON has no NaN/Infinity; json.loads accepts them by default, JSON.parse does not.
    raise ValueError("not JSON: " + name)


def _coerce(text: str) -> Any:
    """Argument text to a value: True/False/None, else JSON when it parses as JSON (numbers,
    true/false/null, lists, dicts, quoted strings), else the raw text."""
    if text in _PYTHON_CONSTANTS:
        return _PYTHON_CONSTANTS[text]
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except ValueError:
        return text


def _set_dotted(root: Dict[str, Any], name: str, value: Any) -> None:
    parts = name.split(".")
    if any(not part for part in parts):
        return
    node = root
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[parts[-1]] = value


def _parse_argv(argv: Sequence[str]) -> Dict[str, Any]:
    """``--name=value`` arguments to a nested dict (``--a.b=1`` gives ``{"a": {"b": 1}}``).
    A bare ``--flag`` is ``True``; other arguments are skipped; ``--`` ends the scan."""
    out: Dict[str, Any] = {}
    for arg in argv:
        if arg == "--":
            break
        if not arg.startswith("--"):
            continue
        name, sep, text = arg[2:].partition("=")
        _set_dotted(out, name, _coerce(text) if sep else True)
    return out


def _load_params() -> Dict[str, Any]:
    text = _env("SWEEPLAB_PARAMS")
    source = "SWEEPLAB_PARAMS"
    if text is None:
        path = _env("SWEEPLAB_PARAMS_FILE")
        if path is not None:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            source = "SWEEPLAB_PARAMS_FILE (" + path + ")"
    if text is None:
        return _parse_argv(sys.argv[1:])
    try:
        value = json.loads(text)
    except ValueError as e:
        raise ValueError("sweeplab: " + source + " is not valid JSON: " + str(e)) from None
    if not isinstance(value, dict):
        raise ValueError("sweeplab: " + source + " must hold a JSON object, got " + type(value).__name__)
    return value


def _all_params() -> Dict[str, Any]:
    global _params_cache
    if _params_cache is None:
        _params_cache = _load_params()
    return _params_cache


def params() -> Dict[str, Any]:
    """The trial's params as a (nested) dict.

    From ``SWEEPLAB_PARAMS`` (exact JSON types), else the file named by ``SWEEPLAB_PARAMS_FILE``,
    else ``--name=value`` arguments (``True``/``False``/``None`` and JSON values are parsed,
    anything else is kept as text), else ``{}``. Each call returns a fresh copy.
    """
    return copy.deepcopy(_all_params())


def param(name: str, default: Any = None) -> Any:
    """One param by name; dots reach into nested params (``param("optimizer.lr", 1e-3)``).
    Returns ``default`` when the param is absent."""
    node: Any = _all_params()
    if name in node:
        return copy.deepcopy(node[name])
    for part in name.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return copy.deepcopy(node)


def _encode_metrics(metrics: Mapping[str, Any], prefix: str) -> Dict[str, Any]:
    values: Dict[str, Any] = {}
    for key, value in metrics.items():
        if not isinstance(key, str) or not key:
            raise TypeError("sweeplab.log: metric names must be non-empty strings, got %r" % (key,))
        if not prefix and (key == "step" or key.startswith("_")):
            raise ValueError("sweeplab.log: metric name %r is reserved (use the step argument for steps)" % key)
        values[key] = _encode_value(prefix + key, value)
    return values


def _encode_value(key: str, value: Any) -> Any:
    if isinstance(value, Mapping):
        return _encode_metrics(value, key + ".")
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError("sweeplab.log: metric %r must be a number, got %s" % (key, type(value).__name__))
    if not isinstance(value, float) and hasattr(value, "__index__"):  # numpy integer scalars
        return operator.index(value)
    try:
        number = float(value)  # also numpy/torch scalars, Decimal, Fraction
    except (TypeError, ValueError):
        raise TypeError(
            "sweeplab.log: metric %r must be a number, got %s" % (key, type(value).__name__)
        ) from None
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    return number


def _check_step(step: Any) -> int:
    if isinstance(step, bool):
        raise TypeError("sweeplab.log: step must be an integer, got bool")
    if isinstance(step, float):
        if not step.is_integer():
            raise TypeError("sweeplab.log: step must be an integer, got %r" % step)
        step = int(step)
    else:
        try:
            step = operator.index(step)
        except TypeError:
            raise TypeError("sweeplab.log: step must be an integer, got %s" % type(step).__name__) from None
    if step < 0:
        raise ValueError("sweeplab.log: step must be >= 0, got %d" % step)
    return step


def _open_metrics_file(path: str) -> int:
    global _metrics_fd, _metrics_path
    if _metrics_fd is None or _metrics_path != path:
        if _metrics_fd is not None:
            os.close(_metrics_fd)
            _metrics_fd = None
        _metrics_fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        _metrics_path = path
    return _metrics_fd


def _write_line(line: str) -> None:
    path = _env("SWEEPLAB_METRICS_FILE")
    if path is None:
        out = sys.stdout
        # Flush earlier output first so the marker line goes out in a write of its own.
        out.flush()
        out.write(METRICS_STDOUT_MARKER + line)
        out.flush()
        return
    # One write() on an O_APPEND descriptor per line: whole lines land in the file even with
    # several writers, and nothing stays in a user-space buffer if the process is killed.
    view = memoryview(line.encode("utf-8"))
    fd = _open_metrics_file(path)
    while view:
        view = view[os.write(fd, view):]


def log(metrics: Mapping[str, Any], step: Optional[int] = None) -> int:
    """Record metric values at a step, like ``wandb.log``; returns the step used.

    Without ``step``, the step is one more than the last step logged (0 for the first call).
    Values are numbers (bools become 0/1; numpy and torch scalars are converted with
    ``float()``) or dicts of them (``{"val": {"loss": 1}}`` is stored as ``val.loss``); NaN and
    infinities are written as "NaN", "Infinity", "-Infinity", which marks the trial diverged.
    The name ``step`` and names starting with ``_`` are reserved.
    """
    global _next_step
    if not isinstance(metrics, Mapping):
        raise TypeError("sweeplab.log: metrics must be a dict of name -> number, got %s" % type(metrics).__name__)
    values = _encode_metrics(metrics, "")
    with _lock:
        used = _next_step if step is None else _check_step(step)
        _next_step = used + 1
        if not values:
            return used
        record: Dict[str, Any] = {"step": used}
        record.update(values)
        record["_time"] = int(time.time() * 1000)
        _write_line(json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n")
    return used


def seed(default: Optional[int] = None) -> Optional[int]:
    """The trial's seed (``SWEEPLAB_SEED``), or ``default`` outside a sweep."""
    text = _env("SWEEPLAB_SEED")
    if text is None:
        return default
    if not _INTEGER_RE.match(text):
        raise ValueError("sweeplab: SWEEPLAB_SEED=%r is not an integer" % text)
    return int(text)


def trial_dir() -> str:
    """A writable folder for the trial's outputs (``SWEEPLAB_TRIAL_DIR``), or the current
    directory outside a sweep."""
    return _env("SWEEPLAB_TRIAL_DIR") or os.getcwd()


def is_sweep() -> bool:
    """Whether this process runs as a Sweeplab trial (``SWEEPLAB_TRIAL_ID`` is set)."""
    return _env("SWEEPLAB_TRIAL_ID") is not None
