"""What the built-in parser's reading pass fills in: one draft per signal in a message, and its slots."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum, auto

from shared.domain.signal import OrderType, Side


class Slot(Enum):
    NONE = auto()
    ENTRY = auto()
    SL = auto()
    TP = auto()
    IGNORE = auto()


@dataclass(slots=True)
class Draft:
    """One signal being read; a message may hold more than one."""

    symbol: str | None = None  # the raw symbol text; normalised once the prices are known
    symbol_kind: str = ""
    symbol_guessed: bool = False  # the symbol is a capitalised word beside the side word, not a known name
    symbol_weak: bool = False  # a guessed coin name: a real symbol token read before the levels replaces it
    # the price of the signal whose symbol this one carried over (a straddle names it once): a carried symbol is
    # dropped when this signal's prices are of another size ("LBLOCK/USD ... 0.0030 // Bán (Short) ... 10500")
    carried_price: Decimal | None = None
    # another symbol was written before the side, on a line of its own ("#ALGO/USDT entered its zone / XAUUSD /
    # Buy: 4119.5"): which one the order is for is a person's call
    symbol_rival: str = ""
    symbol_titled: bool = False  # read in a channel's title ("GOLD SNIPER VIP"): a market written later wins
    symbol_headed: bool = False  # read in the message's heading ("GOLD TRADE"): a market written later contests it
    symbol_at_line: int = -1  # the line the symbol was read on
    side: Side | None = None
    side_line: int = 0
    side_restated: bool = False  # the side written again on a later line, before any price: the order's own line
    side_start: int = -1  # where the side word's line starts (a side alone on its line heads the orders under it)
    side_inherited: bool = False  # the side came from such a heading: a side word of the order's own replaces it
    order_type: OrderType = OrderType.MARKET
    entry: Decimal | None = None
    entry_raw: bytes = b""
    entry_token: int = -1
    entry_end: int = -1  # where the entry's price ends in the message
    entry_line: int = -1
    entry_range: tuple[Decimal, Decimal] | None = None
    entry_implicit: bool = False  # the entry came after the side word, not after an entry label
    stop_loss: Decimal | None = None
    stop_loss_void: bool = False  # "SL open", "no SL", a pip distance, an unreadable value
    stop_distance: bool = False  # the stop written as a distance only ("SL 30 pips"): meant, but no price
    stop_money: bool = False  # the stop's number carries a currency mark ("SL 20$", "SL: 10 USD")
    stop_loss_worded: bool = False  # the void came from words after the label ("sl is wide"): a priced SL later wins
    stop_labelled: bool = False  # a stop-loss label was read (with a price or not)
    labelled: bool = False  # an SL or TP label was seen
    # (price, right after its label): only prices that merely continue a list are checked against the scale
    take_profits: list[tuple[Decimal, bool]] = field(default_factory=list)
    # prices dropped before any level, after the side ("Long/Buy #PIXEL/USDT / Zork Point - 4685 / Targets: ..."): the
    # entry under a label not read, when the order ends with none and one lies between its stop and first target
    early_prices: list[Decimal] = field(default_factory=list)
    target_labels: int = 0  # target labels read ("TP2: 4915" as the first: target 1 was not read, tp_skipped)
    # prices under a field's name not read, or in a bracket ("Zork: 4515", "Zork 1 ( 4163 )"): notes, unless they lie
    # among the targets
    field_notes: list[Decimal] = field(default_factory=list)
    # every draft's entry prices and stop in the message: another order's, or another leg's, are no unread level
    orders_prices: frozenset[Decimal] = frozenset()
    unlabelled: list[Decimal] = field(default_factory=list)  # "XAUUSD BUY 1413.0 1409.0 1435.0": prices after the entry
    beside_entry: Decimal | None = None  # "SELL NOW: 4582 4586": a price right after the entry, spaces between
    field_price: bool = False  # "BUY XAUUSD / Last: 2350.50": a price under a field not read, before any entry
    entry_labelled: bool = False  # an entry label ("Entry:", "вход", "دخول") was read
    entry_listed: bool = False  # the entry's price was the first of a numbered list ("LONG 1) 105K 2) 102K")
    entry_prose: bool = False  # the entry came after a prose word ("between", "zone"): a labelled entry replaces it
    zone_named: bool = False  # the entry's label names a zone ("Entry Zone : 0.4790 0.4400"): two prices are one
    quoted: bool = False  # the entry came from "Market price :", which an order line's own price replaces
    leg: bool = False  # another leg of the signal before it: shares the levels written once for all legs
    skipped_side: str = ""  # why a side word was not read as the order's side (wording.side_role)
    side_is_view: bool = False  # the side came from "bullish"/"bearish" and no order word followed
    side_from_field: bool = False  # the side was written as a field ("Side: SELL"), which beats any other side word
    reasons: list[str] = field(default_factory=list)  # doubts met while reading (assess.COSTS)

    def next_leg(self, line: int, order_type: OrderType, *, entry_labelled: bool = False) -> Draft:
        """Another leg of this signal, read from ``line``: same symbol and side, levels shared when finished."""
        return Draft(symbol=self.symbol, symbol_kind=self.symbol_kind, symbol_weak=True, leg=True, side=self.side,
                     side_line=line, side_from_field=self.side_from_field, order_type=order_type,
                     entry_labelled=entry_labelled, carried_price=self.reference_price,
                     symbol_guessed=self.symbol_guessed, symbol_rival=self.symbol_rival)  # (contested for all legs)

    def next_signal(self, order_type: OrderType = OrderType.MARKET) -> Draft:
        """The next signal of the message: this one's symbol carries over until another is written."""
        # (a contested symbol stays contested: "... live trade open on the USD/CHF ... / GBP/USD / Buy Stop ... /
        # Sell Stop ...": which market the orders are for, a person decides for both; so does a guessed name:
        # "IBULHSGFIN BUY ABOVE 1234 ... / SELL BELOW 1209 ...")
        return Draft(symbol=self.symbol, symbol_kind=self.symbol_kind, symbol_weak=True, order_type=order_type,
                     carried_price=self.reference_price, symbol_rival=self.symbol_rival,
                     symbol_guessed=self.symbol_guessed)

    @property
    def reference_price(self) -> Decimal | None:
        """The entry, a zone's low bound, else the stop or the first target: where the signal's prices lie."""
        if (entry := self.entry_price) is not None:
            return entry
        return self.stop_loss if self.stop_loss is not None else next((tp for tp, _ in self.take_profits), None)

    @property
    def entry_price(self) -> Decimal | None:
        """The entry, else a zone's low bound; None when neither is read."""
        if self.entry is not None:
            return self.entry
        return self.entry_range[0] if self.entry_range is not None else None

    @property
    def symbol_open(self) -> bool:
        """No symbol read yet, or only one in a channel's title or the message's heading: a name by the side word may
        still be the order's."""
        return self.symbol is None or self.symbol_titled or self.symbol_headed

    @property
    def has_levels(self) -> bool:
        return self.stop_loss is not None or bool(self.take_profits) or self.stop_loss_void


def split_number(first: bytes, second: bytes) -> bool:
    """"1 7786" is one price with a stray space ("1.7786"), unreadable, not two prices."""
    return first.isdigit() and len(first) <= 2 and second.isdigit() and len(second) >= 3
