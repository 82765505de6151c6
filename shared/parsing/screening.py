"""Screening: messages that report results or manage trades already open are not new-trade signals.

Checked per line before the message is read. A result ("TP1 hit", "+40 pips", a weekly report, "تارگت اول خورد"),
or an instruction about an open trade ("move SL to BE", "close half", "Exit Long", "закрываем") makes the whole
message NotASignal, unless the line states a condition inside a signal ("move SL to BE after TP1", "close half at
TP1"). Patterns cover English, Russian, Arabic, Persian and Chinese wording; they are RE2 on UTF-8 bytes.
"""

from __future__ import annotations

from collections.abc import Iterator

import re2

from shared.parsing import lexicon, spans

# "XAUUSD BUY 2330 TP1 2335 ✅ TP2 2340 ✅ SL 2320": a target's price ticked before the next label (the line breaks
# lost); when the first target has the mark before it too, the marks are bullets (_bulleted_labels)
_TICKED_BEFORE_LABEL = (r"\b(?:tp|target)[ \t]*\d{0,2}[ \t:=-]+\d+(?:[.,]\d+)?[ \t]+(?:✅|✔|☑)\x{FE0F}?"
                        r"[ \t]+(?:tp|target|sl\b|stop)")
# "SL: 4029 (1H close)", "SL 1.2500 (H4 close)": the stop's condition, not a closed trade
_STOP_CONDITION = (r"\([ \t]*(?:[mhdw]\d{1,2}|\d{1,2}[ \t]?(?:m|h|hr|min|d|w)|daily|weekly|hourly)"
                   r"[ \t]+(?:candle[ \t]+)?clos(?:e|ing)\b")
# Management, results and instructions about trades already open. Checked per line; a line that states a
# condition ("move SL to BE after TP1", "close if it breaks 1.0800") is an instruction inside a signal.
RESULT_MARKERS = re2.compile(r"(?im)" + "|".join([
    # "TP1 hit", "TP1 2350 reached": a level's price may stand between the label and the verb
    r"\b(?:tps?|targets?|take[ \t-]*profits?|sl|stop[ \t-]*loss|stop|entry|entries|order)[ \t]*[#№]?\d*[\])]?[ \t:!]*"
    r"(?:@?[ \t]*\d+(?:[.,]\d+)?[ \t:!]*)?(?:has[ \t]+been[ \t]+"
    r"|got[ \t]+|was[ \t]+|is[ \t]+)?(?:hit|hitted|reached|achieved|smashed|done|touched|triggered|secured|taken"
    r"|filled|activated|executed|confirmed)\b",
    r"\b(?:hit|hits|reached|achieved|smashed)[ \t]+(?:tp|target|take[ \t-]*profit|sl|stop|our|the|all|first|second"
    r"|third|\d)",
    r"\b(?:activated|triggered|filled)\b|\bclosed\b|\bstopped[ \t]+out\b|\bdelet(?:e|ed|ing)\b",
    # "... was yesterday's signal, +100 pips": an old order reported, no new one
    r"\byesterday'?s[ \t]+(?:signals?|trades?|calls?|setups?)\b"
    r"|\b(?:signals?|trades?|calls?|setups?)[ \t]+(?:from|of)[ \t]+yesterday\b"
    r"|\bwas[ \t]+(?:our|the|yesterday'?s|last)[ \t]+(?:signal|call|trade|setup)\b"
    # "Our VIP members got this yesterday: BUY GBPJPY ...": a past signal shown as an advertisement
    r"|\b(?:members|subscribers|clients|vip)[ \t]+(?:got|received|had|caught|took)[ \t]+(?:this|it|that)\b",
    r"\b(?:running|floating)\b|\bin[ \t]+(?:profit|loss)\b|\ball[ \t]+(?:targets|tps|take[ \t]*profits)\b"
    r"|\bfull[ \t]+(?:tp|take[ \t]*profit)s?\b",  # "Full TP lệnh sell vàng +50 pips"
    r"\d+(?:[.,]\d+)?[ \t]*%[ \t]*(?:loss|profit|gain)\b",  # "🚫4.55% Loss (2x)🚫": a result
    # a signal posted again ("Reminder: GOLD BUY 2345 ... is still active") is the same trade, not a new one
    r"\bremind(?:er|ing)?\b|\bstill[ \t]+(?:active|valid|running|open|live|in[ \t]+play)\b"
    r"|\bre-?post(?:ed|ing)?\b|\bfor[ \t]+new[ \t]+members\b",  # "Re-post for new members: BUY XAUUSD 2330 ..."
    r"\bprofits?[ \t]+(?:secured|booked|locked|taken)\b|\bexpired\b"  # ("Status: Expired")
    r"|\b(?:booked|secured|locked)[ \t]+(?:the[ \t]+|some[ \t]+|in[ \t]+)?profits?\b",  # "Booked profit"
    # "Entry missed, don't chase": an order that can no longer be taken
    r"\b(?:entry|entries)[ \t]+(?:was[ \t]+)?missed\b"
    r"|\bmissed[ \t]+(?:the[ \t]+|this[ \t]+|our[ \t]+)?(?:entry|trade|signal|one)\b",  # ("Missed this one?")
    # "Results:", "weekly result", not the verb ("a stop at 1.5400, which will result in an RR of 2.85"); (ASCII
    # letters, not \pL: the Unicode class cost this search 2,000 RE2 instructions)
    # ("Results will be posted later": none yet)
    r"\bresults?(?:[ \t]*$|[ \t]*[^a-z \t]|[ \t]+(?:[^iw \t]|i[^n]|in[a-z]|w[^i]|wi[^l]))|\brecap\b|\bsummary\b"
    r"|\btotal[ \t]+(?:pips|profit)",
    # "TP2 ✅" is a hit; "TP²✔️4530", "TP✅$4443" and "TP1✅: 4309.08" only decorate a level (a price or a colon
    # follows; "TP1 ✅ $350 profit" is a hit)
    r"(?:\b(?:tp|target)|т[еэ]йк(?:[ \t-]*профит)?|тп|цель|هدف|تارگت)"  # ("Тейк-профит 1 ✅")
    r"[ \t]*№?\d{0,2}[ \t:]*(?:✅|✔|☑)\x{FE0F}?(?:[ \t]*(?:$|[^\d \t\x{FE0F}:$])|[ \t]\$)",
    # "TP 149.50 ✅": a check after a target's price marks it hit
    # (not "TP1: 4430 ✅TP2: 4420", where the mark is the next target's bullet)
    # ("Take Profit 2 23,470 ✅" with its index, as "TP2" is; a channel's "TAKE PROFIT: 4575 ✅" decorates)
    r"\b(?:tp|target|take[ \t-]?profit[ \t]*\d)[ \t]*\d{0,2}[ \t:=-]+\$?"
    r"(?:\d{3,}(?:[.,]\d+)?|\d+[.,]\d+)[ \t]*(?:✅|✔|☑)"
    r"\x{FE0F}?[ \t]*"
    r"(?:$|[^\pL\pN \t\x{FE0F}])",  # (the check's variation selector is no mark of its own)
    _TICKED_BEFORE_LABEL,
    # a signal posted again with its hit targets ticked: "2600✅ - 2560✅😎 - 2510", "1) 2430 - 20%✅"
    r"\d[ \t]*(?:✅|✔|☑)\x{FE0F}?[ \t]*(?:😎[ \t]*)?-[ \t]*\$?\d"
    r"|(?m:^)[^\w\n]*\d{1,2}\)[ \t]*\$?\d+(?:[.,]\d+)?(?:[ \t]*-[ \t]*\d{1,3}[ \t]*%)?[ \t]*"
    r"(?:✅|✔|☑)",  # (under a bullet too: "• 1) 2430 - 20%✅", "📍 1) 2430 - 20%✅")
    # reports and performance summaries
    r"\b(?:weekly|monthly|daily|today'?s|yesterday'?s|this[ \t]+week'?s?|last[ \t]+week'?s?)[ \t]+(?:report|"
    r"performance|stats|statistics|profits?|pips|gains?|review)\b|\bwin[ \t-]*rate\b|\bwinrate\b"
    r"|\blast[ \t]+(?:week|month)'?s?[ \t]+(?:best[ \t]+)?(?:trades?|signals?|calls?)\b"  # "Last week's best trade:"
    # "Signals accuracy 92% this week" reports; "🎯 Accuracy: 96.5%" is a bot's confidence field in a signal
    r"|\baccuracy\b(?:[ \t]*[^:=\-– \t]|[ \t]*$)"  # ("Accuracy - 96.5%" is the field too)
    r"|\bperformance\b|\bstatistics\b|\bROI\b|\bP&L\b|\bPnL\b|\bnet[ \t]+(?:profit|pips|gain)",
    r"результат|итог[иа]?[ \t:]|отч[её]т|статистик|профит[ \t]+за|прибыль[ \t]+за|тейк[ \t]*\d?[ \t]*взят"
    r"|цель[ \t]+(?:достигнута|взята)|стоп[ \t]+(?:сработал|выбит)|выбило",
    r"نتيجة|النتيجة|ملخص|تقرير|صافي[ \t]+الربح|دقة[ \t]+الإشارات|تحقق|حققنا"
    r"|تم[ \t]+(?:تحقيق|ضرب|الوصول|إغلاق|اغلاق|تفعيل|الدخول)"
    r"|ضرب[ \t]+(?:الهدف|الوقف)|الأرباح[ \t]+المحققة",
    r"نتیجه|گزارش|عملکرد|بازدهی|خورد|زده[ \t]*شد|هیت[ \t]*شد|تاچ[ \t]*شد|فعال[ \t]*شد|سیو[ \t]*سود|ریسک[ \t]*فری"
    r"|سود[ \t]*گرفت",
    # "未進場已飛越止盈二": not filled, the price already past the second target
    r"止盈出|已止盈|已止损|已止損|战绩|戰績|出局|未進場|未进场|已飛越|已飞越|已觸及|已触及|已達到|已达到|已到达|已到達",
    # "止损已触发": the stop was hit; "止盈离场": out at the target
    r"已触发|已觸發|止盈离场|止盈離場|止损离场|止損離場|已进场|已進場|已入场|已入場",  # ("已进场": entered already)
    # "交易結束 — 移動停利出場": the trade ended, out on a trailing stop; "开始止盈": taking profit now
    r"交易结束|交易結束|停利出場|停利出场|止盈出場|开始止盈|開始止盈",
    # "OPERAÇÃO ENCERRADA", "BUY Executed": a trade closed, an order a bot already placed
    r"\bencerrad[oa]s?\b|\bencerramos\b|\b(?:buy|sell|long|short)[ \t]+(?:order[ \t]+)?(?:executed|filled)\b",
    # "多單翻倍" (the long doubled), "多单到第二止盈点" (the long reached its second target), "第一止盈位已到",
    # "止损移到开仓价" (the stop moved to the entry)
    r"翻倍(?:[^\d.]|$)|到第[一二三四五六]止盈|已到(?:目标|目標|止盈|第)|止盈位已到|止盈\d已到|止[损損]移",
    r"已经止[损盈]|已經止[損盈]",  # "BTC 空单已经止损": the short already stopped out
    # "سیگنال خرید طلا به تارگت اول رسید" (reached the first target); "TP1 tercapai" (Indonesian: hit)
    r"تارگت[^\n]{0,20}رسید|\btercapai\b",
    r"đã[ \t]+(?:chạm|chốt[ \t]+lời|cắt[ \t]+lỗ|dính[ \t]+sl|hit)|chạm[ \t]+(?:tp|sl)|\bkết[ \t]+quả",
    # "💸 Resultado: -0.81%": a result in Portuguese, Spanish, French, German, Turkish, Indonesian, Italian
    r"\b(?:resultados?|r[ée]sultats?|sonuc|hasil|risultat[oi])\b|\bsonuç|ergebnis(?:se)?\b",  # ("Wochenergebnis")
    # "トレード結果検証 ... 結果: 勝ち +20pips (TP到達)": a result in Japanese; "익절 완료" in Korean
    r"結果|検証|TP到達|SL到達|利確しました|損切りされ|損切り済|決済しました|익절[ \t]*완료|손절[ \t]*완료",
    # "Stop oldu" (Turkish), "Stop touché", "Stop colpito", "Position geschlossen", "On ferme la position"
    r"\bstop[ \t]+(?:oldu|touch|colpit)|\bgeschlossen\b|\bferm(?:e|ons|ez)[ \t]+(?:la|les|le|nos|la[ \t]+position)\b",
    # a level reached: "TP alcanzado", "Alvo 1 atingido", "Hedef 1 ulaşıldı", "Ziel erreicht", "objectif atteint",
    # "target raggiunto", "тейк достигнут", "止盈已达成", "sudah kena TP"
    r"\b(?:alcanzad[oa]s?|alcançad[oa]s?|atingid[oa]s?|atingiu|atingir|tocad[oa]s?|erreicht|ausgestoppt|atteinte?s?"
    r"|raggiunt[oaie]"
    r")\b|\bulaş(?:ıldı|tı)|достигнут|已达成|已達成|\bkena[ \t]+(?:tp|sl|stop|target)\b"
    r"|\bhedef[ \t]*\d?[ \t]*tamam",  # ("Hedef 1 tamam ✅": target 1 done)
    # "Pips banked ✅", "BE hit", "We are out", "This trade is over", "Loss accepted", "Another win for the team",
    # "Track record:", "Throwback to this trade", "From our archive:", "This was posted yesterday": an old order
    r"\b(?:pips|profits?)[ \t]+banked\b|\bbe[ \t]+hit\b|\b(?:we(?:'re|[ \t]+are)|i'?m)[ \t]+out\b"
    r"|\bout[ \t]+of[ \t]+this[ \t]+trade\b|\btrade[ \t]+is[ \t]+(?:over|done|closed)\b|\bloss[ \t]+accepted\b"
    r"|\bsmall[ \t]+loss\b|\bcut[ \t]+the[ \t]+loss\b|\bsecured[ \t]+\d+[ \t]*%|\banother[ \t]+win\b|\bcongrat"
    r"|\btrack[ \t]+record\b|\bthrowback\b|\barchive\b|\bposted[ \t]+yesterday\b|\blesson[ \t]+learned\b"
    r"|^[^a-z0-9\n]*done[ \t]*(?:✅|✔)",  # "Done ✅" on a line of its own
]))
INSTRUCTION_MARKERS = re2.compile(r"(?im)" + "|".join([
    r"\bclos(?:e|ing)\b",
    # "Still holding this", "Hold this trade", "Adding to this position": a trade already open
    r"\b(?:still|keep)[ \t]+holding(?:[ \t]+(?:this|it|that)\b|[ \t.!]*$)"
    r"|\bhold[ \t]+(?:this|the|your)[ \t]+(?:trade|position)\b"
    r"|\badding[ \t]+to[ \t]+(?:this|the|my|our|your)[ \t]+position\b",
    r"\b(?:move|moved|moving|shift|shifting|set|put|trail|adjust|adjusting|adjusted|modify|modifying|change"
    r"|changing)\b[^\n]{0,32}\b(?:sl|s/l|stop[ \t-]*loss|stop)\b",
    r"\b(?:change|changing|changed|update|updated|modify|modified)[ \t]+(?:the[ \t]+|your[ \t]+|our[ \t]+)?(?:entry|tp"
    r"|targets?|sl|stop)\b",
    # "SL to BE", "SL @ TP1"; not "SL@4233 Tp@4243", where a price stands between (a list of levels)
    r"\b(?:sl|s/l|stop[ \t]*loss|stop)[ \t]*(?:to|@|at|->|→|➡)[^\n\d]{0,6}(?:be\b|b\.e\b|entry|break[ \t-]*even|cost|tp"
    r"|open[ \t]*price)",
    r"\bbreak[ \t-]*even\b|\bbreakeven\b|\brisk[ \t-]*free\b|\bset[ \t]+be\b",
    # "GOLD BUY SL -150PIP, SELL GOLD LUÔN": the open trade stopped out (an order after it is held, not refused)
    r"\b(?:sl|stop)[ \t]*-\d+[ \t]*(?:pips?|points?|pts)\b",  # (not "SL - 30 pips", a distance after a dash)
    # "Position Update ... New TP 69200 / New SL 66000", "TP-SL 修改": levels of a trade already open, changed
    r"\bposition[ \t]+update\b|\bnew[ \t]+(?:tp|sl|stop[ \t-]*loss|stop|target|take[ \t-]*profit)\b"
    r"|修改|更改止|調整止|调整止",
    # "SL/TP Modified: GBPUSD Sell | SL: 1.27300": the change named after the level
    # ("Take Profit Modified: GBPUSD Sell", "S.L./T.P. Modified:"; "Modified: GBPUSD Sell SL ..." opening its line)
    r"\b(?:sl|tp|s\.l\.|t\.p\.|stop[ \t-]*loss|stop|targets?|entry|take[ \t-]*profit)"
    r"(?:[ \t]*/[ \t]*(?:sl|tp|s\.l\.|t\.p\.|take[ \t-]*profit))?"
    r"[ \t]+(?:modified|changed|updated|moved|adjusted|amended)\b|^modified:",
    r"\b(?:cancel|cancell?ed|delete|deleted|remove|removed|invalidated|void)\b",
    # "🔄 ORDER MODIFIED - ID#345678 / Pair: GBPUSD / Type: SELL LIMIT / Entry: 1.2720": an order already placed
    r"\b(?:order|position|trade|signal)(?:[ \t]+#?\d+)?[ \t]+(?:modified|updated|amended|edited)\b",
    # "Update / Xauusd / Sellstop / Entry 4740": a line opened by "update" restates an order already sent (not
    # "ℹ️ Update New Signal Created")
    # (\W, not [^\pL\pN]: the Unicode class costs this search 1,300 RE2 instructions)
    r"^\W*update(?:[ \t:]*(?:\n|$)|[ \t:]+[a-mo-z0-9#$])",
    # "Adding more $XVG here", "Add more sells": more of a trade already open ("Added more TP's" adds targets)
    r"\badd(?:ing|ed)?[ \t]+more[ \t]+(?:\$|#|here\b|now\b|sells?\b|buys?\b|longs?\b|shorts?\b|positions?\b)",
    r"\bpartials?\b|\bpartially\b|\bsecure[ \t]+(?:your[ \t]+|some[ \t]+)?(?:profits?|position|trades?)\b",
    r"\b(?:book|lock)[ \t]+(?:in[ \t]+)?(?:some[ \t]+)?profits?\b|\btake[ \t]+(?:some|partial|half|\d+[ \t]*%)",
    # exits ("Exit Long", "EXIT SIGNAL", "Short exit"), not "Exit: 0.212" (targets)
    r"\bexit(?:ed|ing)?[ \t]+(?:now|all|the|our|your|this|long|short|buy|sell|trade|trades|position|positions|signal"
    r"|at|@|half|partial|here)\b|\bexit(?:ed|ing)?[ \t]*(?:[!.]|$)|\b(?:long|short|buy|sell|trade|position)[ \t]+"
    r"exit(?:ed)?\b",
    r"закр(?:ыть|ываем|ыли|ыл|ыла|ыта|ыт|ой|ойте|ываю|ытие)|б/у|держим|зафиксир|фиксируем|выходим"
    r"|выход[ \t]+из[ \t]+(?:сделки|позиции|лонга|шорта)|безубыт"
    r"|перенос(?:им)?[ \t]+стоп|стоп[ \t-]*(?:лосс?[ \t]+)?перенос"
    r"|отмен[аеиyяо]|(?:^|[ \t])фиксац|переводим|(?:^|[ \t])в[ \t]+бу(?:[ \t.!]|$)",
    r"إغلاق|اغلاق|أغلق|اغلق|اقفال|إقفال|الخروج[ \t]+من|اخرج|نقل[ \t]+(?:الوقف|الستوب|الاستوب)|إلغاء|الغاء"
    r"|حجز[ \t]+(?:جزء[ \t]+من[ \t]+)?"
    r"(?:ال)?[أا]رباح",
    r"ببندید|بسته[ \t]*شد|بستن|خروج|سیو[ \t]*کنید|کنسل|لغو|ریسک[ \t]*فری|سربسر|سر[ \t]*به[ \t]*سر|نگه[ \t]*دارید"
    r"|نگه[ \t]*داشتن[ \t]+پوزیشن|نگهداری[ \t]+پوزیشن"  # "نگهداشتن پوزیشن خرید ...": keeping a position open
    r"|استاپ[^\n]{0,20}(?:ورود|انتقال|جابجا)",
    # "🔄 移动止损更新": the stop of an open trade moved; "已取消": cancelled
    r"平仓|平倉|撤单|撤單|已取消|已撤销|已撤銷|自动取消|自動取消|移动止损|移動止損|止损更新|止損更新",
    r"掛單取消|挂单取消|取消掛單|取消挂单|訂單取消|订单取消",  # "⚠️ 掛單取消: BTC": the pending order is cancelled
    r"(?:^|[ \t])取消[^\n]{0,12}(?:挂单|掛單|单|單)(?:[ \t]|$)",  # "取消黄金2360空单挂单": cancel the pending order
    # "补仓，继续拿" (add to it, keep holding); not "留補倉" (room left to add, in a new order)
    r"(?:^|[^留])(?:补仓|補倉)|继续拿|繼續拿|拿住|继续持有|繼續持有|减仓|減倉|减持|減持",  # ("減倉": take some off)
    r"止损调整|止損調整|止盈调整|止盈調整",  # "以太止损调整至 2528": the stop of an open trade moved
    # "Cerramos la compra de EURUSD", "Fechamos a venda de GBPUSD": we close (Spanish, Portuguese)
    r"\b(?:cerramos|cerrad[oa]s?|fechamos|fechad[oa]s?|cerrar|cierren|fechar|fechem|chiuder[ei]|chiudiamo"
    r"|fermer|fermez|cl[ôo]turer|schlie(?:ß|ss)en|kapat(?:ın|ıyoruz|tık)?)\b",
    # the stop moved: "mover SL a breakeven", "mover stop para entrada", "Stop auf Einstand", "mettre le SL au point
    # d'entrée", "stop girişe çekildi", "pindah SL ke entry", "حد ضرر رو ببرید روی نقطه ورود"
    r"\b(?:mover|mova|subir|bajar|baixar|mettre|d[ée]placer|remonter|pindah(?:kan)?)[ \t]+"
    r"(?:el[ \t]+|o[ \t]+|le[ \t]+)?(?:sl|stop)\b|\bstop[ \t]+auf[ \t]+(?:einstand|einstieg)"
    r"|\bstop[a-zu]{0,2}[ \t]+giri[şs][a-zıe]{0,3}[ \t]+[çc]ek"
    r"|حد[ \t]*ضرر[^\n]{0,16}(?:ورود|ببرید|انتقال|جابجا)",
    # cancelled: Spanish, Portuguese, French, Italian, German, Turkish, Indonesian ("VENTA ORO ... señal cancelada")
    r"\b(?:cancelad[oa]s?|cancelamos|anulad[oa]s?|anulamos|annullat[oaie]|storniert|annulliert"
    r"|iptal|dibatalkan|batal)\b|\bannul(?:é|e\b|ons\b)",
    # Vietnamese: close, move the stop, cancel, take half, filled; Indonesian: shift the SL, close the position
    r"đóng[ \t]+lệnh|\bdời[ \t]+(?:sl|stop)|\bhủy[ \t]+lệnh|đã[ \t]+hủy|chốt[ \t]+lời[ \t]+(?:một[ \t]+nửa|\d+[ \t]*%)"
    r"|đã[ \t]+khớp|\bgeser[ \t]+(?:sl|stop)|\btutup[ \t]+(?:posisi|order|semua)",
]))
# A finished trade stays a result whatever condition the line adds ("closed at stoploss after reaching TP1").
# ("The 4H candle closed below 91,000" describes the chart: a condition's line, not a finished trade.)
DONE = re2.compile(r"(?i)\bclosed[ \t]+(?:at|in|with|for|on|manually|all|half|partially|\+|-|\d)"
                   r"|\b(?:trade|trades|position|positions|order|signal|long|short|buy|sell|we|i|was|been|is|are|got)"
                   r"[ \t]+closed\b|\bclosed[ \t]*(?:[.!✅]|$)|\bstopped[ \t]+out\b|\bresults?\b|\brecap\b"
                   r"|已(?:到|达|達|触|觸|止)")  # ("已到达第一止盈后回落": the target already reached)
# "+40 pips" reports a result, except on a level line where it notes a target's distance.
PIPS_GAINED = re2.compile(r"(?i)\+[ \t]?\d+(?:[.,]\d+)?[ \t]*(?:pips?|points|pts)\b")
LEVEL_LABEL = re2.compile(r"(?i)\b(?:tp|sl|t/p|s/l|t[1-9]|tgt|target|take[ \t-]*profit|stop|hedef|objetivo|alvo"
                         r"|m[uụ]c[ \t]+ti[eê]u|ziel|objectif|obiettivo|cible|ch[oố]t[ \t]+l[oờ]i)"
                         r"|тейк|цел[ьи]|стоп|تارگت|هدف|الهدف|حد[ \t]*ضرر|وقف[ \t]*الخسارة"
                         r"|止盈|止损|止損|目标|目標")
# "1) 1.0875 (+30 pips)" under "Targets:", "🎯 2360 +100 pips": a listed target and its distance, nothing more on the
# line (no tick, no "hit", no "running")
LISTED_DISTANCE = re2.compile(r"(?i)^[ \t]*(?:🎯|[-•*▪️➤►▫️]|\d{1,2}[).:-])?[ \t]*\$?\d[\d.,]*\$?[ \t]*[(\[]?"
                              r"\+[ \t]?\d+(?:[.,]\d+)?[ \t]*(?:pips?|points|pts)[)\]]?"
                              # (then the plan for the target: "(+20 pips) - close 25%", "(+20 pips) (close 50%)")
                              r"(?:[ \t]*[-–(]?[ \t]*(?:close\b|move\b|\d{1,3}[ \t]*%)[^\n]*)?[ \t]*$")
# One search for the common case, a message with none of the markers above.
ANY_MARKER = re2.compile("|".join(f"(?:{r.pattern})" for r in (RESULT_MARKERS, INSTRUCTION_MARKERS, PIPS_GAINED)))
# "Trailing Configuration: Stop: Breakeven - Trigger: Target (2)": a copier's plan for the trade, not an update;
# "Entry: 0.42 - 0.43 (Enter partially)": how to enter, not a partial close.
CONDITIONAL = re2.compile(r"(?i)\b(?:if|when|once|after|upon|unless|until|till|quando|cuando|wenn|quand)\b"
                          r"|\btrigger[ \t]*:"
                          # "到达第一止盈后止损移至开仓价": after the first target is reached, the stop moves (a plan)
                          r"|(?:止盈|目标|目標|tp\d?)[^\n，。,]{0,6}(?:后|後)"
                          r"|\bto[ \t]+(?:get|be)[ \t]+(?:filled|triggered|activated)\b"  # "wait to get filled"
                          r"|\b(?:enter|entry|buy|sell)[ \t]+(?:in[ \t]+parts|partially)\b"
                          r"|\bclos(?:e|es|ing)[ \t]+(?:under|below|above|over)\b|\bcandle"
                          rf"|{_STOP_CONDITION}"
                          # "الستوب: إغلاق 4 ساعات أسفل 0.137": a four-hour close below the stop; "закрытие 4ч свечи"
                          r"|(?:إغلاق|اغلاق)[ \t]+(?:\d{1,2}[ \t]*)?(?:ساعات|ساعة|ساعه|يومي|يوم"
                          r"|أسبوعي|اسبوعي|شمعة|شمعه)"
                          r"|закрыти[ея][ \t]+(?:\d{1,2}[ \t]*)?(?:ч|час|дн|свеч)")
# "move SL to BE at TP1"; "TP 1.26055 (close 50% profits, SL to BE)": the plan at a target, in brackets on its line
CONDITIONAL_AT_TARGET = re2.compile(r"(?i)\b(?:at|on)[ \t]+(?:tp|target|first[ \t]+target)"
                                   r"|(?:на|после)[ \t]+(?:первой|второй|третьей|перв\pL*)?[ \t]*цели"
                                   r"|точк[иа][ \t]+фиксации"  # "Точки фиксации: 193.985": the targets' label
                                   # "Фиксируем прибыль на: 0.6774$, 0.6688$": the targets' label too
                                   r"|фиксируем[ \t]+прибыль[ \t]+на[ \t]*:|фиксация[ \t]+прибыли[ \t]*:"
                                   r"|^[^\pL\n]*(?:tp|target|take[ \t-]*profit)[ \t]*\d?[ \t:.-]*\$?\d+(?:[.,]\d+)?"
                                   r"[ \t]*\(")
# "Targets: / 1️⃣ Close the order at the price $43600", "Цели: / 🔘 Закрыть по $42.25": after a target list's
# label, a close at a price is one of the targets, not an instruction.
# ("Tp" or "🎯 Targets" alone on its line heads a list as a colon does: "Tp / 0.9950 (+30 pips)")
TARGET_LIST = re2.compile(r"(?i)\b(?:targets?|take[ \t-]*profits?|tps?)[ \t]*:|цели|т[еэ]йки|الأهداف|اهداف|تارگت"
                          r"|^[^\w\n]*(?:targets?|take[ \t-]*profits?|tps?)[^\w\n]*$")
CLOSE_AT_PRICE = re2.compile(r"(?i)\bclose\b[^\n\d]{0,30}\b(?:at|@)\b[^\n\d]{0,12}\$?\d|закрыть[ \t]+по[ \t]+\$?\d")


INSTRUCTION = "an instruction about an open trade"
EARLIER_RESULT = "a result of an earlier trade"
RESULT = "a result or trade update"
# "Signal #246 (previous one hit TP3 ✅)", "+500 pips this week, here's the next one:": a result, but an earlier
# trade's, above a new order (held when the order is a complete setup)
_EARLIER = re2.compile(r"(?i)\b(?:previous|prior|yesterday'?s?|earlier)\b|\b(?:this|last)[ \t]+(?:week|month)\b"
                       r"|\blast[ \t]+(?:signal|trade|one|setup|call)s?\b")
_ORDER_WORD = re2.compile(r"(?i)\b(?:buy|sell|long|short|bought|sold)\b"
                          r"|(?:^|[^\d+#.,\pL])(?:\d+[.,]\d+|\d{3,})")  # a side word or a price, not "+500", "#246"


# Lines that report nothing whatever words they hold: an advertisement for a channel ("👉 Check our Results
# Channel"), a disclaimer ("Not financial advice ... updates on our performance"), a chart described ("DYDX is
# running in an ascending triangle").
AD_LINE = re2.compile(r"(?i)\b(?:check|join|see|visit|subscribe|follow)\b[^\n]{0,40}\b(?:channel|group|chat|page)s?\b"
                      r"|\bnot[ \t]+(?:a[ \t]+)?financial[ \t]+advice\b|\bat[ \t]+your[ \t]+own[ \t]+risk\b|\bdyor\b"
                      # a disclaimer ("... does not constitute an investment advice ... journaling our performance",
                      # "Past performance is not indicative of future results", in the languages channels write it)
                      r"|\b(?:does|do)[ \t]+not[ \t]+constitute\b"
                      r"|\bnot[ \t]+responsible[ \t]+for[ \t]+(?:any[ \t]+)?loss"
                      r"|\bpast[ \t]+(?:performance|results?|profits?)\b[^\n]{0,40}"
                      r"(?:\b(?:not|no|never|doesn'?t|don'?t)\b|≠)"
                      r"|\bresults?[ \t]+(?:may|can|will)[ \t]+vary\b|≠[ \t]*future\b"
                      r"|прошл(?:ые|ая|ое)[ \t]+(?:результаты|доходность)[^\n]{0,30}не[ \t]+гарант"
                      r"|resultados[ \t]+(?:pasados|passados|anteriores)[ \t]+n(?:o|ão)[ \t]+garant"
                      r"|risultati[ \t]+passati[ \t]+non\b|performances?[ \t]+pass[ée]es?[ \t]+ne\b"
                      r"|vergangene[ \t]+(?:wertentwicklung|ergebnisse|performance)|geçmiş[ \t]+(?:performans|sonuçlar)"
                      r"|(?:الأداء|النتائج)[ \t]+(?:السابق|السابقة)[ \t]+(?:لا|ليس)|عملکرد[ \t]+گذشته"
                      # a promotion on a line of its own ("Join our VIP for 90% win rate signals", "Follow for more
                      # signals and daily results"; not "... RESULTS: NZDJPY SELL HITS TP1 - JOIN VIP")
                      r"|^[^\pL\pN\n]*(?:join|follow|subscribe)\b[^\n]{0,40}\b(?:vip|signals|premium)\b"
                      # a channel's name or boast ("VIP RESULTS CHANNEL", "results posted daily", "(high accuracy)")
                      r"|\bresults?[ \t]+(?:channel|group|posted|daily)\b|\bhigh[ \t]+accuracy\b"
                      # a broker's footer ("👉 Follow it here to obtain the best results: portal.fortuneprime.com")
                      r"|\b(?:obtain|get|achieve|see)[ \t]+(?:the[ \t]+)?best[ \t]+results\b"
                      r"|\b(?:running|moving|trading)[ \t]+(?:in|within|inside)[ \t]+(?:a|an|the)[ \t]"
                      # a bot's confidence field ("🎯Accuracy of this strategy - 82.00%"), no results report
                      r"|\baccuracy[ \t]+of[ \t]+(?:this|the)[ \t]+(?:strategy|signal|setup|trade)[ \t]*[:=\-–]"
                      # ... and a setup's odds or a projected gain ("Win rate of this setup 78%", "Expected profit +150
                      # pips"), no result either
                      r"|\b(?:win[ \t-]*rate|success[ \t]+rate|accuracy)[ \t]+of[ \t]+(?:this|the)[ \t]+"
                      r"(?:strategy|signal|setup|trade)\b"
                      r"|\b(?:expected|potential|possible|projected)[ \t]+(?:profit|gain|move|reward)s?\b"
                      # the channel's standing rules ("Use proper money management, risk free after TP1", "مدیریت
                      # سرمایه ... ریسک فری و سیو سود رعایت شود"), no trade managed
                      r"|\b(?:use|follow|apply|keep)[ \t]+(?:a[ \t]+)?(?:proper|good|strict|your)?[ \t]*"
                      r"(?:money|risk)[ \t]+management\b"
                      r"|مدیریت[ \t]*(?:سرمایه|ریسک)|رعایت[ \t]*(?:شود|کنید)"
                      r"|إدارة[ \t]*رأس[ \t]*المال|ادارة[ \t]*راس[ \t]*المال"
                      # a chart's gap filled ("Bullish FVG filled at $42,150"), no order filled
                      r"|\b(?:fvg|gap|imbalance)[ \t]+(?:was[ \t]+|got[ \t]+|is[ \t]+)?filled\b")


# "Accuracy 90% ✅", "Win rate: 85%" alone on a line: the channel's record, no trade's result (an order above it is
# held, never refused: the line may also close a report)
_BOAST = re2.compile(r"(?i)^[^\pL\pN\n]*(?:(?:accuracy|win[ \t-]*rate|success[ \t]+rate)[ \t]*[:=\-–]?[ \t]*"
                     r"\d{1,3}(?:[.,]\d+)?[ \t]*%|\d{1,3}(?:[.,]\d+)?[ \t]*%[ \t]+(?:accuracy|win[ \t-]*rate"
                     r"|success[ \t]+rate))[^\pL\pN\n]*$")


def _boast(line: bytes) -> bool:
    """Whether the line's result is the channel's boast ("Win rate 85%", "✅ 95% accuracy | 24/7 support"): a part of
    it (between bars) boasts, and no other part reports a result."""
    if spans.found(_BOAST, line):
        return True
    if b"|" not in line:
        return False
    parts = line.split(b"|")
    return any(spans.found(_BOAST, part) for part in parts) and not any(
        spans.found(RESULT_MARKERS, part) or spans.found(PIPS_GAINED, part)
        for part in parts if not spans.found(_BOAST, part))


# "Close GOLD BUY now, 1H close below 2340": an instruction first, whatever condition follows it
# ("entry not triggered, deleting" reports an order that will never fill: a cancel, kept)
_NOT_YET = re2.compile(r"(?i)\bnot[ \t]+yet[ \t]+(?:been[ \t]+)?(?:activated|triggered|filled)\b"
                       r"|\b(?:yet|still)[ \t]+to[ \t]+(?:be[ \t]+)?(?:activated|triggered|filled)\b"
                       # a bot's status fields ("Position Closed: No Position Filled: No")
                       r"|\b(?:closed|filled|triggered|hit)[ \t]*:[ \t]*(?:no|false|none)\b")
_OPENS_WITH_CLOSE = re2.compile(r"(?i)^[^\pL\n]*clos(?:e|ing)\b")
# "📝 Trade Summary", "Summary Table": a heading over the setup's own levels, not a report of results
_SETUP_SUMMARY = re2.compile(r"(?i)\b(?:trade|technical|setup|signal)[ \t]+summary\b|\bsummary[ \t]+(?:table|of[ \t]+"
                             r"(?:the[ \t]+)?(?:trade[ \t]+)?setup)\b")
# "Target 1: 61000 (+1.6% profit)", "TP1: 3250 — 1.5% profit", "(10% profit with 5x)", "SL: 58800 (-2% loss)": a
# level's distance in percent right after its price, on a level's line
_PERCENT_DISTANCE = re2.compile(r"(?i)\d(?:[ \t]*[(\[]|[ \t]*[-–—=]|[ \t])[ \t]*[+-]?[ \t]?\d+(?:[.,]\d+)?[ \t]*%"
                                r"[ \t]*(?:profit|gain|loss)(?:es|s)?(?:[ \t]+(?:with|at|on)[ \t]+x?\d+[ \t]*x?)?"
                                r"[ \t]*[)\]]?")


# "I've entered a gold buy at 4778 ... I'm sharing it, and not an official call to enter": the writer disowns the
# order anywhere in the message, not only in the side word's clause
DISOWNED = re2.compile(r"(?im)\bnot[ \t]+(?:an?[ \t]+)?(?:official[ \t]+)?(?:call|signal)\b"
                      # the same in other languages: "это был пример, не сигнал", "هذه ليست توصية", "Não é sinal"
                      # (not "Не рекомендация!": the boilerplate under a Russian stock idea, as "Not financial
                      # advice" is under an English one)
                      r"|(?:^|[ \t,(])не[ \t]+(?:является[ \t]+)?сигнал|سیگنال[ \t]+نیست"
                      r"|توصیه[ \t]+نمی|لي(?:س|ست)[ \t]+(?:توصية|إشارة|اشارة)|لا[ \t]+ننصح"
                      r"|\b(?:não|no)[ \t]+(?:é|es)[ \t]+(?:um[ \t]+|una[ \t]+)?(?:sinal|señal)\b"
                      r"|\bpas[ \t]+un[ \t]+signal\b|\bkein[ \t]+signal\b|\bnon[ \t]+è[ \t]+un[ \t]+segnale\b"
                      r"|\bsinyal[ \t]+değil|\bbukan[ \t]+sinyal\b|\bkhông[ \t]+phải[ \t]+(?:là[ \t]+)?tín[ \t]+hiệu"
                      r"|不是信号|不是訊號|並非信號|并非信号"
                      # "XAUUSD BUY 2350 ... (example format)", "TEST SIGNAL": no order meant
                      r"|\b(?:example|sample|test|demo)[ \t]+(?:format|signal|message|post)\b"
                      # "Example of a signal format:", "Not taking this one", "Invalid signal ❌"
                      r"|\b(?:example|sample)[ \t]+of[ \t]+(?:an?[ \t]+|the[ \t]+|our[ \t]+)?"
                      r"(?:signal|format|message|post|trade)"
                      r"|\bnot[ \t]+taking[ \t]+(?:this|that|it)\b|\bwon'?t[ \t]+take[ \t]+(?:this|that|it)\b"
                      r"|\binvalid[ \t]+(?:signal|setup|trade|call)\b"
                      # "Skip this one", "No trade today", "not a trade", "do not copy"; a quiz or a poll
                      r"|\bskip[ \t]+(?:this|that|it)\b|\bno[ \t]+trades?[ \t]+(?:today|for[ \t]+now|now)\b"
                      r"|\bnot[ \t]+a[ \t]+trade\b|\b(?:do[ \t]+not|don'?t)[ \t]+copy\b"
                      r"|\bwould[ \t]+you[ \t]+(?:take|enter|buy|sell)\b|\bwhat[ \t]+would[ \t]+you[ \t]+do\b"
                      r"|\bguess[ \t]+the\b|\bquiz\b|\bpoll\b|\bchart[ \t]+study\b"
                      r"|\bthis[ \t]+is[ \t]+(?:just[ \t]+)?(?:a[ \t]+test|an[ \t]+example)\b"
                      # "Short Trade Plan (example)"
                      r"|\([ \t]*(?:an?[ \t]+|for[ \t]+)?(?:example|sample|illustration)[ \t]*\)"
                      # "Example: XAUUSD BUY 2350 ...", "How to read our signals: BUY XAUUSD 2350 means ...": a lesson
                      r"|(?m:^)[^\pL\pN\n]*(?:for[ \t]+)?(?:example|e\.g\.|sample|ejemplo|exemplo|esempio|exemple"
                      r"|beispiel|przykład|örnek|contoh|ví[ \t]+dụ|пример|приклад|مثال|مثلا|نمونه"
                      # "Quiz: EURUSD SELL 1.0850 ...", "Training: Identify the entry. BUY ...": a lesson
                      r"|quiz|homework|exercise|training|practice|lesson(?:[ \t]*\d{1,2})?"
                      r"|例如|示例|例子|範例|范例)"
                      # ("Example trade:", "Пример сделки:", "مثال معامله:")
                      r"(?:[ \t]+(?:trade|signal|setup|сделки|معامل[هة]|صفقة))?"
                      r"[ \t]*:"
                      r"|\bcomo[ \t]+(?:aproveitar|usar|utilizar|copiar|seguir|leer|ler)[ \t]+"
                      r"(?:nuestr|noss|os|las|los)"
                      r"|\bhow[ \t]+to[ \t]+(?:read|copy|use|follow)[ \t]+(?:our|my|the|these)[ \t]+"
                      r"(?:signals?|calls?)\b")
ANY_VERDICT = re2.compile(f"(?:{ANY_MARKER.pattern})|(?:{DISOWNED.pattern})")  # one search for most messages


def screen(data: bytes) -> str | None:
    """A reason when the message manages open trades, reports results or disowns its order; None when it may be a
    signal. ``EARLIER_RESULT`` only when every result reported is an earlier trade's."""
    if not spans.found(ANY_VERDICT, data):
        return None
    if spans.found(DISOWNED, data):
        return "negated wording"
    earlier = None
    heading: int | None = None
    for number, reason in _verdicts(data):
        if reason == RESULT:
            heading = _new_order_heading(data) if heading is None else heading
            if number < heading:  # (a result above "New signal:" is an earlier trade's)
                reason = EARLIER_RESULT
        if reason != EARLIER_RESULT:
            return reason
        earlier = reason
    return earlier


# "GOLD TP1 hit ✅ / New signal: / EURUSD SELL 1.0900 ...": a heading that opens a new order below a result
_NEW_ORDER_HEADING = re2.compile(r"(?im)^[^\pL\pN\n]*(?:new|next|fresh)[ \t]+(?:signal|trade|setup|call)\b")


def _new_order_heading(data: bytes) -> int:
    """The number of the line that heads a new order below the results above it ("New signal:"); -1 if none: the
    results above it are an earlier trade's."""
    found = spans.search(_NEW_ORDER_HEADING, data)
    return -1 if found is None else data.count(b"\n", 0, found.start())


def instruction_lines(data: bytes) -> list[int]:
    """The numbers of the lines that instruct about an open trade, after the last of which the message may order
    anew ("Close gold sell / Gold buy now"); empty when a line reports a result (an earlier trade's aside: "Win
    rate 85%" under a signal is the channel's boast)."""
    verdicts = list(_verdicts(data))
    if any(reason not in (INSTRUCTION, EARLIER_RESULT) for _, reason in verdicts):
        return []
    return [number for number, reason in verdicts if reason == INSTRUCTION]


# "#EURUSD BUY NOW 1.16367 / Set SL 15 Pips", "SET TP 1 0.3500": the levels of the order above, set as they are given
SETS_LEVEL = re2.compile(r"(?i)^[^\pL\pN\n]*set[ \t]+"
                         r"(?:sl|tp[ \t]*\d?|stop[ \t-]*loss|take[ \t-]*profit[ \t]*\d?|target[ \t]*\d?)"
                         r"[ \t]*[:=@-]?[ \t]*\$?\d[^\n]*$")


def _verdicts(data: bytes) -> Iterator[tuple[int, str]]:
    """(line number, reason) for each line that reports a result or instructs about an open trade."""
    if not spans.found(ANY_MARKER, data):
        return
    listing = False
    for number, line in enumerate(data.split(b"\n")):
        if spans.found(_NOT_YET, line):  # "(pending, not yet filled)": no fill reported
            line = _NOT_YET.sub(b" ", line)
        if spans.found(_PERCENT_DISTANCE, line) and (listing or spans.found(LEVEL_LABEL, line)
                                                     or line.lstrip().startswith(lexicon.TARGET_MARK)):
            line = _PERCENT_DISTANCE.sub(b"0", line)  # (the price's last digit stays a digit)
        if spans.found(_SETUP_SUMMARY, line):
            line = _SETUP_SUMMARY.sub(b" ", line)
        if b"(" in line and spans.found(_STOP_CLOSE, line):
            line = _STOP_CLOSE.sub(b" ", line)  # ("SL 2320 (H1 close)": the stop's condition, the rest still read)
        if (spans.found(CONDITIONAL, line) and not spans.found(DONE, line) and not spans.found(_OPENS_WITH_CLOSE, line)
                or spans.found(AD_LINE, line)):
            continue
        if listing and spans.found(CLOSE_AT_PRICE, line):
            continue
        if b"\xe2" in line and spans.found(_TICK_BEFORE_LABEL, line) and _bulleted_labels(line):
            line = _CHECK_MARK.sub(b" ", line)  # "✅ TP1: 4430 ✅ TP2: 4420": bullets, no ticks
        listing = listing or spans.found(TARGET_LIST, line)
        if spans.found(RESULT_MARKERS, line) or (
                spans.found(PIPS_GAINED, line) and not spans.found(LEVEL_LABEL, line)
                and not _listed_distance(line, listing)):
            # (an earlier trade's, unless the line names its order: "Yesterday's XAUUSD BUY 2350 ... hit TP2 ✅")
            earlier = (spans.found(_EARLIER, line) and not spans.found(_ORDER_WORD, line)) or _boast(line)
            yield number, EARLIER_RESULT if earlier else RESULT
        elif (spans.found(INSTRUCTION_MARKERS, line) and not spans.found(CONDITIONAL_AT_TARGET, line)
              and not spans.found(_BAR_CLOSED, line)):
            yield number, INSTRUCTION


_STOP_CLOSE = re2.compile(rf"(?i){_STOP_CONDITION}[^)\n]{{0,20}}\)?")
_TICK_BEFORE_LABEL = re2.compile(rf"(?i){_TICKED_BEFORE_LABEL}")
_CHECK_MARK = re2.compile(r"(?:✅|✔|☑)\x{FE0F}?")
_FIRST_TARGET = re2.compile(r"(?i)\b(?:tp|target)")


def _bulleted_labels(line: bytes) -> bool:
    """Whether the line's first target label has a check mark before it: "❌ SL: 4317 ✔️ TP1: 4331 ✔️ TP2: 4345" is
    a list whose bullets are checks (its line breaks lost), where "TP1 2335 ✅ TP2 2340 ✅" ticks the targets hit."""
    first = spans.find(_FIRST_TARGET, line)[0]
    return first >= 0 and any(mark in line[max(0, first - 8):first] for mark in ("✅".encode(), "✔".encode(),
                                                                                 "☑".encode()))


# "اولین میله مکدی ... بسته شد": an indicator's bar or a candle closed, no trade closed
_BAR_CLOSED = re2.compile(r"(?:میله|کندل|شمع)[^\n]*بسته[ \t]*شد")


def _listed_distance(line: bytes, listing: bool) -> bool:
    """Whether the line is a listed target and its distance ("1) 1.0875 (+30 pips)" under "Targets:", "🎯 2360 +100
    pips"), no result."""
    return (listing or line.lstrip().startswith(lexicon.TARGET_MARK)) and spans.found(LISTED_DISTANCE, line)
