"""Wording that makes a side word something other than an order, read in the clause around it.

A side word ("buy", "ШОРТ", "شراء") opens a trade only when the clause it sits in gives an order. The same word
is a report, a condition, a denial, a reference to a trade already open, or part of a name in:

- "This is not a signal to sell gold"            negated: the clause before the word denies it
- "If it breaks 2300, sell" / "sell if ..."       conditional: a condition in the same clause
- "you can buy it from this area"                  hedged: advice or opinion, not an instruction
- "our buy from 2340", "still holding the long"    reference: a trade already open (a follow-up)
- "Strategy: Long Wave", "bot Long 11"             name: part of what a strategy or bot is called
- "Side: SELL", "Direction - Long"                 field: the side written as a field, which beats the others

Clauses end at ``; ! ? ,`` a sentence's full stop, a line break, "but" and dashes between words; so "Don't buy
EURUSD, sell it" denies the buy and keeps the sell. Patterns are RE2 on the message's UTF-8 bytes; words in
scripts RE2's ``\\b`` does not know are matched without it (they are long enough not to occur inside others).
"""

from __future__ import annotations

import re2

from shared.parsing import lexicon, spans

# (" | " parts a one-line message as line breaks part others: "Buy GOLD | Entry: 1934 | ... | Will update later")
CLAUSE_BREAK = re2.compile(r"(?i)[;!?(\[|]|[.,،](?:[ \t]|$)|\bbut\b|\bhowever\b|[ \t][—–][ \t]|\bthen\b"
                          r"|\band[ \t]+(?:open|enter|place)\b")  # ("Close GOLD BUY and open SELL 2355": two clauses)
NEGATION = re2.compile(r"(?i)\b(?:not|don'?t|doesn'?t|never|avoid|isn'?t|aren'?t|wasn'?t|shouldn'?t|won'?t|cannot"
                       r"|can'?t|no[ \t]+need[ \t]+to|jangan|đừng|không[ \t]+nên|no[ \t]+(?:compres|vendas)"
                       r"|não[ \t]+(?:compre|venda))\b|(?:^|[ \t])(?:не|нельзя|никогда|لا|لن|ليس|نه|هرگز)(?:[ \t]|$)"
                       r"|不要|暂无|暫無|没有|沒有|暂不|暫不|不做")  # "🟢 暂无多单": no long for now
CONDITION = re2.compile(r"(?i)\b(?:if|when|whenever|once|unless|upon|in[ \t]+case|wait(?:ing)?[ \t]+for"
                        r"|provided[ \t]+(?:that|you|we|it|price|the)"  # (not "provided by: @channel")
                        r"|after[ \t]+(?:a|the|price|it)|as[ \t]+soon[ \t]+as|as[ \t]+long[ \t]+as"
                        r"|only[ \t]+(?:below|above|under|over|after|on[ \t]+a))\b"  # "short only below $15.90"
                        r"|если|когда|при[ \t]+пробое|в[ \t]+случае|إذا|اذا|عند[ \t]+(?:تجاوز|كسر|اختراق|وصول)"
                        r"|في[ \t]+حال|(?:^|[ \t])لو[ \t]|اگر|در[ \t]+صورت|وقتی|چنانچه"
                        # Vietnamese, Indonesian, Turkish, Spanish, Portuguese, Chinese "if"
                        r"|\b(?:nếu|jika|kalau|apabila|eğer|kırarsa|geçerse|si[ \t]+(?:el|la)|se[ \t]+o"
                        r"|enquanto|mientras)\b"
                        # German, French, Italian, Spanish, Portuguese: "Wenn 2355 bricht", "Si le prix casse 2355",
                        # "Se rompe 2355", "Si rompe 2355", "Caso feche acima"
                        r"|\b(?:wenn|falls|sobald|lorsque|quand|s'il|caso)\b|\bsi[ \t]+(?:le|les|on|rompe|cierra|supera"
                        r"|casse|cl[ôo]ture)\b|\bse[ \t]+(?:romp|chiud|super|fech|quebr)"
                        r"|\bkhi\b|при[ \t]+закреплени|kapan[ıi]şta|kırılırsa|olursa"  # ("Khi giá vượt 2355")
                        r"|如果|若|突破\S{0,6}后")
HEDGE = re2.compile(r"(?i)\b(?:can|could|may|might|would|should|possible|possibly|maybe|perhaps|consider(?:ing)?"
                    r"|looking[ \t]+(?:to|for)|look[ \t]+(?:to|for)|think(?:ing)?|expect(?:ing)?|plan(?:ning)?[ \t]+to"
                    r"|wait|likely|probably|potential|devo|posso|watch(?:ing)?|outlook|forecast|analysis"
                    r"|not[ \t]+yet|next[ \t]+(?:week|month)|tomorrow"  # "Next week we will sell GBPUSD ..."
                    # "Goldman Sachs says buy gold": someone else's view, reported; "... baad mein": later, in Hindi
                    r"|says|said|according[ \t]+to|baad[ \t]+m[ae]i?n?"
                    # "Plan B:", "Watchlist:", "Hypothetically:", "Not now, but later:"; "maybe" in other languages
                    r"|watchlist|hypothetical(?:ly)?|plan[ \t]+b|not[ \t]+now|vielleicht|forse|quiz[áa]s?|tal[ \t]+vez"
                    r"|talvez|belki|mungkin|posible|poss[íi]vel|possibile)\b|\bolas[ıi]|peut-[êe]tre|có[ \t]+thể|可能"
                    r"|можно|может|возможн|стоит|ожида|жду|ждем|ждём|يمكن|ممكن|قد[ \t]|ربما|نتوقع|يتوقع|توقع"
                    r"|میتوان|می[ \t]*توان|احتمال|انتظار|明天|明日")  # ("明天开盘执行": at tomorrow's open)
# A note that the whole order waits for something the copier cannot see
WAIT_FOR_CONFIRMATION = re2.compile(
    r"(?i)\bwait(?:ing)?[ \t]+for[ \t]+(?:an?[ \t]+|the[ \t]+)?(?:confirmation|retest|re-test|pull[ \t-]*back|reaction"
    r"|candle[ \t]+close|close)\b|\bonly[ \t]+enter[ \t]+(?:if|when|after|once|on)\b"
    r"|\b(?:enter|entry)[ \t]+(?:only[ \t]+)?(?:after|on|upon)[ \t]+confirmation\b"
    # "Pending confirmation / XAUUSD BUY ...": not yet
    r"|\b(?:pending|awaiting|needs?)[ \t]+(?:a[ \t]+|the[ \t]+)?confirmation\b"
    # "🔔 Set alert, don't enter yet", "(Prepare, dont place it yet)", "Pending — will confirm entry", "Too late to
    # enter now", "Hold on": not now
    r"|\b(?:don'?t|do[ \t]+not)[ \t]+(?:enter|place|execute)\b|\bset[ \t]+(?:an?[ \t]+)?alerts?\b|\bwill[ \t]+confirm\b"
    r"|\btoo[ \t]+late\b|\bhold[ \t]+on\b|\bmissed[ \t]+it\b|\bwait(?:ing)?[ \t]+for[ \t]+(?:a[ \t]+)?(?:better"
    r"|the[ \t]+next|next|setup)\b|\bsetup[ \t]+forming\b|\bnot[ \t]+yet\b|\bif[ \t]+it[ \t]+comes[ \t]+back\b"
    # "انتظر التأكيد" (wait for the confirmation), "فعلا وارد نشید" (don't enter for now)
    r"|не[ \t]+(?:входим|заходим)|жд[её]м[ \t]+подтвержден|"  # "Не входим пока": not entering yet
    # "Auf Bestätigung warten", "Esperar confirmación", "Attendre confirmation", "Attendere conferma", "Aguardar
    # confirmação", "Tunggu konfirmasi", "Chờ xác nhận", "等待确认": wait for the confirmation
    r"auf[ \t]+best[äa]tigung|esperar[ \t]+(?:la[ \t]+)?confirmaci|attendre[ \t]+(?:la[ \t]+)?confirmation"
    r"|attendere[ \t]+(?:la[ \t]+)?conferma|aguardar[ \t]+(?:a[ \t]+)?confirma|tunggu[ \t]+konfirmasi"
    r"|chờ[ \t]+xác[ \t]+nhận|等待确认|等待確認|"
    r"انتظر[ \t]+التأكيد|انتظروا[ \t]+التأكيد|بانتظار[ \t]+التأكيد|وارد[ \t]+نشو?ید|منتظر[ \t]+تایید"
    # "Weekly plan: / Monday: BUY GOLD ... / Tuesday: SELL EURUSD ...": orders for days to come
    r"|\b(?:weekly|week'?s|monthly)[ \t]+(?:plan|setups?)\b|(?m:^)[^a-z0-9\n]*(?:monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday)[ \t]*:"
    # "US30 buy on breakout above 39200", "NAS100 sell on retest of 18300": the entry waits for the move
    r"|\b(?:buy|sell|long|short)[ \t]+on[ \t]+(?:a[ \t]+|the[ \t]+)?(?:break(?:out|down)?|retest|re-test"
    r"|pull[ \t-]*back|bounce|rejection)\b")
# A note that takes an order back, or says it was sent in error: "Wrong signal, please ignore: BUY USDCAD ...",
# "Disregard the last signal. GBPUSD SELL ...". The order beside it may be the correction or the mistake itself.
RETRACTED = re2.compile(
    r"(?i)\bdisregard\b|\bplease[ \t]+ignore\b|\bignore[ \t]+(?:this|that|the|my|our)[ \t]+(?:[a-z]+[ \t]+){0,2}"
    r"(?:signals?|posts?|messages?|calls?|trades?|one|above)\b|\bwrong[ \t]+(?:signal|post|message|call|pair|entry)\b"
    r"|\b(?:by|in)[ \t]+(?:a[ \t]+)?(?:mistake|error)\b|\bmistakenly\b|\bduplicate\b"
    r"|\bignore[ \t]+above\b|\bmistake[ \t,.!]*sorry\b|\bsorry[ \t,.!]*(?:my[ \t]+)?mistake\b")
# One search for most messages, which hold neither note.
# A note that the order is no order for real money: "Paper trade only: BUY EURUSD ...", "Demo account test — SELL
# GOLD ..." ("Test signal" is disowned already: screening.DISOWNED)
NOT_LIVE = re2.compile(r"(?i)\b(?:paper|demo)[ \t]+(?:trad|acc)")
MESSAGE_NOTES = re2.compile(f"(?:{WAIT_FOR_CONFIRMATION.pattern})|(?:{RETRACTED.pattern})|(?:{NOT_LIVE.pattern})")
# A word right before the side naming a trade already open: "our buy", "the long from 2340", "my sell".
_OWNER = r"(?i)\b(?:our|my|your|the|this|that|previous|last|current|existing|open|active|these|those)"
_HELD = r"(?i)\b(?:still?|holding|hold|keep|kept|already)\b"  # ("Im stil on sell From 4000": the typo too)
REFERENCE = re2.compile(_OWNER + r"[ \t]+(?:\pL+[ \t]+)?$|" + _HELD)
# "the Gold sell @3983.5": a demonstrative before the side word, and the order's price right after it
_DEMONSTRATIVE = re2.compile(r"(?i)\b(?:the|this|that)[ \t]+(?:\pL+[ \t]+)?$")
_PRICED_NEXT = re2.compile(r"(?i)^[ \t]*(?:@|at\b|now\b|:)?[ \t]*\$?\d")
# "BANK/USDT My Long Trade Setup": an owner's word before a side that names a new setup ("My Short Trade / Setup")
NEW_SETUP = re2.compile(r"(?i)^[ \t]*(?:trades?)?[^\pL\pN]{0,8}(?:setup|set[ \t-]up)\b")  # ("Trade / • Setup")
# "A major whale has just opened a $12 million short position on $SOL": someone else's trade, reported as news
_THIRD_PARTY = (r"(?i)\b(?:whales?|insiders?|smart[ \t]+money|institutions?|hedge[ \t]+funds?|funds?|investors?"
                r"|retail|market[ \t]+makers?|banks?|billionaires?|someone)\b"
                r"(?:[ \t]+\pL+){0,3}[ \t]+(?:opened|opens|took|takes|placed|places|added|adds|built|holds|went|goes"
                r"|(?:is|are|was|were|has|have|had)[ \t]+(?:just[ \t]+|now[ \t]+|still[ \t]+)?(?:opened|taken|placed"
                r"|added|built|gone|been|long|short|buying|selling))\b")
THIRD_PARTY = re2.compile(_THIRD_PARTY)
# "Open long ETH", "OPEN GOLD SELLS NOW": "open" opening the clause orders a trade, it names none already open
OPEN_ORDER = re2.compile(r"(?i)^[^\pL\pN]*open(?:[ \t]+(?:a|an|new))?(?:[ \t]+\pL+)?[ \t]*$")
# "Your Trade Breakdown (Sell Position)": a heading about a trade already open, its side in brackets
REFERENCE_HEADING = re2.compile(_OWNER + r"(?:[ \t]+\pL+){1,2}[ \t]*\([ \t]*$")
FOLLOW_UP = re2.compile(r"(?i)\b(?:still|already)\b|\bis[ \t]+(?:running|active|open|live)\b")
NAME = re2.compile(r"(?i)\b(?:strategy|strat|bot|system|algo|indicator|channel|group|team|name|model|method"
                  r"|strateji|estrategia|estratégia|strategia|stratégie)\b|стратеги")
_FIELD = (r"(?i)(?:\b(?:side|direction|action|position|order[ \t]*type|trade[ \t]*type|type|signal[ \t]*type|bias"
          # ("Signal: BUY", "Posicion: long", "Direção: VENDA", "Yön: AL": the field in other languages too)
          r"|dir|signal|posici[oó]n|posi[cç][aã]o|direcci[oó]n|dire[cç][aã]o|direzione|richtung|y[oö]n)"
          r"|позиция|направление|сторона|الاتجاه|نوع[ \t]+الصفقة|جهت|نوع"
          r"|покупка)")  # ("ПОКУПКА: SHORT": a channel's field named for buying, its value the side)
# (marks between the field and its side are not counted: "[^\n\pL\pN]{0,12}" compiles to 16,000 RE2 instructions,
# whose DFA keeps outgrowing its memory, about 40 us a search)
SIDE_FIELD = re2.compile(_FIELD + r"[ \t]*[:=>\-–—]+[^\n\pL\pN]*$")


# "EURGBP SELL 0.85945 SL: 0.86100 ... Wait for execution": a pending order waits to be filled, no condition
# "... SL - 91.331 When first position hits TP1 move SL to breakeven": a plan for the stop once a target is hit,
# no condition on the order
AFTER_TARGET = re2.compile(r"(?i)\b(?:when|once|after)\b[^.\n]{0,40}?\b(?:tp|target)[ \t]*[1-9]\b[^.\n]{0,20}?"
                          r"\b(?:move|close|book|secure|set|trail|take)\b[^.\n]*")
PENDING_FILL = re2.compile(r"(?i)\bwait(?:ing)?[ \t]+for[ \t]+(?:the[ \t]+|its[ \t]+)?(?:order[ \t]+)?"
                           r"(?:execution|fill|activation|trigger)\b")
# "Long Wave strategy: XAUUSD exit 2360": the side word opens the name of a strategy or a bot
NAME_AFTER = re2.compile(r"(?i)^(?:[ \t]+\pL+){0,2}[ \t]+(?:strategy|strat|bot|system|algo|indicator|model|method)\b")
# "Стратегия «Кросс SMA 21/55» открыла ЛОНГ": a name closed by its quotes before the side word holds no side; nor
# does one numbered and closed by a colon or a dash before the market ("Strategy 11: XAUUSD BUY 2350", not "Strategy:
# Trend Long", nor "Bot status: XAUUSD BUY ...", a bot's report)
NAME_CLOSED = re2.compile(r"(?:" + NAME.pattern + r")(?:[^»”\"\n]*[»”\"]|[ \t]*#?\d{1,3}(?::|[ \t][-–—])[ \t]*[#$]?"
                          rf"(?i:(?:{lexicon.MAJORS})[ \t]?/?[ \t]?(?:{lexicon.MAJORS})|gold|silver"
                          rf"|[a-z0-9]{{2,10}}[ \t]?/?[ \t]?(?:USDT|USDC|BTC))\b)")

# Opinion anywhere on the order's line: not enough to refuse the order, enough to have a person look at it.
OPINION = re2.compile(HEDGE.pattern + r"|(?i)\b(?:analysis|forecast|outlook|idea|scenario|expect)"
                      # ("My opinion: Buy Stop" is a field of one bot's signals: not a hedge)
                      r"|\b(?:imo|imho|personal[ \t]+(?:opinion|view))\b|رأي[ \t]+شخصي|نظر[ \t]+شخصی"
                      r"|تحلیل|تحليل|توقعاتنا")  # "تحلیل هفتگی طلا: منطقه خرید ...": an analysis
# A hedge on the line that leads into an order line: the doubt words of HEDGE, not the ones a channel heads its
# orders with ("EURJPY weekly analysis", "Potential Downward Movement")
LEAD_HEDGE = re2.compile(r"(?i)\b(?:maybe|perhaps|might|may|possibl[ey]|could|consider(?:ing)?|think(?:ing)?"
                         r"|hypothetical(?:ly)?|watchlist|plan[ \t]+b|not[ \t]+now|vielleicht|forse|quiz[áa]s?"
                         r"|tal[ \t]+vez|talvez|belki|mungkin|posible|poss[íi]vel|possibile|should)\b|peut-[êe]tre"
                         r"|\bolas[ıi]|có[ \t]+thể|可能|возможно|можно|ممكن|ربما|احتمال")
# An order word negated on the line leading into the order: "Не покупайте сейчас", "Never take trades like this"
_NEGATED_ORDER = re2.compile(r"(?i)\b(?:don'?t|do[ \t]+not|never|no|não)[ \t]+"
                            r"(?:buy|sell|enter|take|comprar|vender|entrar)"
                            r"|не[ \t]+(?:покупа|прода|входи|заходи)|لا[ \t]+(?:تشتر|تبيع|تدخل)")
LEAD_REFERENCE = re2.compile(r"(?i)\b(?:old|previous|past|earlier|yesterday'?s?)\b"
                             r"|\blast[ \t]+(?:trade|signal|call|week|month)|\bbad[ \t]+example")
_ANY_LEAD_IN = re2.compile("|".join(f"(?:{regex.pattern})" for regex in (
    CONDITION, LEAD_HEDGE, _NEGATED_ORDER, NEGATION, LEAD_REFERENCE)))
QUESTION = re2.compile(r"(?:\pL{3,}|\d)[ \t]*\?")  # "...buy gold here?" but not a missing level ("SL ??")
# "خرید طلا نکنید" (don't buy gold): Persian puts the negated verb after the side word
_NEGATED_VERB_AFTER = re2.compile(r"(?:^|[ \t])(?:نکنید|نکن|نخرید|نخر|نفروشید|نفروش|نگیرید|نزنید|نشوید|نشید)"
                                  r"(?:[ \t،,.!؛]|$)")
# "Old signal: BUY ...": an earlier order named before the side word on its line
_ORDER_REFERENCE = (r"(?i)\b(?:old|previous|past|earlier|last|yesterday'?s?)[ \t]+"
                    r"(?:signals?|trades?|calls?|setups?|positions?|orders?)\b")
ORDER_REFERENCE = re2.compile(_ORDER_REFERENCE)
# "Close XAUUSD BUY now ... and open SELL 2355", "Secure profits on gold buy. New trade: SELL ...": the side of the
# trade being closed, not an order's
_CLOSING = r"(?i)\b(?:close|closing|exit|secure[ \t]+(?:profits?|gains?)[ \t]+on|book[ \t]+profits?[ \t]+on)\b"
CLOSING = re2.compile(_CLOSING)
# Any of the above on the side word's line, without the anchors (a superset: side_role's checks decide).
ANY_WORDING = re2.compile("|".join(f"(?:{pattern})" for pattern in (
    NEGATION.pattern, CONDITION.pattern, HEDGE.pattern, _OWNER + r"\b", _HELD, FOLLOW_UP.pattern, NAME.pattern,
    _FIELD, QUESTION.pattern, _THIRD_PARTY, _ORDER_REFERENCE, _CLOSING, r'["“”«»]', _NEGATED_VERB_AFTER.pattern)))
SENTENCE_BREAK = re2.compile(r"[;!?|]|[.](?:[ \t]|$)")


def _since_last(regex: re2._Regexp, text: bytes, scan: bytes | None = None) -> bytes:
    """``text`` after the last match of ``regex`` in ``scan`` (``text`` itself, or a copy of it of the same length
    with parts blanked that hold no match)."""
    pos, cut, scan = 0, 0, text if scan is None else scan
    while True:
        hit_start, hit_end = spans.find(regex, scan, pos)
        if hit_start < 0:
            return text[cut:]
        cut, pos = hit_end, max(hit_end, hit_start + 1)


# A bracketed aside parts no clause ("Don't (yet) buy gold"); a disclaimer negates no order ("Trade idea (not financial
# advice): Buy XAUUSD ...")
_ASIDE = re2.compile(r"\([^()\n]*\)|\[[^\[\]\n]*\]")
DISCLAIMER = re2.compile(r"(?i)\bnot[ \t]+(?:an?[ \t]+)?(?:financial[ \t]+|investment[ \t]+|trading[ \t]+)?advice\b"
                         r"|\bnfa\b")
_LEAD_ENDS = (b":", b"-", b")", b"]", "—".encode(), "–".encode())  # what ends a lead naming an earlier order
_QUOTES = (b'"', "“".encode(), "”".encode(), "«".encode(), "»".encode())
_QUOTING_WORDS_MIN = 2  # words of the line's own outside the quotation marks


def _quoted(before: bytes, after: bytes) -> bool:
    """"Someone is posting "BUY XAUUSD 2350 SL 2340" in our name": a side word inside quotation marks, with words of
    the line's own outside them, is an order quoted in a sentence, not given."""
    opened = max(before.rfind(mark) for mark in _QUOTES)
    if opened < 0 or sum(before.count(mark) for mark in _QUOTES) % 2 == 0:
        return False
    closed = min((at for at in (after.find(mark) for mark in _QUOTES) if at >= 0), default=-1)
    if closed < 0 or not any(byte in lexicon.DIGIT_BYTES for byte in before[opened:] + after[:closed]):
        return False  # (a side word in quotes alone, "Signal: "BUY" XAUUSD 2350", is stressed, not quoted)
    outside = before[:opened] + after[closed + 1:]
    return spans.count(lexicon.PROSE_WORD, outside) >= _QUOTING_WORDS_MIN


def _blank(match: re2._Match) -> bytes:
    width: int = match.end() - match.start()
    return b" " * width


def _clause(data: bytes, line_start: int, start: int, end: int) -> tuple[bytes, bytes]:
    """The part of the side word's clause before it and after it (with the character that ends it)."""
    line_end = data.find(b"\n", end)
    line_end = len(data) if line_end < 0 else line_end
    before = data[line_start:start]
    if spans.found(DISCLAIMER, before):
        before = DISCLAIMER.sub(_blank, before)
    scan = _ASIDE.sub(_blank, before) if b"(" in before or b"[" in before else before
    before = _since_last(CLAUSE_BREAK, before, scan)
    after = data[end:line_end]
    cut, cut_end = spans.find(CLAUSE_BREAK, after)
    return before, after if cut < 0 else after[:cut_end]


# The side word closes a heading its next line completes: "Entry (Buy):" / "When the price closes above 115,500".
HEADING_END = re2.compile(r"^[^\pL\pN\n]*:[^\pL\pN\n]*$")


def _completed_by_condition(data: bytes, end: int, line_end: int) -> bool:
    if line_end < 0 or not spans.found(HEADING_END, data[end:line_end]):
        return False
    start = line_end + 1
    while start < len(data) and data[start] in b" \t\r\n":
        start += 1
    stop = data.find(b"\n", start)
    next_line = data[start:stop if stop >= 0 else len(data)]
    cut = spans.find(CLAUSE_BREAK, next_line)[0]
    return spans.found(CONDITION, next_line if cut < 0 else next_line[:cut])


def _lead_in(data: bytes, line_start: int, start: int) -> bytes:
    """"If price breaks 2355, / BUY XAUUSD 2350 ...": the line above a side word that opens its line (marks aside:
    "🟢 BUY"), when that line leads into this one: it ends with a comma, a colon, dots or a pointing mark, or it is
    short and ends no sentence; empty otherwise."""
    if line_start < 2 or (start > line_start and spans.found(lexicon.LETTER_OR_DIGIT, data[line_start:start])):
        return b""
    above_end = line_start - 1
    above = data[data.rfind(b"\n", 0, above_end) + 1:above_end].rstrip(b" \t\r")
    # ("Maybe / BUY ...", "إذا كسر السعر 2355 / BUY ...": short, no sentence's end)
    leads = above.endswith((b",", b":", b"...", "👇".encode(), "⬇️".encode(), "⬇".encode(), b"\xef\xbc\x9a")) or (
        len(above) <= 60 and not above.endswith((b".", b"!", b"?")))
    return above if leads else b""


def _lead_in_role(lead_in: bytes) -> str:
    """Why the line leading into the order line makes its side word no order's; empty when it does not."""
    if not lead_in or not spans.found(_ANY_LEAD_IN, lead_in):
        return ""  # (the common case, "XAUUSD / BUY 2350": one search)
    if spans.found(CONDITION, lead_in):
        return "conditional"  # "If price breaks 2355, / BUY XAUUSD 2350": the line above conditions the order
    if spans.found(LEAD_HEDGE, lead_in):
        return "hedged"  # "Possible setup: / SELL EURUSD ...", "Maybe / BUY ..." (not "EURJPY weekly analysis / sell")
    if spans.found(_NEGATED_ORDER, lead_in):
        return "negated"  # "Не покупайте сейчас / BUY ...", "Never take trades like this / BUY ..."
    if lead_in.endswith((b":", b",")):
        if spans.found(NEGATION, lead_in) and b"miss" not in lead_in.lower():
            return "negated"  # "Don't do this: / BUY ...", "Avoid: / SELL ..." (not "Don't miss this one:")
        if spans.found(LEAD_REFERENCE, lead_in):
            return "reference"  # "Old signal: / BUY ...", "Last trade: / SELL ..."
    return ""


def side_role(data: bytes, line_start: int, start: int, end: int) -> str:
    """What the side word at ``data[start:end]`` is: "field", "order", or why it is not an order."""
    line_end = data.find(b"\n", end)
    if _completed_by_condition(data, end, line_end):
        return "conditional"
    lead_role = _lead_in_role(_lead_in(data, line_start, start))
    if lead_role:
        return lead_role
    line_stop = line_end if line_end >= 0 else len(data)
    if not spans.found(ANY_WORDING, data[line_start:line_stop]):
        return "order"  # the common case, a plain order line: one search instead of seven
    if _quoted(data[line_start:start], data[end:line_stop]):
        return "quoted"
    before, after = _clause(data, line_start, start, end)
    if (before.rstrip().endswith(_LEAD_ENDS) and spans.found(ORDER_REFERENCE, before)) or spans.found(CLOSING, before):
        return "reference"  # "Old signal: BUY ...", "(Previous trade) SELL ...": the line names an earlier order
    if spans.found(SIDE_FIELD, data[line_start:start]):
        return "field"
    if spans.found(NEGATION, before) or spans.found(_NEGATED_VERB_AFTER, after):
        return "negated"
    if spans.found(PENDING_FILL, after):
        after = PENDING_FILL.sub(b"", after)
    if spans.found(AFTER_TARGET, after):
        after = AFTER_TARGET.sub(b"", after)
    # a condition governs its whole sentence: "If it breaks 1.0800, sell" as much as "sell if it breaks 1.0800"
    sentence = _since_last(SENTENCE_BREAK, data[line_start:start])
    if spans.found(CONDITION, sentence) or spans.found(CONDITION, after):
        return "conditional"
    if spans.found(HEDGE, before) or spans.found(QUESTION, after):
        return "hedged"
    if spans.found(THIRD_PARTY, before):
        return "report"
    return _reference_or_name(data[line_start:start], data[end:end + 24], before, after)


def _reference_or_name(head: bytes, next_words: bytes, before: bytes, after: bytes) -> str:
    """The side word's role when no negation, condition, hedge or report governs it: a trade referred to, a name,
    or an order (``head``: its line up to it; ``next_words``: what follows it)."""
    if (spans.found(REFERENCE, before) and not spans.found(OPEN_ORDER, before)
            and not spans.found(NEW_SETUP, next_words)) or spans.found(FOLLOW_UP, after) or (
            not before.strip() and spans.found(REFERENCE_HEADING, head)):
        if (spans.found(_DEMONSTRATIVE, before) and not spans.found(REFERENCE, _DEMONSTRATIVE.sub(b"", before))
                and not spans.found(FOLLOW_UP, after) and spans.match(_PRICED_NEXT, after) is not None):
            return "named_order"  # "Unleash the Gold sell @3983.5-3989.3": "the" names this order, priced right here
        return "reference"
    if (spans.found(NAME, before) and not spans.found(NAME_CLOSED, before)) or spans.match(NAME_AFTER, after):
        return "name"
    return "order"
