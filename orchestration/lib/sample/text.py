"""Fake names and survey comments: syllable names, comments in four languages."""

from __future__ import annotations

import random

_SYLLABLES = (
    "ka", "lo", "mi", "ra", "ne", "to", "sa", "vi", "da", "ren",
    "mar", "el", "an", "is", "or", "ul", "be", "ti", "no", "ya",
)  # fmt: skip

LANGUAGES = ("en", "zh", "fa", "ru")
_LANGUAGE_WEIGHTS = (4, 2, 2, 2)

_COMMENTS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "positive": (
            "Quick and friendly help, thank you!",
            "The agent solved my problem in one call.",
        ),
        "neutral": ("It was okay, but I had to wait a bit.", "Average experience."),
        "negative": (
            'They said "call back later", twice. Not happy.',
            "I was transferred and the issue is still open.",
        ),
    },
    "zh": {
        "positive": ("客服非常耐心，问题很快就解决了。", "服务很好，谢谢！"),
        "neutral": ("还可以，但是等了一会儿。",),
        "negative": ("等待时间太长了，问题也没有解决。",),
    },
    "fa": {
        "positive": ("پشتیبانی بسیار خوب بود، ممنون!", "مشکلم سریع حل شد."),
        "neutral": ("بد نبود، ولی کمی منتظر ماندم.",),
        "negative": ("خیلی طول کشید و مشکلم حل نشد.",),
    },
    "ru": {
        "positive": ("Спасибо, всё решили быстро и вежливо!",),
        "neutral": ("Нормально, но пришлось подождать.",),
        "negative": ("Очень долго ждал, проблему так и не решили.",),
    },
}


def syllable_word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


def fake_name(rng: random.Random) -> tuple[str, str]:
    """(first, last), e.g. ('Kalo', 'Minevi')."""
    return syllable_word(rng, 2), syllable_word(rng, rng.choice((2, 3)))


def survey_comment(rng: random.Random, emotion: str) -> str:
    language = rng.choices(LANGUAGES, weights=_LANGUAGE_WEIGHTS)[0]
    return rng.choice(_COMMENTS[language][emotion])
