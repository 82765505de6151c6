"""Symbol normalisation: upper case, no separators, common names to tickers (signals-sample.md).

Broker-specific index names (GER30, NAS100) stay as written: mapping them belongs to the tenant's broker.
"""

from __future__ import annotations

from shared.parsing import lexicon, spans

ALIASES = {
    "GOLD": "XAUUSD", "XAU": "XAUUSD", "SILVER": "XAGUSD", "XAG": "XAGUSD",
    "CABLE": "GBPUSD", "FIBER": "EURUSD", "FIBRE": "EURUSD",
    "DOWJONES": "US30", "DOW": "US30", "DJ": "US30", "DJI": "US30", "DJIA": "US30", "DJ30": "US30",
    "NASDAQ": "NAS100", "NASDAQ100": "NAS100", "S&P": "US500", "S&P500": "US500",
    "CRUDEOIL": "USOIL", "CRUDE": "USOIL", "OIL": "USOIL",
    "BITCOIN": "BTC", "ETHEREUM": "ETH",
}
_SEPARATORS = str.maketrans("", "", " \t/._-$")


def _squash(raw: str) -> str:
    return raw.upper().translate(_SEPARATORS)


def crypto_quote(text: bytes, *, cashtag: bool) -> str:
    """The quote asset a bare crypto ticker implies: BTC when prices are in sats, USDT on a futures/Binance
    style message or a $TAG, else USD (a CFD broker's BTCUSD)."""
    if spans.found(lexicon.SATS, text):
        return "BTC"
    if cashtag or spans.found(lexicon.CRYPTO_CONTEXT, text):
        return "USDT"
    return "USD"


def normalize(kind: str, raw: str, text: bytes) -> str:
    """The canonical symbol for a token of ``kind`` (a tokenizer group name) found in message ``text``."""
    squashed = _squash(raw)
    if kind == "alias":
        squashed = ALIASES.get(squashed, squashed)
        if squashed in ("BTC", "ETH"):
            return squashed + crypto_quote(text, cashtag=False)
        return squashed
    if kind == "cashtag":
        return squashed + crypto_quote(text, cashtag=True)
    if kind == "crypto_bare":
        return squashed + crypto_quote(text, cashtag=False)
    if kind == "crypto_pair" and squashed.endswith("PERP"):
        return squashed[:-4] if squashed[:-4].endswith(("USDT", "USDC")) else squashed[:-4] + "USDT"
    return squashed
