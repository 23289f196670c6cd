"""The strict, frozen base model and small shared value types."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

ContentType = Literal["code", "data", "parameters", "documentation"]
CONTENT_TYPES: tuple[ContentType, ...] = ("code", "data", "parameters", "documentation")
Lang = Literal["ja", "en"]


class Strict(BaseModel):
    """Base of every content and result model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class I18n(Strict):
    """A text given in Japanese and English."""

    ja: str
    en: str

    def get(self, lang: Lang) -> str:
        """Return the text in `lang`, falling back to the other language when empty."""
        text = self.ja if lang == "ja" else self.en
        return text or (self.en if lang == "ja" else self.ja)
