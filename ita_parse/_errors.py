"""Exceptions.

Error *data* (``InputError`` in the findings JSON) is kept apart from the
exceptions that carry it, as frictionless does.  The tree::

    ItaParseError
    ├── InputError                 an input cannot be read; CLI exit code 2
    │   ├── FileMissing            the path does not exist / is not a file
    │   ├── EmptyInput             zero bytes or only whitespace
    │   ├── UnsupportedInput       a format ita_parse has no reader for
    │   ├── DecodeFailed           text that is not in any known encoding
    │   ├── CorruptInput           a broken or truncated file
    │   ├── EncryptedInput         needs a password
    │   ├── NeedsOCR               no usable text layer and OCR was not allowed
    │   ├── InputTimeout           reading took longer than the time limit
    │   └── NotAReport             readable, but nothing in it is part of an ITA report
    └── UsageError                 a bad option or argument (exit code 2)
"""

from __future__ import annotations


class ItaParseError(Exception):
    """Base class of every error ita_parse raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(ItaParseError):
    """An input could not be read."""

    code = "input-error"


class FileMissing(InputError):
    code = "file-missing"


class EmptyInput(InputError):
    code = "empty-input"


class UnsupportedInput(InputError):
    code = "unsupported-input"


class DecodeFailed(InputError):
    code = "decode-failed"


class CorruptInput(InputError):
    code = "corrupt-input"


class EncryptedInput(InputError):
    code = "encrypted-input"


class NeedsOCR(InputError):
    code = "needs-ocr"

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        pages: list[int] | None = None,
        verdicts: dict[int, str] | None = None,
    ) -> None:
        super().__init__(message, path=path)
        self.pages = pages or []
        #: the triage verdict of each page ("unusable": a garbage layer; "empty": none)
        self.verdicts = verdicts or {}


class InputTimeout(InputError):
    code = "timeout"


class NotAReport(InputError):
    code = "not-an-ita-report"


class UsageError(ItaParseError):
    code = "usage-error"
