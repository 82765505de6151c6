"""The RE2 vocabulary of the built-in parser: one tokenizer and a few screening patterns.

Everything here runs on message text, so everything is RE2 (linear time whatever the input). Patterns
are compiled once from ``str`` and run on the message's UTF-8 bytes: google-re2 matches bytes about
twice as fast as ``str`` because it need not map byte offsets back to code points.

The tokenizer is ONE alternation scanned left to right (leftmost-first: at a given position the first
alternative listed wins), so its order matters: noise that contains digits (dates, "65 pips", "15x",
"5%", "1st") is listed before plain numbers, and symbols before numbers so "US30" is not read as 30.
"""

from __future__ import annotations

import functools

import re2

# ISO codes that form forex pairs with a space, slash or nothing between them. Metals ride along.
MAJORS = _MAJORS = "EUR|GBP|USD|JPY|CHF|AUD|NZD|CAD|XAU|XAG|XPT|XPD"
# Exotics only written glued to a major ("USDTRY"): "try", "nok" and friends are also words.
EXOTICS = _EXOTICS = "TRY|ZAR|MXN|SEK|NOK|DKK|SGD|HKD|PLN|HUF|CZK|CNH|RUB|THB|ILS"
_CRYPTO_QUOTES = "USDT|USDC|BUSD|FDUSD"
# Bare crypto tickers recognised without a quote asset. Case-sensitive: "link", "near", "op" are words.
CRYPTO_BARE_UPPER = _CRYPTO_BARE_UPPER = ("BTC|ETH|SOL|XRP|BNB|ADA|DOGE|DOT|LINK|LTC|AVAX|MATIC|TRX|SHIB|ATOM|NEAR"
                                          "|APT|ARB|OP|SUI|PEPE|TON|FIL|ETC|BCH|XLM|UNI|AAVE|INJ|TIA|SEI|WIF|ONDO|FTM|RUNE|KAS|HBAR|ICP|STX|JUP")
_CRYPTO_BARE_ANY_CASE = "btc|eth|xrp|doge|avax|bnb|ltc|shib|pepe|matic|trx|hbar|floki"
INDICES = _INDICES = ("us30|us100|us500|us2000|nas100|nas|ndx|ustec|ustech|spx500|spx|sp500|ger30|ger40|de30|de40|"
            "dax[ \t]?30|dax[ \t]?40|ger[ \t]+30|ger[ \t]+40|dax|"
            "uk100|ftse100|ftse|jp225|jpn225|nikkei225|nikkei|hk50|hsi|aus200|asx200|eu50|stoxx50|"
            "fra40|cac40|esp35|usoil|ukoil|wti|brent|xtiusd|xbrusd|xngusd|natgas|dxy|usdx|vix"
            # index funds traded like indices (not "spy": a word); "Bank Nifty" in two words
            "|nifty50|nifty|banknifty|bank[ \t]+nifty|finnifty|fin[ \t]+nifty|sensex|qqq|iwm"
            "|china50|cn50|chn50|sg30|nl25|ch20|swi20|ita40|sa40"
            # (brokers' longer names: "#Germany40", "JAPAN225"; read as a coin's name before, GERMANY40USDT)
            "|germany40|germany30|japan225|france40|spain35|euro50|euro[ \t]?stoxx[ \t]?50")
# The same names written with a space before their number ("NAS 100", "US 30", "FTSE 100"): one name, never a name
# and a price. ("US" and "UK" in capitals only: "gave us 30 pips" is prose.)
_SPACED_INDICES = ("(?-i:US|Us)[ \t]+(?:30|100|500|2000)|nas[ \t]+100|spx?[ \t]+500|(?-i:UK|Uk)[ \t]+100|ftse[ \t]+100"
                   "|jpn?[ \t]+225|nikkei[ \t]+225|hk[ \t]+50|aus[ \t]+200|asx[ \t]*200|stoxx[ \t]+50|fra[ \t]+40"
                   "|cac[ \t]+40|esp[ \t]+35")
# CME index and metal futures by their roots ("BUY 1 MNQ LIMIT @ 6397", "SHORT YM", "MGC SHORT"): capitals only, "es"
# and "mes" are words
# (and the Russell 2000 index itself: "$RUT"; no "CL", which labels a cut loss: "CL: 1.0880")
FUTURES_ROOTS = "NQ|MNQ|ES|MES|YM|MYM|RTY|M2K|RUT|GC|MGC|MCL"
_ALIASES = (r"gold|oro|ouro|złoto|złota|silver|silber|plata|prata|srebro|platinum|palladium"
            r"|cable|fiber|fibre|loonie|aussie|kiwi|swissy"
            r"|dow[ \t]*jones(?:[ \t]*30)?|dowjones|dow|djia|dji|dj30|dj|us[ \t]*tech[ \t]*100|russell[ \t]*2000"
            r"|nasdaq(?:[ \t]*100)?|"
            r"crude[ \t]*oil|crude|oil|natural[ \t]*gas|nat[ \t]*gas|"
            # coins by their full names; the two-word names first ("Ethereum Classic" is no Ethereum)
            r"ethereum[ \t]+classic|bitcoin[ \t]+cash|bitcoin[ \t]+sv|solana|cardano|dogecoin|litecoin|polkadot"
            r"|chainlink|toncoin|shiba[ \t]+inu|bitcoin|ethereum"
            r"|xau|xag|alt[ıi]n|(?-i:EMAS|Emas|emas)|goud|guld|gull|zlato|arany"
            r"|xausd|xuausd|xauusdd|xaausd|goldusd|silverusd"
            r"|(?-i:GJ|GU|EU|UJ|EJ)")  # traders' short names for the majors

# A broker's synthetic indices (Deriv): "Volatility 75 Index", "Volatility 25 (1s) Index", "V75", "Boom 1000",
# "Crash 500 Index", "Step Index", "Jump 50 Index". Without "Index", only the capitalised names: "volatility 25%"
# and "a crash 500 pips deep" are prose.
_SYNTHETIC_INDICES = (r"\b(?:volatility|boom|crash|jump|range[ \t]+break)[ \t]*\d{2,4}(?:[ \t]*\(1s\))?[ \t]+index\b"
                      r"|\bstep[ \t]+index\b"
                      r"|(?-i:\b(?:Volatility|VOLATILITY)[ \t]*(?:10|25|50|75|100|150|250)\b(?:[ \t]*\(1s\))?)"
                      r"|(?-i:\b(?:Boom|BOOM|Crash|CRASH)[ \t]*(?:300|500|600|900|1000)\b)"
                      r"|(?-i:\bV(?:10|25|50|75|100)\b(?:[ \t]*\(1s\))?)")
_NUMBER = r"\d+(?:[.,]\d+)?"
MONTHS = _MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_ROMANCE_MONTHS = ("enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
                   "|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro"
                   "|janvier|février|avril|juin|juillet|août|septembre|octobre|décembre"
                   "|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre")
_MONTHS_FIRST = "jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec"  # "may 10" is as likely a verb and a price
# a month's name as written ("Mar", "March", "Sept"): not any word that starts like one ("market 1.0850")
_MONTH_TAIL = r"(?:uary|ruary|ch|il|e|y|ust|t|tember|ober|ember)?"
# RE2's \b only knows ASCII words: words in other scripts take a boundary of their own, a non-letter that the
# token consumes (never a newline, which the reader counts).
# (Not "[^\pL]": the UTF-8 automaton of every letter outside those blocks overflows RE2's DFA memory.)
_NOT_WORD = r"[^\x{0600}-\x{06FF}\x{0400}-\x{04FF}\x{FB50}-\x{FDFF}\x{FE70}-\x{FEFF}a-zA-Z0-9\n]"
# The end of such a word is checked by the reader (``glued_to_word``): a consumed closing character would be
# the opening one the next word needs ("#الذهب شراء").
_OPEN, _CLOSE = rf"(?:(?m:^)|{_NOT_WORD})", ""


def _words(words: str) -> str:
    # Longest first: the first alternative that matches wins, and "продаж" must not take "продажа" apart.
    ordered = "|".join(sorted(words.strip("|").split("|"), key=len, reverse=True))
    return f"{_OPEN}(?:{ordered})"


def glued_to_word(data: bytes, end: int) -> bool:
    """Whether the token ending at ``end`` stops inside a word of a non-Latin script ("вход" in "входящий")."""
    if end >= len(data) or data[end - 1] < 0x80 or data[end] < 0x80:
        return False
    last = end - 1
    while last > 0 and data[last] & 0xC0 == 0x80:  # back to the last character's first byte
        last -= 1
    if not data[last:end].decode("utf-8", "ignore").isalpha():
        return False  # "❌حد ضرر": a mark before a word is no part of it
    following = data[end:end + 4].decode("utf-8", "ignore")[:1]
    # Cyrillic and Arabic-script words are separated by spaces; Chinese is written without them.
    return following.isalpha() and ("\u0400" <= following <= "\u06ff" or following >= "\ufb50")


def _latin_letter(char: str) -> bool:
    """A letter of the Latin script beyond ASCII ("é", "ş", "ı", "ý", Vietnamese "ậ")."""
    return char.isalpha() and ("\u00c0" <= char <= "\u024f" or "\u1e00" <= char <= "\u1eff")


def inside_latin_word(data: bytes, start: int, end: int) -> bool:
    """Whether a token whose edge is an ASCII letter runs on into a letter with a diacritic: part of a longer word
    that RE2's ASCII word boundary cut ("alis" in "réalisés", "at" in "até", "cel" in "celý")."""
    if start > 0 and data[start - 1] >= 0x80 and data[start:start + 1].isalpha():
        first = start - 1
        while first > 0 and data[first] & 0xC0 == 0x80:
            first -= 1
        if _latin_letter(data[first:start].decode("utf-8", "ignore")):
            return True
    if end < len(data) and data[end] >= 0x80 and data[end - 1:end].isalpha():
        return _latin_letter(data[end:end + 4].decode("utf-8", "ignore")[:1])
    return False


_AR_GOLD = ("الذهب|ذهب|طلا|انس[ \t]*طلا|اونس[ \t]*طلا|سونا|الفضة|فضة|نقره|النفط|نفط|نفت"
            "|بيتكوين|البيتكوين|بیت[ \t]*کوین|بیتکوین"
            "|الداو[ \t]*جونز|داو[ \t]*جونز|الداو|ناسداك|الناسداك|نزدک"
            "|اتریوم|اتريوم|إيثريوم|ايثريوم|الإيثريوم|الايثريوم|إيثيريوم|ايثيريوم|الإيثيريوم|الايثيريوم|ریپل|ريبل|سولانا"
            # more coins by their Persian and Arabic names (the longest first, by _words: "اتریوم کلاسیک" is ETC)
            "|اتریوم[ \t]*کلاسیک|إيثريوم[ \t]*كلاسيك|ايثريوم[ \t]*كلاسيك|بیت[ \t]*کوین[ \t]*کش|بيتكوين[ \t]*كاش"
            "|کاردانو|كاردانو|دوج[ \t]*کوین|دوج[ \t]*كوين|دوجکوین|لایت[ \t]*کوین|لايت[ \t]*كوين|شیبا|شيبا|ترون"
            "|تون[ \t]*کوین|پولکادات|بولكادوت|چین[ \t]*لینک|تشين[ \t]*لينك|آوالانچ|بایننس[ \t]*کوین")
# ("یورو/دلار": the two currencies parted by a slash, as a pair is written)
_AR_PAIRS = ("|یورو[ \t/]*دلار|پوند[ \t/]*دلار|دلار[ \t/]*ین|دلار[ \t/]*فرانک|دلار[ \t/]*کانادا"
             "|اليورو[ \t/]*دولار|يورو[ \t/]*دولار|الباوند[ \t/]*دولار"
             "|الجنيه[ \t/]*دولار|الدولار[ \t/]*ين|الدولار[ \t/]*الكندي|الدولار[ \t/]*فرنك")
_RU_COINS = ("|биткоин[ауе]?|эфириум[ауе]?|битк[аеу]|биток|битком|эфир[ауе]?"
             "|солан[аыуе]|кардано|лайткоин[ауе]?|догикоин[ауе]?|рипл[ауе]?")
_SIDE_WORDS = ("شراء[ \t]+حد|بيع[ \t]+حد|"  # "شراء حد GBPUSD 1.2600": buy limit
               "شراء|الشراء|اشتري|إشتري|اشتر|خرید|بخرید|لانگ|لونگ|لونج|بيع|البيع|فروش|بفروشید|شورت|شرت|"
               "купить|покупаем|покупаю|покупку|покупка|купівля|продать|продаем|продаём|продаю|продажа|продаж|лонгуем|шортим|"
               # traders' verbs: "Шортанул ETH от 2500" (I shorted), "зашортил", "лонганул", "залонгил"
               "шортанули|шортанул|шортану|зашортили|зашортил|лонганули|лонганул|лонгану|залонгили|залонгил|лонг|шорт|"
               # "BTC куплено по 6009.171USD", "Купил ETH по 2500": bought, as "bought" is a side word (the sold
               # counterpart, "продано", is as often a spot bot's exit, so it stays no side word)
               "куплено|купили|купила|купил|"
               "купити|купуємо|купуй|продати|продаємо|продавай|"  # Ukrainian ("купівля", "продаж" above)
               "خریدیں|بیچیں|"  # Urdu
               "lungă|lunga|longa|larga|longue|scurtă|매수|매도|롱|숏"
               "|खरीदें|खरीदे|खरीद|बेचें|बेचे|बेच|बिकवाली")  # Hindi: buy, sell, selling
# (first, a limit's side: "限价多 64000", "挂单空 2372")
_CJK_SIDES = ("限价多|限价空|限價多|限價空|挂单多|挂单空|掛單多|掛單空|挂多|挂空|掛多|掛空"
              "|做多|做空|開多|开多|開空|开空|進空|进空|進多|进多|直接空|直接多"
              "|市價空|市价空|市價多|市价多|多單|多单|空單|空单"
              "|买入|買入|卖出|賣出|买进|買進|卖空|賣空|附近多|附近空|现价多|现价空|現價多|現價空|小空|小多"
              "|反弹多|反彈多|回调多|回調多|反弹空|反彈空|回调空|回調空|多一下|空一下|多一点|空一点|多一點|空一點"
              "|短空|短多|輕倉多|轻仓多|輕倉空|轻仓空"  # "輕倉市價短空": a light, short-term short
              "|接多|接空"  # "回调 63000 附近 接多": catch the long on the pullback
              "|區間多|区间多|區間空|区间空"  # "0.000130－0.000134 區間多": long in the zone
              "|買い|売り|ロング|ショート"  # Japanese
              "|ซื้อ|ขาย"  # Thai buy and sell, written without spaces as Chinese is ("ซื้อทองคำ 2330")
              "|(?:(?m:^)|[ \t:])[多空](?:[ \t，,。]|(?m:$))")  # ("方向：空": the side as a field)
# Side words of other languages in Latin script (French, German, Dutch, Spanish, Portuguese, Italian, Polish,
# Turkish, Indonesian, Vietnamese); the ones ending in a letter RE2's ASCII \b does not know take a space or the
# line's end instead.
_LATIN_SIDES = ("kauf|kaufen|kaufe|verkauf|verkaufen|verkaufe|acquista|acquisto|vendi|vendita|acheter|achetez"
                "|achetons|vendre|vends|vendons|kup"
                "|vendez|comprar|compre|comprare|vender|vendere|koop|kopen|verkoop|verkopen|kupno|kupuj|sprzedaj|sprzedaz|alim|alis"
                "|satis|satim|beli|jual|mua|compro|compramos|vendo|vendemos|comprato|venduto"
                "|koupit|kupte|prodat|prodejte|prodej|cumpara|vinde|vanzare|selg|selge")  # Czech, Romanian, Norwegian
_LATIN_SIDES_ACCENTED = ("achète|sprzedaż|al[ıi]m|al[ıi]ş|sat[ıi]ş|sat[ıi]m|bán"  # ("ALIŞ": "I" folds to "i", not "ı")
                         # Swedish, Norwegian, Danish, Czech, Romanian, Hungarian: "KÖP GULD NU", "Vétel arany"
                         "|köpa|köp|sälja|sälj|kjøpe|kjøp|købe|køb|sælge|sælg|nákup|cumpărați|cumpără|vânzare"
                         "|vétel|vásárlás|eladás")
_INTL_SL = ("إيقاف[ \t]*الخسارة|ايقاف[ \t]*الخسارة|إيقاف[ \t]*خسارة|ايقاف[ \t]*خسارة|"
            "وقف[ \t]*الخسارة|وقف[ \t-]*خسارة|الوقف[ \t-]*خسارة|الوقف[ \t-]*الخسارة|وقف|الستوب|ستوب|حد[ \t]*ضرر"
            "|حدضرر|الوقف|"
            "استاپ[ \t]*لاس|استاپ|الاستوب|استوب|ستوب[ \t]*لوز|ستوب[ \t]*لوس|اس[ \t]*ال"  # ("اس ال", "اس‌ال": S L)
            "|손절가|손절|損切り|損切|ตัดขาดทุน"  # (Korean, Japanese, Thai stops)
            "|स्टॉप[ \t]*लॉस|स्टॉपलॉस")  # (Hindi: "स्टॉप लॉस 2325")
_INTL_TP = ("أخذ[ \t]*الربح|اخذ[ \t]*الربح|أخذ[ \t]*الأرباح|اخذ[ \t]*الارباح|جني[ \t]*الربح|"
            # Persian plurals first ("تارگت‌ها": targets; the first alternative that matches wins)
            "تارگت\u200c?ها|هدف\u200c?ها|حد[ \t]*سود\u200c?ها|"
            "الهدف|هدف|الأهداف|الاهداف|أهداف|اهداف|الأهداف|تارگت|حد[ \t]*سود|تی[ \t]*پی|جني[ \t]*الأرباح|"
            "جني[ \t]*الارباح|تي[ \t]*بي|تيك[ \t]*بروفيت|تيك|цели|т[еэ]йки"
            "|цілі|ціль|익절|목표가|목표|利確|利益確定|เป้าหมาย"  # (Ukrainian, Korean, Japanese, Thai targets)
            "|लक्ष्य|टारगेट")  # (Hindi)
_INTL_INDEX = r"(?:[ \t]*\d{1,2}\b|[ \t]*(?:الأول|الاول|الثاني|الثالث|الرابع|اول|دوم|سوم|چهارم))?"
# A target's label in another script before its ticked price ("止盈2 23,470 ✅", "الهدف2 23,470 ✅", "Тейк2 23,470 ✅"):
# read as "TP", so that the result it reports is screened as the English one is
TICKED_INTL_TARGET = re2.compile(rf"(?i)(?:{_INTL_TP}|т[еэ]йк|цель|止盈|目标|目標)"
                                 r"([ \t]*\d{0,2}[ \t:=-]+\$?\d[\d.,]*[ \t]*(?:✅|✔|☑))")
_INTL_ENTRY = ("سعر[ \t]*الدخول|نقطة[ \t]*الدخول|الدخول|دخول|السعر|نقطه[ \t]*ورود|قیمت[ \t]*ورود|ورود"
               "|цена[ \t]+открытия(?:[ \t]+сделки)?|цена[ \t]+входа|ціна[ \t]+входу|рыночный[ \t]+ордер|открытие"
               "|точка[ \t]*входа|входа|قیمت[ \t]*فعال[ \t]*سازی|در[ \t]+قیمت|در[ \t]+نقطه|در[ \t]+نقاط"
               # Ukrainian, Korean, Japanese, Thai
               "|точка[ \t]*входу|вхід|진입가|진입|エントリー価格|エントリー|จุดเข้า|ราคาเข้า|เข้า[ \t]*:")

_COIN_LABEL = (r"(?:\b(?:coin(?:[ \t]*(?:name|ad[ıi]))?|pair|symbol|asset|ticker|instrument|saham|emiten|hisse"
               r"|stock(?:[ \t]*name)?|scrip(?:t)?(?:[ \t]*name)?|ativo|activo)\b"
               r"|монета|пара|тикер|(?:具体)?产品|(?:具體)?產品|品种|品種|币种|幣種|标的|標的"
               r"|رمزارز|ارز[ \t]+دیجیتال|العملة|عملة|نماد)")  # Persian, Arabic: "رمزارز FORM", "نماد: BTCUSDT"
# Markets by the names their traders give them: the majors and indices in Chinese ("欧美" EURUSD, "镑日" GBPJPY, "道指"
# the Dow), oil and silver in Russian, Vietnamese and Indonesian. Read as aliases; symbols.ALIASES maps each name.
NAMED_MARKETS = {
    "欧美": "EURUSD", "歐美": "EURUSD", "镑美": "GBPUSD", "磅美": "GBPUSD", "鎊美": "GBPUSD", "美日": "USDJPY",
    "澳美": "AUDUSD", "纽美": "NZDUSD", "紐美": "NZDUSD", "美加": "USDCAD", "美瑞": "USDCHF", "欧日": "EURJPY",
    "歐日": "EURJPY", "镑日": "GBPJPY", "磅日": "GBPJPY", "鎊日": "GBPJPY", "道指": "US30", "纳指": "NAS100",
    "納指": "NAS100", "标普": "US500", "標普": "US500",
    # the currencies' full names ("美元日元 150.20 做多")
    "欧元美元": "EURUSD", "歐元美元": "EURUSD", "英镑美元": "GBPUSD", "英鎊美元": "GBPUSD", "美元日元": "USDJPY",
    "澳元美元": "AUDUSD", "纽元美元": "NZDUSD", "紐元美元": "NZDUSD", "美元加元": "USDCAD", "美元瑞郎": "USDCHF",
    "欧元日元": "EURJPY", "歐元日元": "EURJPY", "英镑日元": "GBPJPY", "英鎊日元": "GBPJPY", "欧元英镑": "EURGBP",
    "歐元英鎊": "EURGBP", "欧镑": "EURGBP", "歐鎊": "EURGBP",
    # Japanese traders' names for the pairs and metals ("ドル円 買い 150.20"); the longer names first, as a name that
    # ends another ("米ドル円", "豪ドル円": "ドル円" is their end) must win where it starts
    "米ドル円": "USDJPY", "豪ドル円": "AUDJPY", "豪ドル米ドル": "AUDUSD", "ユーロ豪ドル": "EURAUD",
    "ポンド豪ドル": "GBPAUD", "ユーロドル": "EURUSD", "ユーロ円": "EURJPY", "ユーロポンド": "EURGBP",
    "ポンドドル": "GBPUSD", "ポンド円": "GBPJPY", "カナダ円": "CADJPY", "スイス円": "CHFJPY",
    "ドルスイス": "USDCHF", "ドルカナダ": "USDCAD", "ドル円": "USDJPY", "ゴールド": "XAUUSD",
    "シルバー": "XAGUSD", "ナスダック": "NAS100", "ビットコイン": "BTC", "イーサリアム": "ETH",
    # Korean ("비트코인 롱 진입 65000") and Hindi ("सोना खरीदें 2330": gold) names
    "비트코인": "BTC", "이더리움": "ETH", "리플": "XRP", "솔라나": "SOL", "도지코인": "DOGE", "에이다": "ADA",
    "골드": "XAUUSD", "나스닥": "NAS100", "सोना": "XAUUSD", "सोने": "XAUUSD", "चांदी": "XAGUSD",
    "कच्चा तेल": "USOIL", "क्रूड": "USOIL",
    "нефть": "USOIL", "нефти": "USOIL", "серебро": "XAGUSD", "серебра": "XAGUSD",
    "dầu": "USOIL", "minyak": "USOIL", "perak": "XAGUSD", "bạc": "XAGUSD",
}
# (a name in Latin letters is a whole word; RE2's \b knows no other script)
_NAMED_ALTERNATION = "|".join(rf"\b{name}\b" if name[0].isascii() else name for name in NAMED_MARKETS)

# (kind, pattern), in priority order.
# A US option's expiry, month/day ("SPY 9/07 450c", "MSFT 430c 02/06"): no part of the contract's name, no price
US_EXPIRY = r"\d{1,2}/\d{1,2}(?:/\d{2,4})?"
# ... or in words ("IREN 0DTE $60 calls", "TSLA weekly 410c", "$APLD weekly $50 calls"): days to expiry among them
US_DAYS_TO_EXPIRY = r"\d{1,3}[ \t]?dte"
US_EXPIRY_WORD = rf"{US_DAYS_TO_EXPIRY}|weekly|weeklies|monthly"
DIGIT_BYTES = frozenset(b"0123456789")  # (a byte of a digit, for a quick look before a search)
TARGET_MARK = "🎯".encode()  # a target's mark: a label of its own in a list, a list's bullet on a line of targets
TOKEN_PATTERNS: tuple[tuple[str, str], ...] = (
    ("shortcode", r"(?-i::[a-z][a-z0-9_+-]*:)"),           # :small_red_triangle_down: emoji shortcodes
    # "https://t.me/goldchannel2024", "[$1.371](https://www.binance.com/...)": an address, its digits no price
    ("url", r"\bhttps?://[^\s)\]]+|\bwww\.[^\s)\]]+|\bt\.me/[^\s)\]]+"),
    # "short-term", "sell-side liquidity", "buying pressure", "long wick", "short squeeze", "a long candle",
    # "as long as", "long time ago", "in short", "falls short": no side
    ("skip_term", r"\b(?:as|so|how|too)[ \t]+long\b|\blong[ \t]+(?:ago|time|way|story|run)\b|\bin[ \t]+short\b"
     r"|(?-i:\bV)[ \t]?\d{1,2}\.\d{1,2}\b"  # "LONG - SCALP V 4.0": a strategy's version, no price (not "V 280.50")
     # ("Back from a short break with a trade idea!": a pause, no side)
     r"|\bshort[ \t]+(?:of|time|while|story|break|pause|holiday|vacation|absence)\b|\bfall(?:s|ing)?[ \t]+short\b"
     # ("Short and medium term", "short to mid term", "short/long term": a horizon of both)
     r"|\b(?:short|long|mid)(?:[ \t-]*(?:(?:and|to|or|&|/)[ \t-]*)?(?:short|mid|medium|long))?[ \t-]*term\b"
     r"|\b(?:buy|sell)[ \t-]*side\b|\b(?:buy(?:ing)?|sell(?:ing)?)[ \t]+"
     r"(?:pressure|volume|interest|momentum|power|liquidity|climax)\b|\b(?:long|short)[ \t-]+(?:wicks?|shadows?|tails?"
     r"|squeeze|candles?|candlesticks?|bod(?:y|ies))\b"
     # "a stop hunt to 2330", "the sellers' stop orders above 2370": other traders' stops, no stop loss of the order
     r"|\bstop[ \t-]*(?:hunts?|hunting|orders)\b"
     r"|\bforwarded[ \t]+from\b"  # "Forwarded from VIP Gold Signals": a forward's header, no entry "from" a price
     # "SL to BE", "move stop to entry": a plan for the stop, no level label
     r"|\b(?:sl|stop(?:[ \t-]*loss)?)[ \t]+to[ \t]+(?:be|b/e|breakeven|break[ \t-]*even|entry)\b"
     # "Buy Puts | Strike: $170 Put": an options trade, no order on the underlying's side
     r"|\b(?:buy|sell|long|short)(?:ing)?[ \t]+(?:puts?|calls?)\b"
     # "NEAR CMP 28", "SL NEAR BUYING PRICE": the word, not the coin NEAR
     r"|\bnear[ \t]+(?:cmp|buying|selling|price|level|zone|support|resistance|entry|the|current|market)\b"
     # "CASH-BUY CUMMINSIND", "FUTURES-SELL VOLTAS": the market segment glued to the side word, no symbol
     r"|\b(?:cash|futures?|options?|intraday|equity|btst|stbt)-"),
    ("no_sl", r"\b(?:no|without|nessuno|nessun|senza|sin|sem|ohne|kein)[ \t]+(?:sl|s/l|stop[ \t-]*loss|stop)\b"),
    # "50p below", "~7 bps", "120+ points"
    # (Vietnamese: "sl dưới 10 giá", a stop ten dollars below; a price is four digits and more on gold)
    ("pips", rf"[+-]?{_NUMBER}\+?[ \t]*(?:pips?|pts?|points?|bps)\b|\b\d{{1,4}}p\b|\b\d{{1,3}}[ \t]*giá"),
    # "5%", "25-30%" (a range of shares), "%5" (the sign first, as Turkish writes it)
    # ("Target : 50 - 80 - 100 - 150%": a list of shares, the sign written once at its end)
    # ("stop 3 percent", "استاپ 3 درصد", "3 процента": the word for a percent, in the languages channels write)
    ("percent", rf"[+-]?{_NUMBER}[ \t]*%|\b\d{{1,3}}(?:[ \t]*[-–/][ \t]*\d{{1,3}}){{1,6}}[ \t]*%|%[ \t]?{_NUMBER}"
     rf"|{_NUMBER}[ \t]*(?:(?:percent|per[ \t]?cent|pct|prozent|por[ \t]?ciento|por[ \t]?cento|per[ \t]?cento"
     r"|pour[ \t]?cent|procent)\b|٪|درصد|بالمئة|بالمائة|في[ \t]المئة|في[ \t]المائة|процент|проц\.)"),
    # "20x", "10X-20X", "5-10x" (the range's x written once), "x20"
    ("leverage", r"\b\d+(?:\.\d+)?[ \t]*x(?:[ \t]*[-–~/][ \t]*\d+(?:\.\d+)?[ \t]*x)?\b|\bx[ \t]*\d+\b"
     r"|\b\d{1,3}[ \t]*[-–~/][ \t]*\d{1,3}[ \t]*x\b|\b\d{1,3}[ \t]*плеч(?:ом|о|а)"  # "с 5 плечом"
     r"|\d{1,3}[ \t]*倍"  # "槓桿：20倍"
     r"|\b\d+[ \t]*х(?:[ \t]*[-–~/][ \t]*\d+[ \t]*х)?|х\d{1,3}\b"),  # ("LONG Х25": a Cyrillic x before it)
    # "[1R]", "+8RR", "0.56 r:r": a reward multiple, not a price
    # (a small number only: "SL @ 1.5600 RR: 2.85" is a stop, then the ratio's field)
    ("multiple", r"(?-i:\b\d{1,2}(?:[.,]\d{1,2})?[ \t]?RR?\b)|\b\d+(?:[.,]\d+)?[ \t]?r[ \t]?:[ \t]?r\b"
     r"|\b\d{1,2}(?:[.,]\d{1,2})?rr\b"),  # ("tp : 1.04000 (4rr)": glued, in lower case too)
    # a real calendar date: "TP 2350-55-60" is three targets, not the 60th day of month 55
    ("date", r"\b(?:19|20)\d\d[./-](?:0?[1-9]|1[0-2])[./-](?:0?[1-9]|[12]\d|3[01])(?:T\d\d:\d\d(?::\d\d)?)?\b"
     r"|\bexp(?:iry)?\.?[ \t:]*(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])(?:/\d{2,4})?\b"  # "EXP 7/24": expiry
     r"|\b(?:0?[1-9]|[12]\d|3[01])[./-](?:0?[1-9]|[12]\d|3[01])[./-](?:19|20)\d\d\b"),
    # (a day of the month: "TARGET 36 40 FEBRUARY SERIES" holds a target, 40, then the contract's month)
    ("date", rf"\b(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?[ \t]+(?:{_MONTHS}){_MONTH_TAIL}"
     r"\.?(?:,?[ \t]+(?:19|20)\d\d)?\b"
     rf"|\b\d{{1,2}}-(?:{_MONTHS})-(?:19|20)?\d\d\b"  # "30-Sep-2025"
     # "AMBER FUTURE 29SEPT", "NIFTY 29SEP Future": a contract's expiry, its day glued to its month
     rf"|\b(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?:{_MONTHS}){_MONTH_TAIL}\b"
     # "Jan 24 2026"
     rf"|\b(?:{_MONTHS_FIRST}){_MONTH_TAIL}\.?[ \t]+\d{{1,2}}(?:st|nd|rd|th)?(?:,?[ \t]+(?:19|20)\d\d)?\b"
     rf"|\b(?:{_MONTHS_FIRST}){_MONTH_TAIL}\.?[ \t]+(?:19|20)\d\d[ \t]+@"  # "BUY GOLD AUG 2022 @ 51500": the month
     # "el pasado 24 de agosto", "em 5 de março", "le 24 août", "il 24 agosto"
     rf"|\b(?:0?[1-9]|[12]\d|3[01])[ \t]+(?:de[ \t]+)?(?:{_ROMANCE_MONTHS})\b"),
    # "R:R 1:1.5", "(72/100)", "3:1 Risk Reward"
    # "18/20 layers passing": a score before its word
    ("ratio", r"\b1[ \t]?:[ \t]?\d{1,2}(?:[.,]\d+)?\b|\b\d{1,3}[ \t]?/[ \t]?10{1,2}\b"
     r"|(?:(?m:^)|[ \t(])\d{1,2}/\d{1,2}[ \t]+(?-i:[a-z]{3,})"
     r"|\b\d{1,2}(?:[.,]\d+)?[ \t]?:[ \t]?1\b[ \t]*(?:risk|rr|r[ \t]?:[ \t]?r|reward|ratio)"
     # "(RR1-1,5)", "R/R 1-2", "RR: 1-3", "(1-2 RR)": a risk-reward ratio joined by a dash or a slash, no prices
     r"|\b(?:rr|r[:/]r)[ \t]*[:=]?[ \t]*1[ \t]?[-–:/][ \t]?\d{1,2}(?:[.,]\d+)?\b"
     r"|\b1[ \t]?[-–/][ \t]?\d{1,2}(?:[.,]\d+)?[ \t]*(?:rr|r[:/]r)\b"),
    # "14:30", "⏰ 14:30 GMT+3": a time of day, and its zone's offset (no signed price)
    ("clock", r"\b\d{1,2}:\d{2}(?::\d{2})?\b|\b(?:gmt|utc)[ \t]*(?:[+-]|−)[ \t]*\d{1,2}(?::?\d\d)?\b"),
    ("keycap", r"\d\x{FE0F}?\x{20E3}"),
    ("duration", r"\b\d+[ \t]*(?:mins?|minutes?|hours?|hrs?|days?|secs?|seconds?|dte)\b"  # ("30DTE": days left)
     r"|\d+[ \t]*(?:分钟|分鐘|小时|小時)"
     r"|\d+[ \t]*(?:ساعات|ساعة|ساعه|دقائق|دقيقة|أيام|ايام|ساعت|دقیقه|روز|часа|часов|час|минут|дня|дней)"),
    # "0.01-0.02 lots": a size, not a price ("SL 150.80 Lot 0.05" is a price, then the size's label)
    ("volume", r"\b\d{1,2}(?:[.,]\d{1,3})?(?:[ \t]*[-–][ \t]*\d{1,2}(?:[.,]\d{1,3})?)?[ \t]*lots?\b"
     r"|\b\d{1,6}[ \t]+(?:shares|contracts)\b"  # "LONG TSLA 100 shares @ market": how many, no price
     # "Зашел на 200$ с 5 плечом": the money put in, not a price
     r"|(?:зашел|зашёл|захожу|заходим|вошел|вошёл)[ \t]+на[ \t]+\d+(?:[.,]\d+)?[ \t]*\$"),
    ("timeframe", r"\b[mhdw]\d{1,3}\b|\b\d{1,3}[mhdw]\b|\d{1,3}[ \t]?(?:мин|м|ч|д)"  # M15, 4h, 15М, 4Ч
     # and an indicator's period, after its name or before a moving average's ("EMA200", "RSI14", "20MA", "200 EMA")
     r"|\b(?:[eswh]?ma|rsi|atr|adx|cci|mfi)\d{1,3}\b"
     r"|\b\d{1,3}(?:[eswh]?ma|dma)s?\b|(?-i:\b\d{1,3}[ \t](?:[ESWH]?MA|DMA)s?\b)"),
    # "#MDA", "#GBPJPY", "#TP1": read again without the "#"; "#1000000BOBUSDT": a contract's multiplier before the coin
    ("hashtag", r"(?-i:#(?:\d{0,4}|10{4,7})[A-Z][A-Z0-9]{1,15}\b)"
     rf"|#\d{{1,4}}[ \t]*/[ \t]*(?:{_CRYPTO_QUOTES})\b"),  # "#4/USDT": a coin named by a number, not "#4" and USDT
    # "#polyx long": a coin in lower case, a guess ("#1000lunc/usdt": its multiplier too)
    ("hashtag_lower", r"(?-i:#(?:10{3,7})?[a-z][a-z0-9]{1,11}\b)"),
    # "Coin Name-> DNT", "Pair: USDCAD", "COIN: #ENJ/BTC": a ticker the symbol patterns may not know; "symbol:
    # chzbtc" too, and "pair:- rvv" in lower case, a guess
    ("coin", rf"{_COIN_LABEL}[ \t]*[:=>@#-]*[ \t]*#?"
     r"(?-i:[A-Z][A-Z0-9]{1,11}|[a-z][a-z0-9]{1,9}(?:usdt|usdc|busd|btc|eth))\b"
     rf"|{_COIN_LABEL}[ \t]*[:=>@-]+[ \t]*#?(?-i:[a-z][a-z0-9]{{1,9}})\b"),
    ("hashnum", r"[#№]\d+(?:[.,]\d+)?"),  # "Signal #245"; "Target1#110.52" is read back as a price
    ("ordinal", r"\b\d{1,2}(?:st|nd|rd|th)\b"),
    # "Вход (2-фазный)", "a 3-step entry", "1-й": a number joined to a word; "3 цели", "3 targets": a count
    # "1-TP:4187": the index before the label (no count, below); read as "tp"
    # ("1tp 4231", "1 тп - 25%" too)
    # ("Вход: 97 Тейк профит: 154" on one line: a price, then the label; no 97th target)
    ("tp_indexed", r"\b\d{1,2}[ \t]*[-.][ \t]*tps?\b|\b\d{1,2}tps?\b"
     r"|\b(?:[1-9]|1[0-2])[ \t]*[-.]?[ \t]*(?:тп|тейк|цель)"),
    # "3 цели", "2 LAYERS": a count; "Buy 200 qtty": a quantity
    ("count", r"\d{1,3}[ \t]*(?:连胜|連勝|连败|連敗|连红|連紅)|(?:点位|點位)\d{1,2}"
     r"|\b\d{1,2}[ \t]+(?:of|out[ \t]+of)[ \t]+\d{1,2}\b"  # "Trade 2 of 3 today", "Setup 3 out of 5"
     r"|\b\d{1,2}-\pL+|\b\d{1,2}[ \t]*-[ \t]*\d{1,2}[ \t]+(?:layers?|entries|positions?|orders?|trades?|slots?)\b"
     r"|\b\d[ \t]*پله\x{200C}?(?:ای)?"  # "ورود ۲ پله‌ای 2.1 و 2.0": a two-step entry (Persian), then its prices
     # (up to twelve: "Entry - 18 Targets - 22, 40+" on one line is a price, then its label)
     r"|\b(?:[1-9]|1[0-2])[ \t]+(?:цели|целей|тейка|тейков|входа"
     r"|(?:targets|tps|entries|layers?|positions?|orders?|trades?|prices|levels|slots?|prezzi|livelli|entrate"
     r"|obiettivi|precios|niveles|entradas|objetivos|alvos|preços|prix|niveaux|entrées|objectifs|preise|ziele"
     r"|einstiege)\b"
     # "2 o 3 slot", "2 or 3 entries": the first count of two
     r"|(?:or|o|ou|oder|или)[ \t]+\d{1,2}[ \t]+\pL)|\b\d{1,6}[ \t]*(?:qty|qtty|quantity)\b"
     r"|\b(?:qty|qtty|quantity)[ \t]*[:=]?[ \t]*\d{1,6}\b"),  # "BUY TCS qty 10 @ 3500"
    # "1) 57450" in a list of entries or targets, after a bullet too ("✅ 1) 0.4920"); "1. 62588" with its price's
    # first character, which the reader reads again (no "1. Support:", a numbered line of prose)
    ("enumerator", r"(?m:^)(?:[ \t•▪▫◾◽⚪⚫🔹🔸🔷🔶👉➡➤►▶✅✔☑💰💵\x{FE0F}-]|\p{So})*\d{1,2}(?:\)|\.[ \t]+\$?\d)"
     # "Entry: 1) 0.13060 2) 0.12668": the list on one line; "Вход 1)87650 2)87150" with the price's first character
     r"|[ \t]\d{1,2}\)(?:[ \t]|\$?\d)"),
    # --- symbols (before numbers, so "US30" and "GER40" are not read as prices)
    # an option contract: its underlying, strike and call/put ("NIFTY 24400 PE", "M&M 3000 pe", "MCX 3000ce"):
    # the strike is no price, and the underlying alone is another instrument
    # "Nifty 21 Mar 22200 CE": the expiry may stand between them
    # "Nifty 18050 Put option", "BANKNIFTY 49000 CALL", "26000 strike calls": the worded kinds, read as contracts
    # only in a message about India's market (see SideReading._option)
    # "CRUDEOIL JAN 5000CE", "Sensex 25 Dec 85000 CE"; "📈📉 84800CE" under "SENSEX": the strike alone
    # ("$SPY $744 PUTS", "CAVA 07/17/26 $100 Call": a US contract's strike after its mark, its expiry before it)
    ("option", r"\$?\b(?:nifty[ \t]*50(?:[ \t]+|\b)|(?:(?:bank|fin)[ \t]+)?[a-z][a-z&]{1,14})"
     rf"(?:[ \t]+(?:\d{{1,2}}[ \t]*)?(?:{_MONTHS})[a-z]*)?(?:[ \t]+(?:{US_EXPIRY}|{US_EXPIRY_WORD}))?[ \t]*\$?"
     r"(?:\d{2,6}|\d{1,3},\d{3})[ \t]*(?:strike[ \t]+)?"
     r"(?:ce|pe|calls?|puts?)\b(?:[ \t]+options?\b)?|(?-i:(?:\b|_)\d{3,6}[ \t]?(?:CE|PE)\b)|\b\d{3,6}(?:ce|pe)\b"
     r"|\b\d{3,6}[ \t](?-i:ce|pe)\b"  # "nifty buy 22150 pe": in lower case too (reader: a price elsewhere)
     # a US contract, its kind one letter glued to the strike ("$ZM 100c", "AAPL 190C", "SPY 580c"); read as a
     # contract only on a capitalised ticker (see SideReading._option)
     # (its expiry may stand between: "SPY 9/07 450c")
    rf"|\$?(?-i:[A-Z]{{1,5}})[ \t]+(?:(?:{US_EXPIRY}|{US_EXPIRY_WORD})[ \t]+)?\$?\d{{1,4}}(?:\.\d{{1,2}})?[cpCP]\b"),
    ("glued", rf"\b(?:{_MAJORS})(?:{_MAJORS})(?:buy|sell|long|short)"),  # "XAUUSDSELL 4626"
    # a broker's suffix glued on ("XAUUSDm", "EURUSDc", "GBPCADPM", "XAUUSDM") or a chart's timeframe ("AUDUSDH1")
    # still names the pair; in capitals not a suffix that opens a stablecoin ("EURUSDT", "XAUUSDC": a coin's pair)
    ("pair", rf"\b(?:{_MAJORS})[ \t]?[/._-]?[ \t]?(?:{_MAJORS})"
     r"(?:\b|(?-i:[a-z]{1,3}|[ABD-SU-Z][A-Z]{0,2}|[MH]\d{1,2}|[DW]1)\b|_[a-z0-9]{1,5}\b)"
     # exotic pairs, glued or parted as the majors are ("USD/SGD", "EUR-TRY", "ZAR JPY")
     rf"|\b(?:USD|EUR|GBP|AUD|NZD|CAD|CHF)[ \t]?[/._-]?[ \t]?(?:{_EXOTICS})\b"
    rf"|\b(?:{_EXOTICS})[ \t]?[/._-]?[ \t]?(?:JPY)\b"),
    ("crypto_pair", rf"\b[a-z0-9]{{1,12}}[ \t]*/[ \t]*#?(?:{_CRYPTO_QUOTES}|BTC|ETH|BNB|USD)\b"  # "#ABT/#BTC"
    rf"|\b[a-z][a-z0-9]{{0,11}}[_-](?:{_CRYPTO_QUOTES})(?:[_-]PERP)?\b"
    rf"|\b[a-z0-9]{{2,14}}(?:{_CRYPTO_QUOTES}|PERP)\b|\b[a-z0-9]{{2,14}}(?:USD|{_CRYPTO_QUOTES})[_-](?:PERP|[UDC]MCBL|SPBL)\b|\b(?:{_CRYPTO_BARE_UPPER})[_-]?(?:USD|EUR)\b|(?-i:\b[A-Z0-9]{{2,10}}BTC\b)"),
    ("cashtag", r"\$(?:1000|10000|1000000|1m)?[a-z][a-z0-9]{1,11}\b"),  # "$1000PEPE" is not "$PEPE"
    # a broker's lowercase suffix glued on ("US30m", "USTECc") still names the index
    ("index", rf"\b(?:{_SPACED_INDICES}|{_INDICES})(?:\b|(?-i:[mc])\b)|(?-i:\b(?:{FUTURES_ROOTS})\b)"
     rf"|{_SYNTHETIC_INDICES}"),
    ("alias", rf"\b(?:{_ALIASES})\b|\bs&p(?:[ \t]*500)?|золот[оа]|{_words(_AR_GOLD + _AR_PAIRS + _RU_COINS)}"
     r"|\bvàng\b|黄金|黃金|白银|白銀|比特币现金|比特幣現金|比特币|比特幣|以太经典|以太經典|以太坊|以太|狗狗币|狗狗幣|莱特币|萊特幣|瑞波币|瑞波幣|大饼|大餅|二饼|二餅|原油|ทองคำ"
     rf"|{_NAMED_ALTERNATION}"),
    # lower case too for the coins whose names are no word in any language the parser reads
    # "#link long": a hashtag marks a coin the parser knows in any case (a bare "link" is a word)
    ("crypto_bare", rf"(?-i:\b(?:{_CRYPTO_BARE_UPPER})\b)|\b(?:{_CRYPTO_BARE_ANY_CASE})\b|#(?:{_CRYPTO_BARE_UPPER})\b"),
    # --- sides and order types ("Sell targets:" in a Buy signal labels its targets: before the side words)
    # "Targets: / 1️⃣ Close the order at the price $43600": under a target label, a close at a price is a target
    ("tp_phrase", r"\b(?:sell|buy|selling|buying|profit|exit)[ \t]+(?:targets?|levels?)\b"
     r"|\bclose[ \t]+(?:(?:the[ \t]+)?(?:order|position|trade)[ \t]+)?at(?:[ \t]+(?:the[ \t]+)?price)?\b"
     # ("Цели: / 🔘 Закрыть по $0.098.", "🔘 Закрыть ордер по цене $0.2863": close at, in Russian)
     r"|закрыть[ \t]+(?:(?:ордер|позицию|сделку)[ \t]+)?по(?:[ \t]+цене)?(?:[ \t]|$)"
     r"|\bstop[ \t-]*gain\b"  # Portuguese "Stop Gain: 1.0800" is the target (read before "stop", the stop loss)
     # and "Gain:" alone, as Brazil's day traders label it ("Entrada / Stop / Gain"; "gain 3%" stays no label)
     r"|(?m:^)[^\pL\pN\n]*gain[ \t]*[:=]"
     # a short's exit at a price: "Buy back at 93000", "Cover at 93000" (before "buy", the side word); "Exit at 170"
     r"|\bbuy[ \t]+back[ \t]+(?:at|@)|\bcover[ \t]+(?:at|@)|(?m:^)[^\pL\pN\n]*exit[ \t]+(?:at|@)"),
    ("side", r"\b(?:buy|sell|seel|long|short|bought|sold|shorted|shorting|longed|longing|bullish|bearish|compra|venta"
     r"|buying"
     r"|selling|venda|achat|vente"
    rf"|{_LATIN_SIDES})"
    r"(?:[ \t-]*(?:limits?|stop|giới[ \t]+hạn)\b|\b|\d+(?:[.,]\d+)?)"  # ("mua giới hạn": Vietnamese buy limit)
    # Spanish and Portuguese shorts and longs in phrases only ("stop corto" is a tight stop, "corto plazo" short-term):
    # "entramos en corto", "posiciones cortas", "Posição curta aberta", "Entrada Curta: 2.45"
    r"|\b(?:en|un|entrado|entramos|entrar)[ \t]+(?:cortos?|largos?)\b|\bposici(?:ón|on|ones)[ \t]+(?:cortas?|largas?)\b"
    r"|\bposi(?:ção|cao|ções|coes)[ \t]+(?:curtas?|longas?)\b|\bentrada[ \t]+(?:curta|longa|corta|larga)\b"
    r"|(?:лонгуем|шортим|шортанули|шортанул|шортану|лонганули|лонганул|лонгану|лонг|шорт|покупка|продажа)"
    r"(?:[ \t-]*(?:лимит|стоп))?"
    rf"|\b(?:{_LATIN_SIDES_ACCENTED})(?:[ \t-]*(?:limit|stop|giới[ \t]+hạn)\b|[^\pL\pN\n]|(?m:$))"
    rf"|{_words(_SIDE_WORDS)}|{_CJK_SIDES}"
    # "Side: BUYS", "OPEN GOLD SELLS NOW": capitals only, "buys" is prose; "BTO 40 COIN @ 57": buy (sell) to open
    # Turkish "AL" (buy) and "SAT" (sell): capitals only ("al" and "sat" are words elsewhere)
    r"|(?-i:\b(?:BUYS|SELLS|BUYY|SELLL|BTO|STO|AL|SAT)\b)"),
    # "Вход лимитка 87250"; "Entry limit 2: 0.04125" (the index is no price)
    # "再挂77188" (place another): a pending leg after the order's own price
    # "Order: Stop" on a line of its own: a stop order (not "Stop: 2350", a stop loss)
    ("stop_order", r"\b(?:order|type)(?:[ \t]+type)?[ \t]*[:=][ \t]*stop[ \t]*(?m:$)"),
    ("limit", r"\blimits?(?:[ \t]*\d{1,2}[ \t]*[:=)]|\b)|\blimite\b|\blimitad[ao]\b|\blmt\b"
     r"|掛單|挂单|再挂|再掛|限价|限價|委托|委託"
     r"|ليمت|ليميت|لیمیت|لیمت|лимит(?:ка|кой|ку|ный|ным|ного|ная|ной|ом)?"),
    # --- level labels
    # "Stop Loss Price: 112000", "TP price 102500": the label's own "price", not an entry label
    ("sl", r"\bsl\d+(?:[.,]\d+)?"
     # (and their typos: "STOL LOSS", "Stoplos", "Stop los", "Stoploos", "STOPOSS", "Stp loss", "Sto loss"; "STP" alone
     # stays unknown: held)
     r"|\b(?:(?:(?:stopp?[ \t-]*loss(?:es)?|stopp?loss|sto[lp]p?[ \t-]*lo(?:ss?|os|se)|st(?:p|o)[ \t-]*loss|stoposs|sl)"
     r"(?:[ \t]+(?:targets?|prices?|levels?))?"
     r"|stopp?s?(?:[ \t]+targets?)?|invalidation(?:[ \t]+(?:price|level))?"  # ("Stopp:": German)
     r"|invalid(?:[ \t]+(?:below|above|under|over|if))|risk[ \t]+price)\b"
     # "St 76.69", "SI: 1.7085": stop-loss typos; "zarar durdur": Turkish
     r"|s[ \t]?[/-][ \t]?l\b|s\.[ \t]?l\b\.?|st\b|si[ \t]*:|zarar[ \t]+(?:durdur|kes)\b"
     r"|cut[ \t-]*loss|batas[ \t]+rugi"  # Indonesian: "Cutloss: 8800", "Batas rugi: 2335"
     r"|parar[ \t]+p[ée]rdidas?|stop[ \t]+de[ \t]+p[ée]rdidas?|l[íi]mite[ \t]+de[ \t]+p[ée]rdidas?)"  # Spanish
     r"|(?-i:(?m:^)[^\pL\pN\n]*CL[ \t]*[:=])"  # "CL: 9000": an Indonesian share tip's cut loss
     r"|(?-i:[,;][ \t]*CL[ \t]*[:=]?[ \t]*)"  # ("BELI ANTM di 1500-1520, TP 1600, CL 1450": after a clause, a price's)
     r"|(?m:^)[^\pL\pN\n]*invalid[ \t]*(?:/|:)"  # "Invalid / 5052", "Invalid: 5052": the stop, as a field
     r"|(?m:^)[^\pL\pN\n]*сл[ \t]+"  # "СЛ 2340": SL in Cyrillic letters, at a line's start
    rf"|{_NOT_WORD}сл[ \t]+"  # or after the entry ("ПОКУПКА 2350 СЛ 2340"): a word of its own, spaced from its price
    rf"|стоп[ -]?лосс?|стоп|сл[ \t]*[:=-]|🛑|⛔|✖|❌|🚫|{_words(_INTL_SL)}|止损|止損|停损|停損|防守"
     r"|损|損|離場[：:]|离场[：:]"
     r"|\b(?:cắt|dừng)[ \t]+lỗ"),
    # "stop 1.0820 take 1.0900": "take" alone before a price labels a target (the price's first characters are read
    # again, as the enumerator's are; "take 1: 2360" keeps its index)
    ("take_price", r"\btake[ \t]+\$?(?:\d+[.,]\d|\d{3})"),
    # Words end at a boundary ("targeting" is no label); "TP" may run into its price ("TP109.28") and symbols
    # into anything. The optional number is an index: "TP1", "TP 2", "Target 3".
    # (and their typos: "Traget", "Taget", "Targer", "Tagret", "Trgt", "Targ", "Targat", "Trget", "Take proft",
    # "Take prfit")
    ("tp", r"(?:ț[iî]nt[ăa]|\b(?:take[ \t-]*profits?|takeprofit|targets?|tgt|tg|traget|taget|targer|tagret|targte"
     r"|trgt|targ|targat|targt|trget|taregt|tragte"
     r"|take[ \t-]*(?:pro(?:fi|ft|fti)|prfit)s?|objectifs?|objectives?|objetivos?|alvos?|ziele?"
     r"|obiettiv[io]|hedef(?:ler)?|k[aâ]r[ \t]+al|maqsad(?:lar)?"  # (Uzbek "maqsad": target)
     r"|cibles?|kursziele?|cele|cel"  # French, German, Polish
     r"|doel(?:en)?|mål|cíle?|cél|tint[ăa]|obiectiv(?:e|ul)?"  # Dutch, Nordic, Czech, Hungarian, Romanian
     # "Tomar ganancias: 2360", "Realizar lucro", "Ambil untung": take profit in Spanish, Portuguese, Indonesian
     r"|tomar[ \t]+ganancias?|toma[ \t]+de[ \t]+ganancias?|realizar[ \t]+lucros?|ambil[ \t]+untung))"
     r"(?:[ \t]+prices?\b)?"
     # "Target 2", "Target-2:", "Target (2)", "Target-1 2360"
     r"(?:[ \t#№]*\d{1,2}\b|-\d{1,2}[ \t]*[:=]|[ \t]*\(\d{1,2}\)|[-.][1-9][ \t]+|\b)"
     r"|(?:\btps?(?:[ \t]+prices?\b)?|\btrg\b|\bt[ \t][1-9]\b|\bt\.[ \t]?p\.?|\bt[ \t]?[/-][ \t]?p|\bt[1-9]\b"
     r"|т[еэ]йк[ -]?профит|т[еэ]йки|т[еэ]йк|цели|целям|цель|точк[иа][ \t]+фиксации"
     # "Фиксируем прибыль на: 0.6774, 0.6688", "Отгрызаем профит на: 4.627$": we take profit at (the prices follow;
     # without "на" it is an instruction)
     r"|(?:фиксируем|забираем|отгрызаем|берём|берем)[ \t]+(?:прибыль|профит)[ \t]+на|фиксация[ \t]+прибыли[ \t]*:"
     r"|профит[ \t]+на[ \t]*:"
     # "🎯تارگت:": the mark glued to a target word of a script with no word boundary of RE2's is one label
     rf"|🎯(?:[ \t]*(?:{_INTL_TP}){_INTL_INDEX})?)"
     # "TP1", "TP 2", "TP-3:", "TP-1 2360", "TP.1 2360": an index
     r"(?:[ \t#№]*\d{1,2}\b|-\d{1,2}[ \t]*[:=]|[-.][1-9][ \t]+|\b|)"
     r"|(?m:^)[^\pL\pN\n]*тп[ \t]+(?:\d[ \t]+)?"  # "тп 2360", "ТП 1 2360": TP in Cyrillic letters
    rf"|{_NOT_WORD}тп[ \t]+(?:\d[ \t]+)?"  # ("СЛ 2340 ТП 2360": after the stop, on the order's line)
     r"|тп(?:[ \t]*№?[ \t]*\d{1,2}[ \t]*[:=.)-]|[ \t]*[:=-]|\d{1,2}\b)|\btake[ \t]*(?:\d{1,2}[ \t]*)?[:=-]"
     r"|(?-i:ТР)(?:[ \t]*\d{1,2})?[ \t]*[:=]"  # "ТР: 0.15": TP in Cyrillic capitals that look Latin, a field's label
     r"|(?-i:\bPT[1-9]?\b)|\bpt[1-9]\b"  # a price target ("PT1: 3.72", "PT 72", "pt1 at 1.2870"; "10 pt": points)
     r"|\bexit(?:[ \t]+(?:targets?|points?|levels?))?[ \t]*\d{0,2}[ \t]*[:=-]"
     r"|\bgoals?[ \t]*\d{0,2}[ \t]*(?:[:=]|[-–][ \t])|\bgoal[ \t]*[1-9]\.?[ \t]"  # ("Goal - 4728.4", "Goal 1 4012")
     r"|\bprofit[ \t]+takes?\b|\bprofit[ \t]*\d[ \t]*[:=]"  # "PROFIT TAKES 🚩 / $1633.30 - ...", "Profit 1: 2360"
     rf"|{_OPEN}(?:{_INTL_TP}){_INTL_INDEX}{_CLOSE}"
     r"|(?:第[一二三四五六1-6])?(?:止盈位|止盈|目标位|目標位|目标|目標|盈利位)"
     r"(?:[ \t]*\d[ \t]*[:=)]|\d\b|[ \t]+\d[ \t]+)?"
     r"|(?:(?m:^)[^\pL\pN\n]*|[ \t])盈(?:[ \t]*[：:]|[ \t]+)"  # ("盈：12.4", "多 65000 损 64000 盈 67000": short)
     # "Meta 1:", "Obj 1:" (Spanish), "Saída 1:" (Portuguese), "Sasaran 1:" (Indonesian, Malay); "Meta 1 → 2360"
     r"|\b(?:meta|obj|sa[íi]da|sasaran)[ \t]*\d{1,2}(?:[ \t]*(?:[:=)-]|→|@)|[ \t]+)|\bsasaran\b"
     r"|\bchốt[ \t]+(?:lời|lãi)(?:[ \t]*\d\b)?|\bmục[ \t]+tiêu(?:[ \t]*\d\b)?"),
    # "Market price : 4112" before the order line: where the market is, the entry unless the order gives its own
    # "XAG/USD is currently trading around $15.94": where the market is, said in prose
    ("quote", r"\b(?:market|current|live|spot)[ \t]+price\b|(?m:^)[^\pL\pN\n]*(?:current|last)[ \t]*:"
     r"|\bprice[ \t]+(?:is[ \t]+)?(?:now|right[ \t]+now)\b"  # "Price now 2345.6": the market's, not the order's
     r"|\b(?:currently|is|are)[ \t]+trading[ \t]+(?:around|at|near|close[ \t]+to)\b"
     # "Gold is now at 2345", "BTC is currently around 64000": where a market is, said in a sentence
     r"|\b(?:is|are)[ \t]+(?:now|currently)[ \t]+(?:at|around|near)\b"
     r"|\bpre[çc]o[ \t]+atual\b|\bprecio[ \t]+actual\b|\bprezzo[ \t]+(?:attuale|corrente)\b|\bprix[ \t]+actuel\b"
     r"|قیمت[ \t]*فعلی|سعر[ \t]*السوق|текущая[ \t]+цена|市價|市价|实时价格|實時價格|当前价格|當前價格"),
    # "Open: 2360" (not "TP3 open"), "Entry 1: 2345" (an index, not a price)
    # "Усреднение: 0,0933" (averaging in): the second entry of a two-step entry
    # "ABOVE : 80" under "BUY NIFTY 25000 PE": the price the order triggers at, written as a field
    # "🔊LEVEL :2653" under "XAUUSD BUY NOW", "At : 1.2724": the order's price as a field of its own line
    # "IN: 4161", "IN 1902 - 10 pt stop": "in" labels the entry with a colon or in capitals at a line's start
    ("entry", r"(?-i:\b(?:IN|In)[ \t]*:|(?m:^)[^\pL\pN\n]*IN\b)"
     r"|\bopen(?:[ \t]+(?:price|rate))?[ \t]*[:=@]|(?m:^)[^\pL\pN\n]*open[ \t]+at\b|\b(?:above|below)[ \t]*[:=]"
     # ("⚪ Open - 4151.44": a spaced dash after it, in capitals or title case)
     r"|(?-i:\b(?:OPEN|Open)(?:[ \t]+(?:PRICE|RATE|[Pp]rice|[Rr]ate))?)[ \t]+[-–—][ \t]"
     r"|(?m:^)[^\pL\pN\n]*(?:level|at)[ \t]*:"
     # "Entry #2:", "E2:": numbered entries
     r"|\b(?:entry|entries)[ \t]*[#№]?\d{1,2}[ \t]*[:=)]|(?-i:\bE[1-5])[ \t]*[:=]|усреднени[ея]|твх"
     # "Entry 1 - 159.80", "Entry 2 → 153", "Entry 2 @ 153": a numbered entry, then a dash spaced from the price or
     # an arrow (with no space, "Entry 1-1.2" is a zone)
     r"|\b(?:entry|entries)[ \t]*[1-5](?:[ \t]*[-–—][ \t]|[ \t]+(?:→|➡\x{FE0F}?|->|>>|@|at\b))"
     r"|\b(?:entry|entries)[ \t]*[1-5][ \t]+"  # "Entry 1 2350", as "TP 1 2360" is written
     r"|\b(?:second|third|re-?)[ \t]*entry\b"  # "Second entry 2345", "Re-entry 2345": another leg
     # ("Entry Price Targets: 0.2451 0.2350": two words after it)
     # (and its typos: "Entery", "Enrty", "Entrey", "Etnry")
     r"|\b(?:(?:entry|entries|entrys|entery|enrty|entrey|entey|entrry|etnry)"
     r"(?:[ \t]+(?:targets?|orders?|points?|prices?|levels?|zones?)){0,2}|enter|en|ent|ep"
     r"|get[ \t]+in|price|prezzo|precio|pre[çc]o|cmp|entrada|entrata|entr[ée]e|einstieg(?:spreis)?|ek|ingresso|intrare"
     r"|giris|fiyat|avg"  # ("HOOD 117C EXP 7/24 AVG 2.75": the average fill, the entry)
     r"|wej[śs]cie|cena[ \t]+wej[śs]cia"  # Polish
     r"|vstup|ingång|inngang|indgang|instap(?:prijs|koers)?"  # Czech, Swedish, Norwegian, Danish, Dutch
     r"|kirish)\b|🏁|\bbelép(?:ő|és)|\bmasuk[ \t]*:"  # Hungarian; Indonesian "Masuk: 2350" (a field, not "masuk TP")
     r"|(?m:^)[^\pL\pN\n]*pe\b"  # "PE 4375", "• PE 4375": the entry's price at a line's start
     # ("Accumulate: 14.2-14.8" opening its line: a spot channel's buy zone as a field, not "accumulation" in prose)
     r"|(?m:^)[^\pL\pN\n]*accumulat(?:e|ion)(?:[ \t]+(?:zone|area|range))?[ \t]*[:=-]"
     r"|(?m:^)[^\pL\pN\n]*accumulate[ \t]+"  # ("ACCUMULATE #DOT 6.5 - 6.2": the word as the order's own)
     r"|входим|заходим|вход|зашел[ \t]+по|зашёл[ \t]+по|зашли[ \t]+по|"  # "Зашел по 1.14$": entered at
     r"\bentered[ \t]+at\b|\bentered[ \t]*@|"  # "XAUUSD buy / Entered at 4588"
     r"\bgiriş(?:[ \t]+b[öo]lgesi)?|\brango[ \t]+operativo\b|"  # ("Rango operativo 2403 -2409": the entry zone)
     # "Harga masuk: 2350", "Area beli 4500": Indonesian
     r"\bharga[ \t]+(?:masuk|beli|jual|entry)\b|\btitik[ \t]+masuk\b|\barea[ \t]+(?:beli|jual|masuk)\b"
     r"|\bmasuk[ \t]+di\b|\bentrar[ \t]+(?:en|em)\b|ادخل[ \t]+(?:عند|من)|\bvùng[ \t]+vào|"  # "Masuk di 2350"
     rf"{_words(_INTL_ENTRY)}|入场|入場|進場|进场|开仓价|開倉價|建仓|建倉"
     r"|(?:(?m:^)[^\pL\pN\n]*|[ \t])入[ \t]*[：:]"  # ("入：11.88", short; "总投入:" is no label)
     r"|(?m:^)[^\pL\pN\n]*(?:价格|價格)[ \t]*[:：]"  # "价格: 43250" as a field of its own ("止损价格:" is the stop's)
     r"|\bvào[ \t]+lệnh|\bgiá[ \t]+vào|điểm[ \t]+vào"),  # (no \b before "đ": RE2's \b knows ASCII letters only)
    # "between 2340 and 2350", "buy zone", "around 666": an entry in prose, which a labelled entry overrides
    ("prose_entry", r"\b(?:zone|zn|area|between|range|around)\b"),
    # "@sn06 Notif", "Buy،Technical،m0bh4y4t": a username, its digits no price
    ("mention", r"@[a-z_][a-z0-9_]{3,}|\b[a-z]+\d+[a-z]+\d+[a-z0-9_]*\b"),
    ("weak_entry", r"\b(?:at|from|now|market)\b|@"),
    # ("亏损", "损失": a loss, in a result; "损1564" alone, after a Chinese order, is its stop)
    ("ignore", r"плечо|риск|добор|марж[аейиу]|объ[её]м|депозит"  # (добор: an add-on, like DCA; маржа: margin)
     r"|数量|手数|强平|強平|爆仓|爆倉|亏损|虧損|损失|損失|损益|損益"
     r"|\b(?:ideal|risk|leverage|lev|lots?|size|volume|vol|bid|ask|spread|payoff|previous"
    r"|prev|balance|equity|account|capital|margin|signal[ \t]*(?:no|number|id)|no\.|ref|reference"
    r"|rr|r[ \t]?[:/][ \t]?r|ratio|reward"
    r"|gain|max|min|deposit|high|low|support|resistance|swing|tf|valid|until|expires?|time|date|trade[ \t]*(?:no|id)|"
    r"strategy|setup|version|bot|model|dca|average|averaging"
    r"|atr|rsi|ema|sma|macd|adx|vwap|obv|stoch|pivot|poc|momentum)\b"  # an indicator's value, no order's level
    # "Breakeven: $2,404.70 (move SL here)", "Breakeven at 2355": where the stop moves, no target
    r"|\bbreak[ \t-]?even[ \t]*(?::|@|at\b)"
    r"|(?-i:\bI[Dd]\b)"),  # "Posted at 23:59 | ID 2375", "Order Id: 88123": an identifier, no level
    ("blank", r"\btrail(?:ing)?(?:[ \t]*(?:stop|sl))?\b"
    r"|\b(?:open|none|nil|n/a|mental|hold|runner|leave|later|soon|tba)\b|\?+"),
    # --- numbers: signed ones (annotations like "+70") before plain ones
    # "stop @ 1.51.65": a price with a second point, unreadable (neither "1.51" nor "65" is the level)
    ("garbled", r"\b\d{1,6}\.\d+\.\d+\b"),
    ("kilo", rf"\b{_NUMBER}k\b|\b\d{{1,3}}k\d{{1,2}}\b|\b{_NUMBER}[кК]"),  # "66k"; "92k6" is 92.6k; "55к"
    # "-110,534.22150" too
    ("signed", rf"[+-]{_NUMBER}(?:k\b|к)|[+-](?:\d{{1,3}}(?:,\d{{3}})+\.\d+|{_NUMBER})(?:½|¼|¾)?"),
    # "34,440", "1,234.5"; "111 600.00" (a space between thousands, told from a list by its cents)
    # "136:600": a colon for the decimal point (never a clock or a ratio: three digits after it)
    # " .6526": a price with its leading zero left out, the space before it part of the token (RE2 has no
    # look-behind): "1.6526" and "sl..106.31" are never read so
    # "Stop loss :7.16044E-5": a small coin's price in a spreadsheet's notation
    ("number", rf"\b\d{{1,3}}\.\d+[eE]-\d{{1,2}}\b"
     rf"|\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?\b|\b\d{{2,3}}[ \t]\d{{3}}\.\d{{2}}\b|\b\d{{2,5}}:\d{{3,5}}\b"
     rf"|{_NUMBER}(?:½|¼|¾)?|[ \t@:$]\.\d+\b"),
)

TOKEN_KINDS = tuple(kind for kind, _ in TOKEN_PATTERNS)
# Two steps, both on RE2's DFA: TOKENS (no capture groups) finds each token's span; the Set then names the
# first alternative that matches the whole span, which is the alternative leftmost-first search chose (an
# earlier one matching there would have won). One regex with a named group per kind gives the same tokens,
# but capture groups on a program this size push RE2 onto its NFA: about ten times slower (bench/parsing.py).
# The alternation's DFA outgrows RE2's default 8 MB budget: RE2 then keeps discarding its DFA cache and the
# tokenizer runs several times slower (bench/parsing.py showed 85 us a message at 8 MB, 18 us at 32 MB).
_TOKENIZER_OPTIONS = LARGE_PROGRAM_OPTIONS = re2.Options()  # (builtin's whole-message notes take it too)
_TOKENIZER_OPTIONS.max_mem = 32 << 20
TOKENS = re2.compile("(?i)" + "|".join(f"(?:{pattern})" for _, pattern in TOKEN_PATTERNS), _TOKENIZER_OPTIONS)
_KINDS = re2.Set.FullMatchSet(_TOKENIZER_OPTIONS)
for _, _pattern in TOKEN_PATTERNS:
    _KINDS.Add("(?i)" + _pattern)
_KINDS.Compile()
# The wrapper's Match only adds a str check; call the RE2::Set underneath when it is there (see spans.py).
_match_kinds = getattr(_KINDS, "_set", _KINDS).Match


def token_kind(data: bytes, start: int, end: int) -> str:
    """The kind of the span ``data[start:end]`` found by ``TOKENS``.

    Plain prices ("1.0850", "34440") are most tokens and can only be numbers (a date needs two separators,
    every other numeric kind a letter or symbol), so they skip the Set; labels and symbols repeat from message
    to message, so their kinds are remembered in a bounded cache. A span whose kind depends on the character
    after it ("no." before "5": a word boundary the slice alone does not show) falls back to the one-regex
    specification, matched in place.
    """
    token = data[start:end]
    if token[:1].isdigit() and token.translate(None, b"0123456789") in (b"", b".", b","):
        return "number"
    kind = _kind_of_word(token)
    if kind is None:
        match = _specification().match(data, start)
        kind = match.lastgroup if match is not None and match.end() == end else "noise"
    return kind


def kind_matches(word: bytes) -> bool:
    """Whether ``word`` on its own is a token of some kind ("TP1", "GBPJPY"), unlike a coin name ("MDA")."""
    return bool(_match_kinds(word))


@functools.lru_cache(maxsize=8192)
def _kind_of_word(token: bytes) -> str | None:
    matches = _match_kinds(token)
    return TOKEN_KINDS[min(matches)] if matches else None


@functools.lru_cache(maxsize=1)
def _specification() -> re2._Regexp:
    """TOKENS with a named group per kind: what the two fast steps must agree with (tests/unit/test_lexicon.py)."""
    return re2.compile("(?i)" + "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in TOKEN_PATTERNS),
                       _TOKENIZER_OPTIONS)


# Words that may stand before a price on its own line and still leave it the entry ("@ 1.0850", "at 1.0850").
PREFIX_WORDS = re2.compile(r"\pL{2,}")
# For a message with no stop loss and no target: wording of announcements and talk.
# ("Buy Nifty 26100 pe above 70": above or below a price is the order's trigger, no talk)
CHATTER = re2.compile(r"(?i)(?:^|[^@\pL])everyone\b"  # ("@everyone": a Discord ping, no chatter)
                      r"|\b(?:coming|soon|tuned|ready|join|guys|today|tomorrow|tonight|week|later"
                      r"|maybe|probably|think|expect(?:ing)?|looks?|looking|seems?|chance|possible|potential|bias"
                      r"|idea|going|will|want|like|love|is|are|was|update|still|holding|hold|keep)\b"
                      r"|\b(?:above|below)\b(?:[ \t]*[^ \t\d₹$]|[ \t]*$)")
WORDS = re2.compile(r"[\pL\pN][\pL\pN.,]*")
PROSE_WORD = re2.compile(r"\pL{2,}")
LIST_GOES_ON = re2.compile(r"[ \t]*[,/|\-–][ \t]*\$?\d")
SHARE_AFTER = re2.compile(r"[ \t]*[,/|\-–][ \t]*\d+(?:[.,]\d+)?[ \t]*%")  # "0.01609 - 49.991%": the order's share
# "1 0.03750": a list's number, then its price; "1 Entrada 2517": a numbered line, then its label
# "**2.** [`4.11774`]" (markdown bold already gone), "Entry Targets - 1) 0.4315"
ENUMERATED_MIDLINE = re2.compile(r"\.[ \t]+[\[`($]*\d+[.,]\d|\)[^\pL\pN\n]{0,8}\d")  # "- 1) 57450", "1)🟥 0.3196"
INDEX_DASH = re2.compile(r"-\$?\d+[.,]\d")  # "Цели - 1-6.411 2-6.475": a target's index joined to its price
# ("2. GBPUSD BUY ...": a numbered list of orders, the number before the next one's market)
ENUMERATED = re2.compile(r"[ \t.):-]+\$?\d+[.,]\d|[ \t.):-]+(?i:entry|entrada|entr[ée]e|sl|tp|stop|target|take)\b"
                         r"|[.)][ \t]*[A-Za-z#$]")
DISTANCE_AFTER = re2.compile(r"(?i)[ \t]*(?:pips?|points?|pts?|%)")
LETTER_OR_DIGIT = re2.compile(r"[\pL\pN]")
# "1) 2360", "2. 2370", "3- 2380": a list's number opening a line (not "1.2360", a price)
LIST_NUMBER = r"\d{1,2}(?:\)|[.-][ \t])"
PROSE_OR_DIGIT = re2.compile(r"\pL{2,}|\d")
PRICE = re2.compile(r"\d+(?:[.,]\d+)?")
BARE_NUMBER = re2.compile(r"(?:^|[^\pL\pN])\d+(?:[.,]\d+)?(?:[^\pL\pN]|$)")  # a price, not "D1" or "20x"
# What says a message is about a futures market, about coins, about crypto at all (built from shared pieces).
_FUTURES_WORDS = "leverage|lev|futures|usdt|perp|perpetual|cross|isolated"
_FUTURES_MARKS = r"\d[ \t]*x\b|плеч|кросс|изолир|фьючерс|\d[ \t]*х"  # "20x", "плечо", "кросс"
_FUTURES_INTL = "رافعة|اهرم|لورج|لوریج|فیوچرز|合约|合約|永续|永續|杠杆|槓桿"
_EXCHANGES = "binance|bybit|okx|bitget|kucoin"
CRYPTO_CONTEXT = re2.compile(rf"(?i)\b(?:{_FUTURES_WORDS}|{_EXCHANGES})\b|\$[a-z]|{_FUTURES_MARKS}|{_FUTURES_INTL}"
                             r"|做多|做空|多单|空单|多單|空單|附近多|附近空"
                             r"|止盈|止损|止損|进场|進場|入场|入場|小空|小多|以太|大饼|大餅|二饼|二餅")
# A capitalised word right after a side word: "Buy FET at 2350-2380 sat", "short #idol 0,03404", "SELL NOW TATASTEEL".
# ("SHORT 1000PEPE": a contract's multiplier before the coin)
# ("Buy on weakness ANTM 1500-1520", "Sell on strength: BBCA": the side's manner, then the share)
# ("BUY - INFY ABOVE 1815"; "[BUY] SBIN", "BUY ⬆️ HINDZINC": a bracket closing the side word, or a mark after it)
BARE_TICKER = re2.compile(r"[ \t]*(?:[\])][ \t]*)?(?:[-–:][ \t]*)?(?:[^\pL\pN\s#$@.,:;|/(\[-]{1,3}[ \t]+)?"
                          r"(?:(?i:now|on[ \t]+(?:weakness|dips?|strength|breakout|pullback|rise))[ \t]*:?[ \t]+)?"
                          r"(?:(?:1000|10000|1000000)?[A-Z][A-Z0-9]{1,9}|#[a-z][a-z0-9]{1,9})\b")
# "BANK" or "EPIC USDT" alone on the message's first line
TICKER_LINE = re2.compile(r"[^\pL\pN#$]*([A-Z][A-Z0-9]{1,9}(?:[ \t]+(?:USDT|USDC|BUSD|USD|BTC|ETH))?)[ \t]*\n")
# "Pixel SHORT", "Enj шорт", "Sol limit long" opening a line
TICKER_TITLED = re2.compile(r"^[^\pL\pN\n]*([A-Z][a-z][a-z0-9]{1,8})[ \t]*(?:(?i:limit|spot|swing|scalp)[ \t]+)?$")
# "epic   多", "空eigen  1.655": a Latin name beside a Chinese side word, in a message otherwise in Chinese
CJK_TICKER_BEFORE = re2.compile(r"(?:^|[^A-Za-z0-9#$])([A-Za-z][A-Za-z0-9]{1,9})[ \t]*$")
CJK_TICKER_AFTER = re2.compile(r"[ \t]*([A-Za-z][A-Za-z0-9]{1,9})\b")
# "sui long entry 1.25", "apt: long": a coin the parser knows, written in lower case, opening the order line
TICKER_LOWER = re2.compile(r"^[^\pL\pN\n]*([a-z]{2,5})[ \t]*:?[ \t]*(?:(?i:limit|spot|swing|scalp)[ \t]+)?$")
# ("TLM USDT - Buy", "1000PEPE USDT LONG": the coin with its quote asset, spaced)
TICKER_BEFORE = re2.compile(r"(?:^|[^\p{Latin}0-9#$])([0-9]{0,7}[A-Z][A-Z0-9]{1,9}(?:[ \t]+(?:USDT|USDC|BUSD))?)"
                            r"(?:[^A-Za-z0-9\n]{0,12}|[ \t]+(?i:go|going)[ \t]+)$")  # ("IRB Go Long")
# "🟢 DHAMPUR SUGAR BUY ABOVE 258": a company's name of two or three words opening the order line
NAME_BEFORE = re2.compile(r"^[^A-Za-z0-9#$\n]*((?:[A-Z][A-Z0-9]{1,14}[ \t]+){1,2}[A-Z][A-Z0-9]{1,14})[ \t]+"
                         r"(?:(?i:go|going)[ \t]+)?$")
# What says a cashtag ("$DIA") names a coin rather than a share ("$AAPL"): an exchange, a futures word, a quote.
COIN_CONTEXT = re2.compile(rf"(?i)\b(?:{_FUTURES_WORDS}|{_EXCHANGES}|mexc|usdc|spot|crypto|coins?|altcoins?|tokens?"
                           r"|defi)\b"
                           rf"|{_FUTURES_MARKS}|монета|{_FUTURES_INTL}|做多|做空|多单|空单|多單|空單|市價多|市價空|市价多|市价空")
FUTURES_CONTEXT = re2.compile(rf"(?i)\b(?:{_FUTURES_WORDS})\b|{_FUTURES_MARKS}")
# Uppercase hashtags that name a channel, an exchange or a style, never a coin.
HASHTAG_NOISE = frozenset(b"FREE SIGNAL SIGNALS VIP BINANCE BITTREX KUCOIN BYBIT OKX HUOBI POLONIEX FOREX FX CRYPTO "
                          b"NEW UPDATE ALERT TRADE TRADING SETUP SPOT FUTURES SCALP SCALPING SWING NEWS RESULT RESULTS "
                          b"ANALYSIS INTRADAY PREMIUM PUMP BREAKOUT LONGTERM SHORTTERM MIDTERM TA MORE HERE THE IT "
                          b"NOW GO ABOVE BELOW NEAR AROUND FROM AT ZONE PRICE MARKET CMP ENTRY "
                          b"CASH EQUITY OPTION OPTIONS BTST STBT DELIVERY POSITIONAL MOMENTUM "
                          b"TODAY PLEASE STRONG QUICK GOOD NICE GUYS HI HELLO OK OKAY BIG SMALL MY OUR THEN SO ALSO "
                          b"JUST WILL CAN PLAN IDEA TIME NEXT DIRECTION SIDE TYPE ACTION CALL CALLS TECHNICAL EXPIRY "
                          b"AGAIN ORDER ORDERS POSITION POSITIONS ON IN FOR AND OR TO NOT ALL ME US YOU WE "
                          # topics written as lower-case hashtags ("#crypto #signals")
                          b"BITCOIN ETHEREUM ALTCOINS ALTS CRYPTOCURRENCY TRADER TRADERS INVEST INVESTING MONEY "
                          b"PROFIT PROFITS MARKET MARKETS TECHNICAL CHART CHARTS DAYTRADING DAYTRADE FUTURE LEVERAGE "
                          b"HODL DEFI NFT NFTS MEME MEMECOIN GEM "
                          # verbs that open an order line ("Add Sell-Limit 4342", "Place buy limit")
                          b"ADD PLACE ENTER TAKE REENTER REENTRY HEDGE "
                          b"SIGNALE SENALES SINAIS SINYAL".split()) \
    | frozenset(code.upper().encode() for code in (MAJORS + "|" + EXOTICS).split("|"))  # "a long USD trade": no coin
# Capitalised words that describe an order beside its side word ("#XAUUSD / INSTANT SELL 2350", "RISKY BUY",
# "OTHER BUY - 1870"), never its market. (Words that are also coins' tickers, "ONE", "HOT", "SUPER", "SAFE", "MAX",
# are left out: a person confirms those.)
ORDER_QUALIFIERS = frozenset(
    b"OTHER ANOTHER FIRST SECOND THIRD EXTRA RE LAYER RISKY MEDIUM AGGRESSIVE CONSERVATIVE INSTANT PENDING FAST "
    b"SMART GOLDEN SURE FINAL EARLY LATE DAY NIGHT MORNING EVENING LONDON NY ASIA ASIAN SESSION TWO THREE SNIPER "
    b"SCALPER FRESH DOUBLE TRIPLE HEAVY FULL HALF SPECIAL EXCLUSIVE CONFIRMED CONFIRM OFFICIAL BONUS LUCKY POWERFUL "
    b"WEAK MINI MICRO WEEKLY DAILY REVERSAL RETEST PULLBACK TREND COUNTER FLASH URGENT EMERGENCY ATTENTION IMPORTANT "
    b"WARNING NOTE GREAT PERFECT HUGE LIVE MEGA ULTRA SPEC SPECULATIVE".split())


def names_nothing(word: bytes) -> bool:
    """Whether a capitalised word beside a side word is no market's name: a hashtag's noise or an order's
    qualifier."""
    upper = word.upper()
    return upper in HASHTAG_NOISE or upper in ORDER_QUALIFIERS


# A message about India's exchanges, where option contracts are written "NIFTY 24400 pe", "lupin 1900 ce".
INDIAN_MARKET = re2.compile(r"(?i)\b(?:(?:bank|fin|midcp)?nifty|bankex|sensex|bse|nse|mcx|crudeoil|naturalgas|expiry"
                           r"|rs\.?|inr)\b|₹")
# A message about shares ("Saham: TLKM", "IHSG"): a bare ticker is a stock's, kept as written, with no quote asset.
# ("BBRI - Buy on weakness 4500-4550 ... cut loss 4400": Indonesia's share tips, in rupiah)
STOCK_CONTEXT = re2.compile(r"(?i)\b(?:saham|ihsg|idx|emiten|stocks?|shares|nse|bse|equity|equities|nyse|cut[ \t-]*loss"
                            r"|buy[ \t]+on[ \t]+(?:weakness|breakout|break|pullback)|bow|bob|rp"
                            # (Brazil's "ações", "Ativo: PETR4"; India's "Scrip")
                            r"|a[çc][õo]es|b3|bovespa|ibov|moex|ativo|activo|scrip"
                            r"|hisse|hisseler|bist|bto)\b"  # Istanbul's ("HISSE: THYAO"); "BTO DPW @3.7": buy to open
                            # and Moscow's, in roubles: "Тикер: #PLZL / ВХОД: 13955Р"; prices in reais ("R$ 1,04")
                            r"|₽|акци[ийяю]|мосбирж|\d[ \t]?(?:Р|руб)(?:[ \t.,()\n]|$)|R\$")
# (RE2's \b is ASCII's: "satış", Turkish for a sale, would read as "sat" followed by a boundary)
SATS = re2.compile(r"(?i)(?:^|[^\pL\pN])(?:sats?|satoshis?)(?:[^\pL\pN]|$)")
