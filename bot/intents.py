"""Which of the bot's few questions a person asked, from example phrasings and a confidence threshold.

Not substring matching: each message is compared with every example (content-word overlap blended with a
character-level similarity), the best intent must clear `threshold` and beat the runner-up by `margin`;
otherwise the bot is unsure and shows its menu.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.fuzz import ratio as _rapid_ratio

MY_NUMBER, MY_MINUTES, HELP = "my_number", "my_minutes", "help"
MY_QUEUES, RING_MOBILE, RING_STOP = "my_queues", "ring_mobile", "ring_stop"

EXAMPLES: Mapping[str, Sequence[str]] = {
    MY_NUMBER: (
        "my number",
        "what is my phone number",
        "which number do I have",
        "what's my direct line",
        "my phone",
        "my extension",
        "is my voicemail on",
        "where are my calls forwarded",
        "my call forwarding",
        "my emergency location",
    ),
    MY_MINUTES: (
        "my minutes",
        "how many minutes did I use",
        "how much have I been on the phone",
        "my call usage this month",
        "my usage",
        "minutes last month",
        "how long were my calls",
        "talk time",
        "compare my minutes with my department",
    ),
    MY_QUEUES: (
        "my queues",
        "which call queues am I in",
        "what queues am I an agent of",
        "am I opted in to my queues",
        "opt me out of the queue",
        "take me off the call queue",
        "pause my queue calls",
        "stop queue calls for an hour",
        "opt back in to the queue",
        "put me back in the queue",
    ),
    RING_MOBILE: (
        "ring my mobile too",
        "ring my cell phone as well",
        "ring my cell too",
        "my mobile should ring too",
        "also ring my mobile",
        "simultaneous ring",
        "send my calls to my cell too",
        "ring my desk phone and mobile at the same time",
        "turn on simultaneous ringing",
    ),
    RING_STOP: (
        "stop",
        "stop ringing my mobile",
        "stop ringing my cell",
        "turn off simultaneous ring",
        "don't ring my mobile anymore",
        "only ring me in Teams",
    ),
    HELP: ("help", "what can you do", "commands", "menu", "options", "hi", "hello", "how does this work"),
}

# "stop" turns simultaneous ring off at once: "stop the world" (0.6) must get the menu instead.
STRICT: Mapping[str, float] = {RING_STOP: 0.7}

# Admin questions, matched only when the bot has an admin side (bot/admin.py decides who may act).
ADMIN_EXAMPLES: Mapping[str, Sequence[str]] = {
    "admin": ("admin", "admin menu", "admin actions", "admin tools"),
    "popup_form": (
        "open a pop-up line",
        "open a popup line",
        "new pop-up line",
        "start a hotline",
        "open a temporary line",
        "open a pop-up line for the fee",
    ),
    "popup_list": (
        "list pop-up lines",
        "show the pop-up lines",
        "close a pop-up line",
        "extend a pop-up line",
    ),
    "emergency_modes": ("emergency mode", "activate emergency mode", "storm mode", "restore emergency mode"),
    "approvals": ("pending approvals", "approve an activation", "approvals"),
    "report": (
        "usage report",
        "county usage report",
        "usage report for last week",
        "usage report for last month",
        "call report",
    ),
    "voiceapps_check": (
        "check voice apps",
        "voice app check",
        "voiceapps check",
        "find problems in call queues",
    ),
}

_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "is",
        "are",
        "was",
        "were",
        "do",
        "does",
        "did",
        "i",
        "me",
        "my",
        "mine",
        "you",
        "your",
        "to",
        "of",
        "in",
        "on",
        "for",
        "and",
        "or",
        "what",
        "whats",
        "which",
        "how",
        "much",
        "many",
        "have",
        "has",
        "been",
        "be",
        "it",
        "this",
        "that",
        "please",
        "can",
        "could",
        "would",
        "with",
        "at",
    ]
)
_CONTRACTIONS = {"what's": "what is", "whats": "what is", "i'm": "i am", "don't": "do not"}
_WORD = re.compile(r"[a-z0-9']+")
RECENT = 2048  # matches remembered (oldest dropped first)
MAX_CHARS = 200  # longer messages are not questions for this bot; bound the work per turn


def normalise(text: str) -> str:
    words = [_CONTRACTIONS.get(w, w) for w in _WORD.findall(text.lower())]
    return " ".join(words)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> frozenset[str]:
    """Stemmed words that carry meaning; a phrase made only of small words ("what can you do") keeps them."""
    words = normalise(text).split()
    kept = [w for w in words if w not in _STOP] or words
    return frozenset(_stem(w) for w in kept)


def char_ratio(a: str, b: str) -> float:
    """0..1 character similarity (Indel distance, rapidfuzz's C implementation: the hot path per turn)."""
    return float(_rapid_ratio(a, b)) / 100.0


@lru_cache(maxsize=8192)
def _typo_close(word: str, other: str) -> bool:
    if len(word) <= 3 or abs(len(word) - len(other)) > 2:
        return False
    return char_ratio(word, other) >= 0.8


def _close(word: str, others: frozenset[str]) -> bool:
    """The same word, or one typo away from it ("nunber")."""
    return word in others or any(_typo_close(word, other) for other in others)


def _f1(a: frozenset[str], b: frozenset[str]) -> float:
    overlap = sum(1 for word in a if _close(word, b))
    return 2 * overlap / (len(a) + len(b)) if a and b and overlap else 0.0


def similarity(text: str, example: str) -> float:
    """0..1: content-word F1 (what the words are) blended with character similarity (typos, word order)."""
    chars = char_ratio(normalise(text), normalise(example))
    return 0.7 * _f1(content_words(text), content_words(example)) + 0.3 * chars


@dataclass(frozen=True)
class Match:
    intent: str | None  # None: unsure
    score: float
    runner_up: str | None


class IntentMatcher:
    def __init__(
        self,
        examples: Mapping[str, Sequence[str]] = EXAMPLES,
        *,
        threshold: float = 0.5,
        margin: float = 0.08,
        thresholds: Mapping[str, float] | None = None,
    ) -> None:
        self._threshold, self._margin = threshold, margin
        # Intents that change something when matched from text need more confidence than those that show.
        self._thresholds = dict(STRICT if thresholds is None else thresholds)
        self._recent: dict[str, Match] = {}
        # Examples are normalised once; per message only the message is (the hot path of every turn).
        self._examples = {
            intent: [(normalise(e), content_words(e)) for e in phrases]
            for intent, phrases in examples.items()
        }

    def scores(self, text: str) -> dict[str, float]:
        """Same value as `similarity` per example; the message is the matcher's cached second sequence."""
        text = text[:MAX_CHARS]
        words, text_norm = content_words(text), normalise(text)
        result = {}
        for intent, examples in self._examples.items():
            best = 0.0
            for normalised, example_words in examples:
                best = max(best, 0.7 * _f1(words, example_words) + 0.3 * char_ratio(text_norm, normalised))
            result[intent] = best
        return result

    def match(self, text: str) -> Match:
        """Cached per message text: people send the same few phrasings ("help", "my number") all day."""
        key = text[:MAX_CHARS]
        hit = self._recent.get(key)
        if hit is None:
            hit = self._recent[key] = self._match(key)
            if len(self._recent) > RECENT:
                self._recent.pop(next(iter(self._recent)))
        return hit

    def _match(self, text: str) -> Match:
        ranked = sorted(self.scores(text).items(), key=lambda item: item[1], reverse=True)
        (best, score), (second, second_score) = ranked[0], ranked[1]
        if score < self._thresholds.get(best, self._threshold) or score - second_score < self._margin:
            return Match(None, score, best)
        return Match(best, score, second)
