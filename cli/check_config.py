"""Configuration of `seq2par check` (and of the LSP server's diagnostics).

Read from `[tool.seq2par]` in `pyproject.toml` or from `.seq2par.toml` (top-level keys, or the same
`[tool.seq2par]` table). Without `--config`, the nearest such file at or above the starting directory is
used; globs are relative to the directory of the file that defines them.

```toml
[tool.seq2par]
ignore = ["S2P706"]                       # codes never reported
include = ["src/**"]                      # only these files (default: every C/C++/CUDA file given)
exclude = ["third_party/**", "*.gen.c"]   # never these, even when named on the command line
fail-on-opportunities = false             # S2P801 notes fail the check when true
opportunity-min-trip-count = 1000         # loops with fewer (known) iterations and no inner loop: no note
compiler-flags = ["-DN=4000", "-Iinclude"] # before those after `--` (a pre-commit hook cannot give them)
[tool.seq2par.severity]                   # error (fails) | warning | note | off
S2P706 = "error"
```
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from seq2par.cli.hazards import ALL_RULES, DEFAULT_SEVERITY, OPPORTUNITY_MIN_TRIP_COUNT

SEVERITIES = ("error", "warning", "note", "off")
# `ignore-line` belongs to validate/parallelize (lines left out of the comparison), which read the same table
_KEYS = {"severity", "ignore", "include", "exclude", "fail-on-opportunities", "opportunity-min-trip-count",
         "ignore-line", "compiler-flags"}


class ConfigError(Exception):
    """The configuration file cannot be read or has an invalid value; the message names the key."""


@dataclass(frozen=True)
class CheckConfig:
    severity: dict[str, str] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fail_on_opportunities: bool = False
    opportunity_min_trip_count: int = OPPORTUNITY_MIN_TRIP_COUNT
    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None  # the file it came from (None: defaults)
    # `-D`/`-I`/... for every file; relative `-I` folders are relative to the file that gives them
    compiler_flags: tuple[str, ...] = ()

    def severity_of(self, code: str) -> str:
        """error | warning | note | off, after `ignore` and the overrides."""
        if code in self.ignore:
            return "off"
        if code in self.severity:
            return self.severity[code]
        return DEFAULT_SEVERITY.get(code, "note")

    def fails(self, code: str) -> bool:
        """Whether a finding with this code makes `check` exit 1."""
        level = self.severity_of(code)
        return level == "error" or (code == "S2P801" and self.fail_on_opportunities and level != "off")

    def selects(self, path: Path) -> bool:
        """Whether `path` passes the include/exclude globs (relative to the config's directory)."""
        relative = _relative_posix(path, self.root)
        if self.include and not any(_matches(pattern, relative) for pattern in self.include):
            return False
        return not any(_matches(pattern, relative) for pattern in self.exclude)


def _relative_posix(path: Path, root: Path) -> str:
    resolved = path.resolve()
    try:
        return resolved.relative_to(root.resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern:
    pattern = pattern.strip().rstrip("/")
    if pattern.startswith("./"):
        pattern = pattern[2:]
    if "/" not in pattern:
        pattern = "**/" + pattern  # a bare name or `*.c` matches at any depth, as in .gitignore
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    # A pattern naming a directory also matches everything under it.
    return re.compile("".join(out) + "(?:/.*)?")


def _matches(pattern: str, relative: str) -> bool:
    return _glob_regex(pattern).fullmatch(relative) is not None


def load_config(path: Path) -> CheckConfig:
    """Read one configuration file; raises ConfigError."""
    try:
        data = tomllib.loads(path.read_text())
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from exc
    table = seq2par_table(data, path)
    if table is None:
        if path.name == "pyproject.toml":
            table = {}
        else:
            table = {k: v for k, v in data.items() if k != "tool"}
    return config_from_table(table, path)


def seq2par_table(data: dict, path: Path) -> dict | None:
    """The `[tool.seq2par]` table of a parsed file (None when there is none); raises ConfigError when `tool`
    or `tool.seq2par` is not a table (`tool = 5` ended every command in a traceback)."""
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: `tool` must be a table")
    table = tool.get("seq2par")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: `tool.seq2par` must be a table such as [tool.seq2par]")
    return table


def config_from_table(table: dict, path: Path | None) -> CheckConfig:
    """Validate a `[tool.seq2par]` table; raises ConfigError naming the offending key."""
    where = f"{path}: [tool.seq2par]" if path is not None else "[tool.seq2par]"
    unknown = set(table) - _KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(_KEYS))}")
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"{where}: `severity` must be a table such as {{ S2P706 = \"error\" }}")
    checked: dict[str, str] = {}
    for code, level in severity.items():
        code = code.upper()
        if code not in ALL_RULES:
            raise ConfigError(f"{where}: severity for unknown code {code!r}")
        if level not in SEVERITIES:
            raise ConfigError(f"{where}: severity of {code} must be one of {', '.join(SEVERITIES)}, got {level!r}")
        checked[code] = level
    ignore = _string_list(table, "ignore", where)
    for code in ignore:
        if code.upper() not in ALL_RULES:
            raise ConfigError(f"{where}: `ignore` names unknown code {code!r}")
    fail = table.get("fail-on-opportunities", False)
    if not isinstance(fail, bool):
        raise ConfigError(f"{where}: `fail-on-opportunities` must be true or false")
    trips = table.get("opportunity-min-trip-count", OPPORTUNITY_MIN_TRIP_COUNT)
    if not isinstance(trips, int) or isinstance(trips, bool) or trips < 0:
        raise ConfigError(f"{where}: `opportunity-min-trip-count` must be a non-negative integer")
    root = path.parent if path is not None else Path.cwd()
    return CheckConfig(checked, frozenset(c.upper() for c in ignore), tuple(_string_list(table, "include", where)),
                       tuple(_string_list(table, "exclude", where)), fail, trips, root, path,
                       _rooted_flags(_string_list(table, "compiler-flags", where), root))


def _rooted_flags(flags: list[str], root: Path) -> tuple[str, ...]:
    """`-Iinclude` and `-I include` relative to the configuration's folder, as its globs are."""
    out: list[str] = []
    for flag in flags:
        if out and out[-1] in ("-I", "-iquote", "-isystem") and not Path(flag).is_absolute():
            flag = str(root / flag)
        elif flag.startswith("-I") and len(flag) > 2 and not Path(flag[2:]).is_absolute():
            flag = "-I" + str(root / flag[2:])
        out.append(flag)
    return tuple(out)


def _string_list(table: dict, key: str, where: str) -> list[str]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: `{key}` must be a list of strings")
    return value


def find_config(start: Path) -> Path | None:
    """The nearest `.seq2par.toml`, or `pyproject.toml` with a `[tool.seq2par]` table, at or above `start`."""
    start = start.resolve()
    for directory in (start, *start.parents):
        dotfile = directory / ".seq2par.toml"
        if dotfile.is_file():
            return dotfile
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            try:
                tool = tomllib.loads(pyproject.read_text()).get("tool", {})
                if isinstance(tool, dict) and "seq2par" in tool:
                    return pyproject
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"{pyproject}: cannot read ({exc})") from exc
        if (directory / ".git").exists():
            break
    return None


def discover_config(start: Path, explicit: Path | None = None) -> CheckConfig:
    """`explicit` if given, else the nearest configuration at or above `start`, else the defaults."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: no such configuration file")
        return load_config(explicit)
    found = find_config(start)
    return load_config(found) if found is not None else CheckConfig(root=start.resolve())
