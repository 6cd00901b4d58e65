"""Every ``python -m stsdemo ...`` line in README.md and docs/*.md parses with the real CLI parser.

A ``--help``-level dry run: the line is split like a shell would and handed to the same
``argparse`` parser ``python -m stsdemo`` uses; no command runs and no model loads. A renamed
command or flag, or a doc line for a command that does not exist, fails here.
"""

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

from stsdemo.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PREFIX = r"(?:[A-Z_]+=\S+\s+)*(?:nice -n \d+\s+)?python -m stsdemo\b"
INLINE = re.compile(rf"`({PREFIX}[^`]*)`")


def doc_commands(text: str) -> list[str]:
    """The ``python -m stsdemo`` lines of a markdown text: code-block lines (``\\``-continued lines
    joined) and inline code spans; prose placeholders such as ``train ...`` or ``search / encode``
    are not commands and are skipped.

    Example:
        >>> doc_commands("Run `python -m stsdemo models`.\\n```bash\\nHF_HUB_OFFLINE=1 python -m stsdemo eval \\\\\\n"
        ...              "  --model minilm   # a comment\\n```")
        ['python -m stsdemo models', 'HF_HUB_OFFLINE=1 python -m stsdemo eval --model minilm   # a comment']
    """
    found, in_code, pending = [], False, ""
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            in_code, pending = not in_code, ""
            continue
        if in_code:
            line = pending + line.strip()
            if line.endswith("\\"):
                pending = line[:-1].rstrip() + " " if (pending or re.match(PREFIX, line)) else ""
                continue
            pending = ""
            if re.match(PREFIX, line):
                found.append(line)
        else:
            found += [m for m in INLINE.findall(line) if "..." not in m and " / " not in m]
    return found


def _arguments(line: str) -> list[str]:
    words = shlex.split(line, comments=True)
    return words[words.index("stsdemo") + 1 :]


COMMANDS = [
    (path.relative_to(ROOT).as_posix(), line) for path in DOCS for line in doc_commands(path.read_text("utf-8"))
]


def test_docs_have_commands_to_check():
    assert len(COMMANDS) > 30
    assert any(doc == "docs/training.md" and "train simcse-sup --base" in line for doc, line in COMMANDS)


@pytest.mark.parametrize(("doc", "line"), COMMANDS, ids=[f"{d}:{i}" for i, (d, _) in enumerate(COMMANDS)])
def test_doc_command_parses(doc, line):
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            build_parser().parse_args(_arguments(line))
        except SystemExit as exit_:
            assert exit_.code == 0, f"{doc}: {line}\n{err.getvalue()}"
