"""What a user's document may not bring into answers: live markup, and requests for secrets or money.

A document is the user's, not the paper's; anything it says can be quoted in an answer that looks like
advice. So at ingest (pure functions, tested by tables):

- Markdown images and links become their text, and HTML tags go: a quoted ``![x](http://…)`` would
  otherwise fetch an outside address from an offline classroom's page, or a link would pose as a source.
- Sentences that ask the reader for passwords, PINs, verification codes, ID or card numbers, or to
  transfer money are left out (and counted, so the ingest report says so): such a sentence must never be
  quoted as advice. Warnings ("不要把密码告诉任何人", "never share your PIN") stay.
"""

from __future__ import annotations

import re

from advisor.text import split_sentences

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_TAG = re.compile(r"</?[A-Za-z][^>]{0,500}>")

_SECRET = re.compile(
    r"密码|验证码|口令|身份证|银行卡|卡号|账户号|PIN|password|passcode|verification code|ID card|ID number|"
    r"card number|account number|security code|CVV",
    re.IGNORECASE,
)
_ASK = re.compile(
    r"发给|发到|发送|提供|告诉|填写|填入|输入|报给|私信|加微信|send|give|provide|tell|enter|share|text|email|reply",
    re.IGNORECASE,
)
_MONEY = re.compile(r"转账|汇款|打款|转到|转入|预付|押金|wire|transfer|remit|deposit|pay .{0,20}fee", re.IGNORECASE)
#: A sentence end the shared splitter keeps together when a Chinese sentence follows an English one.
_END = re.compile(r"(?<=[.!?])\s+")
_WARNING = re.compile(r"不要|切勿|不可|勿|谨防|防止|警惕|never|don't|do not|beware", re.IGNORECASE)


def neutralise_markup(text: str) -> str:
    """Markdown images → their alt text, links → their text, HTML tags removed."""
    text = _IMAGE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: m.group(1), text)
    return _TAG.sub("", text)


def asks_for_secrets(sentence: str) -> bool:
    """A sentence asking the reader for a secret, an identity number or money (a warning against it is not)."""
    if _WARNING.search(sentence):
        return False
    return bool((_SECRET.search(sentence) and _ASK.search(sentence)) or _MONEY.search(sentence))


def sanitise_document(text: str) -> tuple[str, int]:
    """The document without markup and without sentences asking for secrets; how many sentences went."""
    kept_lines: list[str] = []
    dropped = 0
    for line in neutralise_markup(text).splitlines():
        sentences = [part for s in split_sentences(line) for part in _END.split(s) if part.strip()]
        bad = [s for s in sentences if asks_for_secrets(s)]
        for sentence in bad:
            line = line.replace(sentence, "")
        dropped += len(bad)
        if line.strip() or not sentences:
            kept_lines.append(line)
    return "\n".join(kept_lines), dropped
