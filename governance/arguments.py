"""The words after a command's verb, consumed as its grammar reads them.

Options are never silently swallowed. A bare word shaped like an option (``sponser:@bob``)
is told apart from text by where it stands:

- where a command expects a name or a fixed word (`new`'s name, `edit`'s options, any word
  left over), it is a mistyped option: refused with the nearest option of that command;
- inside free text (a check-in note, a criterion, a reason), it is text, so that "09:30",
  "https://…" and "accuracy:0.91" can be written there; only a near miss of an option the
  command takes (``reasn:"…"`` for ``reason:``) is refused, since it was surely meant as one.

Times never look like options (their key would start with a digit), nor do URLs (the value
starts with ``//``), nor a word ending in a colon ("Note: …"); quoted text never does.
"""

from __future__ import annotations

import difflib
import re

from governance.errors import BadCommand
from governance.parser import Mention, Parsed, Token, Word

# One token, anchored, a bounded key: matching is linear in the token's length.
_OPTION_LIKE = re.compile(r"([A-Za-z][A-Za-z-]{0,30}):(.+)", re.DOTALL)
FREE_TEXT_VERBS = frozenset({"abandon", "checkin", "criteria", "review"})


def option_key(token: Token) -> str | None:
    """The key of a bare word written as an option (``sponser:@bob`` → sponser), else None."""
    if not isinstance(token, Word) or token.quoted:
        return None
    match = _OPTION_LIKE.fullmatch(token.text)
    if match is None or match.group(2).startswith("//"):
        return None
    return match.group(1).lower()


def shown(token: Token) -> str:
    return str(token) if isinstance(token, Mention) else token.text


class Args:
    def __init__(
        self, verb: str, parsed: Parsed, *, usage: str, options: tuple[str, ...] = ()
    ) -> None:
        self.verb = verb
        self.usage = usage
        self.args = list(parsed.args)
        self.options = dict(parsed.options)
        self.options_at = parsed.options_at
        self.allowed = options
        self.named: str | None = None  # the project, as named, once read

    def fail(self, message: str) -> BadCommand:
        return BadCommand(message, usage=self.usage)

    def unknown_option(self, key: str) -> BadCommand:
        close = difflib.get_close_matches(key, self.allowed, n=1, cutoff=0.6)
        if close:
            hint = f"did you mean `{close[0]}:`?"
        else:
            takes = ", ".join(f"{k}:" for k in self.allowed) if self.allowed else "none"
            hint = f'it takes {takes}. Text with a colon goes in quotes, like "Ops: Q3".'
        return self.fail(f"`{key[:30]}:` is not an option of `{self.verb}`; {hint}")

    def check_left(self) -> None:
        """Refuse a mistyped option among the words left, before saying what is missing."""
        for token in self.args:
            self.checked(token)

    def checked(self, token: Token) -> Token:
        """``token``, unless it is a mistyped option."""
        key = option_key(token)
        if key is not None:
            raise self.unknown_option(key)
        return token

    def project(self) -> str:
        if not self.args:
            raise self.fail("Which project? Name it by its slug or name.")
        token = self.args.pop(0)
        if isinstance(token, Mention):
            raise self.fail(f"`{token}` is a person; name the project first.")
        self.named = token.text
        return token.text

    def word(self, what: str) -> str:
        if not self.args or isinstance(self.args[0], Mention):
            raise self.fail(f"Missing {what}.")
        return self.checked(self.args.pop(0)).text  # type: ignore[union-attr]

    def peek_word(self) -> str | None:
        """The next bare word in lower case, left in place (None: no bare word is next)."""
        if self.args and isinstance(self.args[0], Word) and not self.args[0].quoted:
            return self.args[0].text.lower()
        return None

    def maybe_word(self) -> str | None:
        word = self.peek_word()
        if word is not None:
            self.checked(self.args.pop(0))
        return word

    def mention(self, what: str) -> Mention:
        if not self.args or not isinstance(self.args[0], Mention):
            raise self.fail(f"Missing {what}: mention them, like @name.")
        return self.args.pop(0)  # type: ignore[return-value]

    def name_words(self) -> list[Token]:
        """The words before the first option (a name), leaving none after the options."""
        end = len(self.args) if self.options_at is None else self.options_at
        words, after = self.args[:end], self.args[end:]
        for token in words:
            self.checked(token)
        if after:
            extra = " ".join(shown(t) for t in after)
            raise self.fail(
                f"`{extra[:80]}` comes after the options: the name goes first, and a value "
                'with spaces goes in quotes, like objective:"…".'
            )
        self.args = []
        return words

    def rest_text(self) -> str | None:
        """Everything left, as free text (a note, a criterion)."""
        if not self.args:
            return None
        for token in self.args:
            key = option_key(token)
            if key is not None and key not in self.allowed:
                near = difflib.get_close_matches(key, self.allowed, n=1, cutoff=0.8)
                if near:
                    raise self.fail(f"`{key[:30]}:` is not an option; did you mean `{near[0]}:`?")
        text = " ".join(shown(t) for t in self.args).strip()
        self.args.clear()
        return text or None

    def option(self, key: str) -> Token | None:
        return self.options.pop(key, None)

    def text_option(self, key: str) -> str | None:
        token = self.option(key)
        if token is None:
            return None
        if isinstance(token, Mention):
            return str(token)
        return token.text.strip() or None

    def mention_option(self, key: str) -> Mention | None:
        token = self.option(key)
        if token is not None and not isinstance(token, Mention):
            raise self.fail(f"`{key}:` takes a person, like {key}:@name.")
        return token

    def number(self, what: str) -> int:
        word = self.word(what)
        if not (word.isascii() and word.isdigit()) or len(word) > 6 or int(word) < 1:
            raise self.fail(f"`{word[:40]}` is not a {what}; criteria are numbered 1, 2, 3…")
        return int(word)

    def done(self) -> None:
        if self.options:
            keys = ", ".join(f"{key}:" for key in self.options)
            hint = " To write it in the text, put the text in quotes." * (
                self.verb in FREE_TEXT_VERBS
            )
            raise self.fail(f"`{self.verb}` does not take {keys}.{hint}")
        self.check_left()
        if self.args:
            extra = " ".join(shown(t) for t in self.args)
            if self.named is not None and all(isinstance(t, Word) for t in self.args):
                # "status Churn model": most likely a name with spaces, typed without quotes.
                whole = f"{self.named} {extra}"[:80]
                raise self.fail(
                    f"I don't understand `{extra[:80]}` here. If the project is called "
                    f'“{whole}”, put its name in quotes ("{whole}") or use its slug.'
                )
            raise self.fail(f"I don't understand `{extra[:80]}` here.")
