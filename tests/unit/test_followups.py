"""Follow-up messages as channels write them (English, Russian, Persian, Arabic) and what they ask for."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.parsing.followups import FollowUpAction, FollowUpKind, Note, Withheld, read_follow_up

TO_ENTRY = FollowUpAction(FollowUpKind.MOVE_STOP, to_entry=True)
CLOSE_ALL = FollowUpAction(FollowUpKind.CLOSE)
HALF = FollowUpAction(FollowUpKind.CLOSE, percent=Decimal(50))
CANCEL = FollowUpAction(FollowUpKind.CANCEL)


def stop_at(price: str) -> FollowUpAction:
    return FollowUpAction(FollowUpKind.MOVE_STOP, price=Decimal(price))


def target(n: int | None, price: str) -> FollowUpAction:
    return FollowUpAction(FollowUpKind.CHANGE_TARGET, price=Decimal(price), target=n)


@pytest.mark.parametrize(("message", "actions"), [
    # English
    ("TP1 hit ✅ move SL to entry", [TO_ENTRY]),
    ("Move stop loss to breakeven now", [TO_ENTRY]),
    ("GOLD: SL to BE, we are risk free", [TO_ENTRY]),
    ("Set breakeven guys", [TO_ENTRY]),
    ("SL to 2345", [stop_at("2345")]),
    ("new sl: 1.0832", [stop_at("1.0832")]),
    ("Close all XAUUSD now", [CLOSE_ALL]),
    ("CLOSE!!", [CLOSE_ALL]),
    ("Close the trade, market turning", [CLOSE_ALL]),
    ("Close half and move SL to BE", [HALF, TO_ENTRY]),
    ("Close 30% here", [FollowUpAction(FollowUpKind.CLOSE, percent=Decimal(30))]),
    ("take 50% profit", [HALF]),
    ("Take partial profits 💰", [HALF]),
    ("close 100% now", [CLOSE_ALL]),
    ("Cancel the buy limit", [CANCEL]),
    ("delete pending order", [CANCEL]),
    ("TP2 to 2375", [target(2, "2375")]),
    ("change TP 3 to 2390.5", [target(3, "2390.5")]),
    ("TP1 hit, SL to 2355", [stop_at("2355")]),
    # a number is read as the signal parser reads it: thousands, a decimal comma, every digit it has
    ("Move SL to 4,105", [stop_at("4105")]),
    ("SL to 2,344.5", [stop_at("2344.5")]),
    ("new sl: 1,0832", [stop_at("1.0832")]),
    ("SL to 2342.123456789", [stop_at("2342.123456789")]),
    ("TP2 to 117,500", [target(2, "117500")]),
    # Russian
    ("Закрываем половину, стоп в бу", [HALF, TO_ENTRY]),
    ("Тейк 1 взят, переносим стоп в безубыток", [TO_ENTRY]),
    ("переносим стоп на 2345", [stop_at("2345")]),
    ("Закрываем сделку по рынку", [CLOSE_ALL]),
    ("Частично фиксируем прибыль", [HALF]),
    ("Закрыть 25% позиции", [FollowUpAction(FollowUpKind.CLOSE, percent=Decimal(25))]),
    ("отменяем лимитку", [CANCEL]),
    ("тп2 на 2375", [target(2, "2375")]),
    # Persian
    ("استاپ را به نقطه ورود منتقل کنید", [TO_ENTRY]),
    ("استاپ را به ۲۳۴۵ ببرید", [stop_at("2345")]),
    ("نصف حجم را ببندید", [HALF]),
    ("همه را ببندید", [CLOSE_ALL]),
    ("سفارش را لغو کنید", [CANCEL]),
    ("تارگت دوم به ۲۳۷۵", [target(2, "2375")]),
    # Arabic
    ("نقل الستوب إلى نقطة الدخول", [TO_ENTRY]),
    ("الستوب إلى ٢٣٤٥", [stop_at("2345")]),
    ("أغلق نصف الصفقة", [HALF]),
    ("إغلاق الصفقة الآن", [CLOSE_ALL]),
    ("إلغاء الأمر المعلق", [CANCEL]),
])
def test_actions_are_read(message: str, actions: list[FollowUpAction]) -> None:
    follow_up = read_follow_up(message)
    assert follow_up is not None and list(follow_up.actions) == actions


@pytest.mark.parametrize(("message", "note", "reached"), [
    ("TP1 hit ✅ +45 pips", Note.TARGET_HIT, 1),
    ("Target 2 reached 🎯", Note.TARGET_HIT, 2),
    ("GOLD TP3 smashed!!", Note.TARGET_HIT, 3),
    ("stopped out, next one", Note.STOP_HIT, None),
    ("SL hit at entry", Note.STOP_HIT, None),
    ("+40 pips running", Note.RESULT, None),
    ("тп1 взят", Note.TARGET_HIT, 1),
    ("Стоп выбит", Note.STOP_HIT, None),
    ("تارگت اول خورد", Note.TARGET_HIT, 1),
    ("تم تحقيق الهدف الثاني", Note.TARGET_HIT, 2),
])
def test_result_talk_is_informational(message: str, note: Note, reached: int | None) -> None:
    follow_up = read_follow_up(message)
    assert follow_up is not None and follow_up.informational
    assert (follow_up.note, follow_up.target_reached) == (note, reached)


def test_an_action_with_a_report_keeps_both() -> None:
    follow_up = read_follow_up("TP1 hit, move SL to entry")
    assert follow_up is not None and follow_up.actions == (TO_ENTRY,)
    assert (follow_up.note, follow_up.target_reached, follow_up.informational) == (Note.TARGET_HIT, 1, False)


@pytest.mark.parametrize("message", [
    "BUY GOLD 2350 SL 2340 TP 2360 TP 2370",  # a new signal: its "SL 2340" is no instruction
    "XAUUSD SELL NOW @ 2351-2354\nSL: 2360\nTP1: 2345\nTP2: 2340",
    "Продажа золото 2350 стоп 2360 тейк 2340",
    "Gold is close to entry, be ready",
    "New entry at 2350 soon",
    "TP1: 2360",
    "don't close yet, hold",
    "Good morning traders! Markets open in 10 minutes",
    "",
])
def test_messages_that_ask_for_nothing(message: str) -> None:
    assert read_follow_up(message) is None


@pytest.mark.parametrize(("message", "why"), [
    # said not to: closing, cancelling or moving the stop on these acted against the channel's word
    ("I would not close here", Withheld.NEGATED),
    ("No need to close now", Withheld.NEGATED),
    ("Not cancelled, still valid", Withheld.NEGATED),
    ("Do NOT move SL to BE yet", Withheld.NEGATED),
    ("Не переносим стоп в бу", Withheld.NEGATED),
    # for when something happens: acting now is not what was said
    ("Close 50% if it reaches 2360", Withheld.CONDITIONAL),
    ("Move SL to BE after TP1", Withheld.CONDITIONAL),
    ("Move SL to entry once we hit 2360", Withheld.CONDITIONAL),
    ("Cancel the order if gold opens above 2360", Withheld.CONDITIONAL),
    ("Если цена дойдет до 2360, закрываем половину", Withheld.CONDITIONAL),
    ("اگر به ۲۳۶۰ رسید نصف حجم را ببندید", Withheld.CONDITIONAL),
    # a question, or a choice left to the reader
    ("Close half? Up to you", Withheld.OPTIONAL),
    ("Maybe close half here", Withheld.OPTIONAL),
    ("Close half (optional)", Withheld.OPTIONAL),
    ("Cancel? No", Withheld.OPTIONAL),
])
def test_actions_said_not_to_be_taken_or_only_later_are_withheld(message: str, why: Withheld) -> None:
    follow_up = read_follow_up(message)
    assert follow_up is not None and (follow_up.actions, follow_up.withheld) == ((), why)
    assert not follow_up.informational


@pytest.mark.parametrize(("message", "note"), [
    ("Partial TP hit ✅", Note.TARGET_HIT),
    ("partial profits taken ✅ +30 pips", Note.RESULT),
])
def test_a_part_closed_already_is_reported_not_asked_for(message: str, note: Note) -> None:
    # (a target's leg closes itself at the broker: closing half again on the report closed twice)
    follow_up = read_follow_up(message)
    assert follow_up is not None and follow_up.informational and follow_up.note is note


@pytest.mark.parametrize("message", [
    "Move SL to TP1 (2360)",  # the stop to a target's price: it changed target 1 to 2360 and left the stop
    "Trailing stop 20 pips",  # a distance: it moved the stop to 20 (a coin priced near 25 would have taken it)
    "move SL to 30 pips",
])
def test_a_stop_moved_to_a_target_or_by_a_distance_names_no_price_to_act_on(message: str) -> None:
    assert read_follow_up(message) is None


def test_a_stop_moved_after_a_target_hit_is_not_read_as_a_target_change() -> None:
    follow_up = read_follow_up("TP1 hit SL to 2355")
    assert follow_up is not None and follow_up.actions == (stop_at("2355"),)


def test_a_price_escaped_by_a_bots_markdown_is_read_whole() -> None:
    """MarkdownV2's "2350\\.50" (the text before Telegram renders it) moved the stop to 2350."""
    found = read_follow_up("Move SL to 2350\\.50 \\(entry\\)")
    assert found is not None and found.actions == (stop_at("2350.50"),)


def test_a_message_of_the_longest_size_is_read_whole() -> None:
    follow_up = read_follow_up("sl " * 1360 + "to entry")  # 4,088 characters of near-misses, then the ask
    assert follow_up is not None and follow_up.actions == (TO_ENTRY,)
