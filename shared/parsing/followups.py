"""Follow-ups: what a channel says about a trade it already signalled, in English, Russian, Persian, Arabic.

``read_follow_up`` turns a message into a ``FollowUp``: zero or more actions (move the stop to entry or a
price, close all or a part, cancel a pending entry, change a target) and an informational note ("TP1
hit", "+40 pips", "stopped out"), or None when the message says nothing of the sort.

It reads only what is said with a verb or a marker ("SL to 2345", "move SL to entry", "TP2 to 2375"): a
level alone ("SL 2340") is how a new signal is written, not an instruction. A message that reads like a
whole new signal (a side and two or more prices) is no follow-up at all, so the caller may ask both
parsers without a signal ever being taken for a "move the stop". Everything runs on RE2 (linear time on
any input, as the signal parser).

Text and patterns go through the same normalisation (lower case, Eastern Arabic and Persian digits to
ASCII, Arabic letter variants to one form, ZWNJ to a space), so each word is written once.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

import re2

from shared.parsing.markup import unescape_markdown
from shared.parsing.numbers import to_decimal

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ـ": None,
                          "\u200c": " ", "٪": "%", "٫": ".", "،": ",", "→": ">", "⇒": ">"})
_MARKS = dict.fromkeys(range(0x064B, 0x0653))  # Arabic vowel marks


def normalise(text: str) -> str:
    return unescape_markdown(text).lower().translate(_DIGITS).translate(_LETTERS).translate(_MARKS)


class FollowUpKind(StrEnum):
    MOVE_STOP = "move_stop"
    CLOSE = "close"
    CANCEL = "cancel"
    CHANGE_TARGET = "change_target"


class Note(StrEnum):
    TARGET_HIT = "target_hit"
    STOP_HIT = "stop_hit"
    RESULT = "result"  # pips or profit talk


@dataclass(frozen=True, slots=True)
class FollowUpAction:
    """One instruction. MOVE_STOP: ``to_entry`` or ``price``. CLOSE: ``percent`` (None: everything).
    CHANGE_TARGET: ``price`` and ``target`` (1-based; None when the message names no target number)."""

    kind: FollowUpKind
    to_entry: bool = False
    price: Decimal | None = None
    percent: Decimal | None = None
    target: int | None = None


class Withheld(StrEnum):
    """Why the actions a message names are not taken: it says not to, or only when something happens."""

    NEGATED = "follow_up_negated"  # "I would not close here", "Not cancelled", "Do NOT move SL to BE yet"
    CONDITIONAL = "follow_up_conditional"  # "Close 50% if it reaches 2360", "Move SL to BE after TP1"
    OPTIONAL = "follow_up_optional"  # "Close half? Up to you", "Maybe close half here", "Cancel?"


@dataclass(frozen=True, slots=True)
class FollowUp:
    actions: tuple[FollowUpAction, ...] = ()
    note: Note | None = None
    target_reached: int | None = None  # "TP2 hit": 2
    withheld: Withheld | None = None  # actions were named, and none is taken: why

    @property
    def informational(self) -> bool:
        return not self.actions and self.withheld is None


def _word(word: str) -> str:
    """A non-Latin whole word: RE2's ``\\b`` knows only ASCII word characters."""
    return rf"(?:^|[^\pL\d]){word}(?:[^\pL\d]|$)"


# "2,345" and "2,345.5" group thousands, "1,0850" has a decimal comma (numbers.to_decimal tells them apart); a
# number is taken whole, never cut short at a digit limit ("2345.123456789" is no "2345.12345678")
_NUM = r"(\d+(?:[.,]\d+)*)"
_GAP = r"[^\d\n]{0,25}?"  # words between a keyword and its value, never a number
_SHORT_GAP = r"[^\d\n,.;:!]{0,12}?"  # a few words, within one clause
# Between a level's name and "to": only words that say it changes ("TP2 moved to", "استاپ را به")
_SAID = (r"\s*(?:(?:is\s+|has\s+been\s+)?(?:now|moved|changed|updated|new|trail(?:ed|ing)?|перенесен\pL*|"
         r"переносим|передвигаем|را|جدید|الجدید)\s*)?")
_SL = (rf"(?:\bs/?l\b|\bstop(?:[ -]?loss)?\b|стоп(?:[ -]?лосс)?|{_word('сл')}|استاپ(?: ?لاس)?|حد ضرر|الستوب|ستوب|"
       r"وقف الخساره|الوقف)")
_TP = r"(?:\btp|\bt/p|\btake[ -]?profit|\btarget|тп|тейк|цель|تی ?پی|تارگت|حد سود|الهدف|هدف)"
_BREAKEVEN = rf"(?:\bb/?e\b|\bbreak[ -]?even\b|{_word('бу')}|безубыт\pL*|سر ?به ?سر|التعادل)"
_ENTRY = rf"(?:\bentry\b|\bopen(?:ing)? price\b|{_BREAKEVEN}|вход|ورود|الدخول)"
_TO = r"(?:\bto\b|\bat\b|>|->|=>|на|в\s|به|الی|ل)"
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "перв": 1, "втор": 2, "трет": 3, "четв": 4,
             "اول": 1, "دوم": 2, "سوم": 3, "چهارم": 4, "الاول": 1, "الثانی": 2, "الثالث": 3, "الرابع": 4}
_ORDINAL = "(?:" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r")\pL*"
_TARGET_NO = rf"\s*(?:(\d)|({_ORDINAL}))?"
_VERB_MOVE = (r"(?:\bmove|\bset|\bchange|\badjust|\bmodify|\btrail|\bnew\b|\bupdate|\bshift|\bput|перен\pL*|"
              r"передвиг\pL*|постав\pL*|измен\pL*|нов\pL*|جابجا|منتقل|تغییر|جدید|نقل|تحریک|تعدیل|جدید|ضع)")

_PATTERNS: dict[str, str] = {
    "stop_to_entry": rf"{_SL}{_GAP}{_ENTRY}|{_VERB_MOVE}{_GAP}{_BREAKEVEN}|\brisk[ -]?free\b|в безубыток|ریسک ?فری",
    "stop_to_price": rf"{_SL}{_SAID}{_TO}\s*{_NUM}|{_VERB_MOVE}{_SHORT_GAP}{_SL}\s*[:=]?\s*{_NUM}",
    "close_percent": (r"(?:\bclose|\btake|\bbook|\bsecure|\block|закр\pL*|фикс\pL*|ببند\pL*|بستن|اغلق|اغلاق)"
                      rf"{_GAP}(\d{{1,3}}(?:[.,]\d+)?)\s*%|(\d{{1,3}}(?:[.,]\d+)?)\s*%{_GAP}"
                      r"(?:\bclose|\boff\b|\bprofit|закр\pL*|фикс\pL*|ببند\pL*|بسته|اغلاق|اغلق)"),
    "close_half": (r"(?:\bclose|\btake|\bbook|\bsecure)\pL*\s+(?:\pL+\s+){0,2}?half\b|\bhalf\s+(?:close|off)\b|"
                   r"(?:закр|фикс)\pL*\s+(?:\pL+\s+){0,2}?половин|половин\pL*\s+(?:\pL+\s+){0,2}?закр|"
                   r"(?:نصف|نیمی)\s+(?:\pL+\s+){0,3}?(?:ببند|بسته|سیو|اغلق|اغلاق)|(?:اغلق|اغلاق)\s+(?:ال)?نصف"),
    "close_partial": (r"\b(?:take|taking|book|close|secure)\s+(?:some\s+)?partials?\b|\bpartial(?:ly)?\s+"
                      r"(?:close|profits?|tp)\b|частичн\pL*|بخشی از سود|جزئی|سیو سود"),
    "close_all": (r"\bclose\s+(?:\pL+\s+){0,2}?(?:now|here|all|everything|at market|manually)\b|"
                  r"\bclose\s+(?:the|this|your|my|our)?\s*(?:trades?|positions?|orders?)\b|"
                  r"\bexit\s+(?:now|all|here|the trade|trade)\b|^\W*close\W*$|"
                  r"закрыва(?:ем|йте|ю)|закры(?:ть|ли)\s+(?:все|всё|сделк|позици)|выходим|"
                  r"ببندید|ببندین|بستن (?:همه|معامله)|خارج شوید|اغلق|اغلاق (?:الصفقه|الکل|جمیع)|اخرج"),
    "cancel": (r"\bcancel(?:led|ed)?\b|\b(?:delete|remove)\s+(?:the\s+)?(?:\pL+\s+)?(?:order|limit|pending)|"
               r"отмен\pL*|удал\pL*\s+(?:\pL+\s+)?(?:ордер|лимит)|کنسل|لغو|الغاء|الغی|احذف"),
    "change_target": (rf"{_VERB_MOVE}{_SHORT_GAP}{_TP}{_TARGET_NO}{_SHORT_GAP}{_NUM}|{_TP}{_TARGET_NO}{_SAID}"
                      rf"(?:\bto\b|>|->|=>|на|به|الی|ل)\s*{_NUM}"),
    "target_hit": (rf"{_TP}{_TARGET_NO}\s*(?:\bis\s+)?(?:\bhit|\bdone|\breached|\bachieved|\bsmashed|\bsecured|"
                   rf"\bbooked|\bclosed|✅|взят|закрыт|достигнут|выполнен|خورد|زده شد|تاچ شد|تحقق|تم)|"
                   rf"(?:\bhit|\breached)\s+{_TP}{_TARGET_NO}|(?:تحقیق|ضرب|تم تحقیق)\s+{_TP}{_TARGET_NO}"),
    "stop_hit": (rf"{_SL}\s*(?:\bhit|\btriggered|выбит|сработал|خورد|زده شد)|\bstopped\s+out\b|"
                 r"выбило по стопу|ضرب الستوب"),
    "result": (r"[+]\s*\d+\s*(?:pips?|pts|points?|пункт\pL*|пипс\pL*|پیپ|نقطه)|\d+\s*(?:pips?|пипс\pL*|пункт\pL*|"
               r"پیپ|نقطه)\s*(?:profit|in profit|прибыл\pL*|سود|ربح)|\bin profit\b|\brunning\b|в плюсе|در سود|ربح"),
    "signal_side": (r"\b(?:buy|sell|long|short)\b|купи\pL*|прода\pL*|покупк\pL*|продаж\pL*|خرید|فروش|شراء|بیع"),
    "price_like": r"\d{3,}|\d+[.,]\d+",
    "stop_word": _SL,
    "distance_after": r"\s*(?:pips?|pts|points?|пункт\pL*|пипс\pL*|پیپ|%)",
    # Any of these withholds every action the message names: moving a stop, closing or cancelling on words that
    # say not to ("no need to close", "not cancelled", "do NOT move SL") would act on the trader's money against
    # the channel's word; an action left undone is recorded, and a person may act
    "negation": (r"\b(?:don'?t|do not|does not|doesn'?t|not|never|hold|no need|won'?t|wouldn'?t|shouldn'?t|"
                 r"avoid|isn'?t|aren'?t)\b|не (?:закры|отмен|трог|перенос|двига)|нельзя|نبندید|نکنید|نزنید|"
                 r"لا (?:تغلق|تلغ|تنقل)"),
    # and so do words that make them wait for something ("close half if it reaches 2360", "move SL to BE after
    # TP1", "SL to entry once we hit 2360"): the reader cannot tell when that is, and acting now is not what was said
    "condition": (r"\b(?:if|once|when|whenever|after|unless|in case|as soon as|should (?:it|price|the price|gold))\b|"
                  r"если|когда|после|اگر|وقتی|بعد از|هر وقت|اذا|عندما|بعد"),
    # and so does a question or a choice left to the reader ("Close half? Up to you", "Maybe close half here")
    "option": (r"\?|؟|\b(?:optional|up to you|your (?:choice|call)|maybe|perhaps|consider\pL*|i'?d)\b|"
               r"по желанию|можно|اختیاری|دلخواه"),
    # a part closed already, reported ("Partial TP hit ✅", "partial profits taken"): a target's leg closes itself
    "partial_reported": (r"\bpartials?\b[^\n]{0,30}?(?:\bhit\b|\btaken\b|\bwas\b|\bwere\b|\bdone\b|\bbooked\b|"
                         r"\breached\b|✅)"),
}


@functools.cache
def _compiled(name: str) -> Any:  # re2 is untyped
    return re2.compile(normalise_pattern(_PATTERNS[name]))


def normalise_pattern(pattern: str) -> str:
    """The normalisation of the text, applied to a pattern's letters (its escapes and classes untouched)."""
    return pattern.translate(_LETTERS).translate(_MARKS)


def _search(name: str, text: str) -> Any:
    return _compiled(name).search(text)


def _finditer(name: str, text: str) -> Iterator[Any]:
    return iter(_compiled(name).finditer(text))


def _decimal(raw: str | None) -> Decimal | None:
    return to_decimal(raw.encode("ascii")) if raw else None


def _target_number(digit: str | None, word: str | None) -> int | None:
    if digit:
        return int(digit) or None
    if word:
        for stem, number in _ORDINALS.items():
            if word.startswith(normalise_pattern(stem)):
                return number
    return None


def read_follow_up(content: str) -> FollowUp | None:
    """The follow-up a message carries, or None (also for anything that reads as a new signal)."""
    text = normalise(content)
    if _search("signal_side", text) and len(list(_finditer("price_like", text))) >= 2:
        return None
    actions = _close_actions(text) + _stop_actions(text) + _target_actions(text)
    if _search("cancel", text):
        actions.append(FollowUpAction(FollowUpKind.CANCEL))
    note, reached = _note(text)
    withheld = _withheld(text) if actions else None
    if withheld is not None:
        actions = []
    if not actions and note is None and withheld is None:
        return None
    return FollowUp(actions=tuple(actions), note=note, target_reached=reached, withheld=withheld)


def _withheld(text: str) -> Withheld | None:
    if _search("negation", text):
        return Withheld.NEGATED
    if _search("condition", text):
        return Withheld.CONDITIONAL
    if _search("option", text):
        return Withheld.OPTIONAL
    return None


def _close_actions(text: str) -> list[FollowUpAction]:
    percent_match = _search("close_percent", text)
    if percent_match is not None:
        percent = _decimal(percent_match.group(1) or percent_match.group(2))
        if percent is not None and 0 < percent <= 100:
            return [FollowUpAction(FollowUpKind.CLOSE, percent=None if percent == 100 else percent)]
    if _search("close_half", text) or (_search("close_partial", text) and not _search("partial_reported", text)):
        return [FollowUpAction(FollowUpKind.CLOSE, percent=Decimal(50))]  # "partial" without a figure: half
    if _search("close_all", text):
        return [FollowUpAction(FollowUpKind.CLOSE)]
    return []


def _stop_actions(text: str) -> list[FollowUpAction]:
    if _search("stop_hit", text):  # "SL hit at entry" reports an exit, it asks for nothing
        return []
    if _search("stop_to_entry", text):
        return [FollowUpAction(FollowUpKind.MOVE_STOP, to_entry=True)]
    match = _search("stop_to_price", text)
    if match is not None and not _compiled("distance_after").match(text, match.end()):
        # ("Trailing stop 20 pips": a distance, no price to put the stop at)
        price = _decimal(match.group(1) or match.group(2))
        if price is not None:
            return [FollowUpAction(FollowUpKind.MOVE_STOP, price=price)]
    return []


def _target_actions(text: str) -> list[FollowUpAction]:
    out = []
    for match in _finditer("change_target", text):
        if _search("stop_word", match.group()):
            continue  # "Move SL to TP1 (2360)": the stop moves to a target's price; no target changes
        groups = match.groups()
        first = groups[:3] if groups[2] else groups[3:]
        price = _decimal(first[2])
        if price is not None:
            out.append(FollowUpAction(FollowUpKind.CHANGE_TARGET, price=price,
                                      target=_target_number(first[0], first[1])))
    return out


def _note(text: str) -> tuple[Note | None, int | None]:
    match = _search("target_hit", text)
    if match is not None:
        groups = [g for g in match.groups()]
        pairs = [(groups[i], groups[i + 1]) for i in range(0, len(groups), 2)]
        reached = next((n for d, w in pairs if (n := _target_number(d, w)) is not None), None)
        return Note.TARGET_HIT, reached
    if _search("stop_hit", text):
        return Note.STOP_HIT, None
    if _search("result", text):
        return Note.RESULT, None
    return None, None
