"""One person tries to take a high-risk project from idea to production alone: every step that
needs another person is refused, on every surface, in the same words.

``{me}`` is the speaker mentioning themselves, as each platform writes a mention.
"""

from __future__ import annotations

OK = None
SOLO: list[tuple[str, str | None]] = [
    ('new Fraud Model risk:high budget:50k objective:"catch fraud" sponsor:{me}',
     "You would own fraud-model, so you cannot also sponsor it"),
    ('new Fraud Model risk:high budget:50k objective:"catch fraud"', OK),
    ("sponsor fraud-model {me}", "You own fraud-model, so you cannot also sponsor it"),
    ("member fraud-model add {me} role:sponsor", "so you cannot also sponsor it"),
    ("member fraud-model add {me} role:it", OK),
    ('criteria fraud-model add "AUC >= 0.9"', OK),
    ("cost fraud-model monthly:1000", OK),
    ("criteria fraud-model confirm", "Only the sponsor of fraud-model can confirm its criteria"),
    ("advance fraud-model", "fraud-model cannot leave idea yet: 1 open — sponsor"),
    ("sponsor fraud-model confirm", "Only the sponsor of fraud-model can confirm"),
    ("accept fraud-model", "Only the sponsor of fraud-model can accept it"),
    ('criteria fraud-model waive 1 reason:"good enough"', "Only the sponsor of fraud-model"),
    ("ready fraud-model ethics done evidence:https://wiki.example.com/ethics",
     "on fraud-model is signed by someone with the org role ethics who is not the owner or "
     "sponsor"),
    ("ready fraud-model security done evidence:https://wiki.example.com/security",
     "on fraud-model is signed by someone with the org role security"),
    ("ready fraud-model compliance done evidence:https://wiki.example.com/compliance",
     "on fraud-model is signed by someone with the org role compliance"),
    ("ready fraud-model it-acceptance done",
     "on fraud-model is signed by a member with role it who is not the owner"),
    ("ready fraud-model it-acceptance request {me}", "may not sign"),
]  # fmt: skip

# What is left at the end: still an idea, nobody sponsoring, nothing signed.
AFTER = "status fraud-model"
