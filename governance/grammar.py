"""From a chat line to a command: a plain question, or a verb and its arguments."""

from __future__ import annotations

import difflib
import re

from governance import commands as c
from governance import questions
from governance.arguments import Args
from governance.errors import BadCommand
from governance.parser import Word, clean, tokens
from governance.verbs import VERBS

# "/mlgov which projects…" typed into a chat is the question without its prefix.
_MLGOV = re.compile(r"/?mlgov ", re.IGNORECASE)


def read(line: str, *, handles: bool = True) -> c.Command:
    """Parse a chat line into a command, or raise BadCommand with the right form.
    ``handles``: whether a bare ``@name`` mentions someone (the console only)."""
    text = clean(line)  # the length first: nothing below looks at an overlong line
    asked = questions.read(_MLGOV.sub("", text, count=1) if _MLGOV.match(text) else text)
    if asked is not None:
        return asked
    parsed = tokens(text, handles=handles)
    verb = parsed.verb.lstrip("/")
    if verb == "mlgov" and parsed.args:  # "/mlgov status x" typed into a chat
        first = parsed.args.pop(0)
        verb = first.text.lower() if isinstance(first, Word) else ""
        if parsed.options_at:
            parsed.options_at -= 1
    found = VERBS.get(verb)
    if found is None:
        close = difflib.get_close_matches(verb, VERBS, n=1, cutoff=0.7)
        hint = f" Did you mean `{close[0]}`?" if close else ""
        raise BadCommand(
            f"I don't know the command `{verb[:40]}`.{hint} Say `help` to see what I can do."
        )
    args = Args(verb, parsed, usage=found.usage, options=found.options)
    command = found.build(args)
    args.done()
    return command
