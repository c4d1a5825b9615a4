"""Errors that name the file (and the column or line) that broke a rule of the contract."""

from __future__ import annotations


class LandingFileError(Exception):
    """A landed file is rejected as a whole."""

    def __init__(self, file: str, message: str) -> None:
        self.file = file
        super().__init__(f"{file}: {message}")


class UnreadableFileError(LandingFileError):
    """The file cannot be decoded or parsed (truncated gzip, bad bytes, broken JSON...)."""


class MissingColumnError(LandingFileError):
    """A required contract column is absent from the header."""

    def __init__(self, file: str, columns: list[str]) -> None:
        self.columns = columns
        names = ", ".join(columns)
        super().__init__(file, f"missing required column(s) {names} (rule: contract header)")
