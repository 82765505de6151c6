"""Azure SQL connection arguments, checked through SQLAlchemy's real mssql+pyodbc dialect.

pyodbc needs unixODBC, which this machine lacks and Azure's Python images have, so the driver module is
replaced by a fake that records what the engine hands to ``pyodbc.connect`` and then refuses to connect.
"""

from __future__ import annotations

import struct
import types
from typing import Any

import pytest

from shared.adapters.sql.engine import SQL_COPT_SS_ACCESS_TOKEN, access_token_struct, create_engine

URL = "mssql+pyodbc://@pipster-sql.database.windows.net/pipster?driver=ODBC+Driver+18+for+SQL+Server&Encrypt=yes"


class _Refused(Exception):
    pass


def fake_pyodbc(calls: list[tuple[tuple[Any, ...], dict[str, Any]]]) -> types.ModuleType:
    module = types.ModuleType("pyodbc")
    module.version = "5.1.0"  # type: ignore[attr-defined]
    module.paramstyle = "qmark"  # type: ignore[attr-defined]
    module.pooling = True  # type: ignore[attr-defined]
    module.Error = _Refused  # type: ignore[attr-defined]
    module.Cursor = type("Cursor", (), {"nextset": lambda self: None})  # type: ignore[attr-defined]
    for name in ("Warning", "InterfaceError", "DatabaseError", "DataError", "OperationalError", "IntegrityError",
                 "InternalError", "ProgrammingError", "NotSupportedError"):
        setattr(module, name, type(name, (_Refused,), {}))

    def connect(*args: Any, **kwargs: Any) -> None:
        calls.append((args, kwargs))
        raise module.OperationalError("08001", "refused by the test double")  # type: ignore[attr-defined]

    module.connect = connect  # type: ignore[attr-defined]
    return module


class FakeCredential:
    def __init__(self) -> None:
        self.scopes: list[str] = []

    def get_token(self, *scopes: str) -> Any:
        self.scopes.extend(scopes)
        return types.SimpleNamespace(token="eyJ0eXAi.token", expires_on=0)


def test_engine_hands_an_entra_token_to_the_odbc_driver_and_no_password() -> None:
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    credential = FakeCredential()
    engine = create_engine(URL, credential=credential, dbapi_module=fake_pyodbc(calls))
    with pytest.raises(Exception, match="refused by the test double"):
        engine.connect()
    (args, kwargs), = calls
    connection_string = args[0]
    assert "Server=pipster-sql.database.windows.net" in connection_string
    assert "Database=pipster" in connection_string and "Encrypt=yes" in connection_string
    assert "Trusted_Connection" not in connection_string
    assert "PWD" not in connection_string.upper() and "UID" not in connection_string.upper()
    assert credential.scopes == ["https://database.windows.net/.default"]
    token = kwargs["attrs_before"][SQL_COPT_SS_ACCESS_TOKEN]
    assert token == access_token_struct("eyJ0eXAi.token")
    assert engine.pool.size() == 5 and engine.dialect.fast_executemany


def test_token_struct_is_length_prefixed_utf16le() -> None:
    packed = access_token_struct("ab")
    (length,) = struct.unpack("<I", packed[:4])
    assert length == 4 and packed[4:] == "ab".encode("utf-16-le")


def test_a_sql_login_url_uses_no_token() -> None:
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    credential = FakeCredential()
    engine = create_engine("mssql+pyodbc://sa:pw@localhost/db?driver=ODBC+Driver+18+for+SQL+Server",
                           credential=credential, dbapi_module=fake_pyodbc(calls))
    with pytest.raises(Exception, match="refused"):
        engine.connect()
    assert "attrs_before" not in calls[0][1] and credential.scopes == []


def test_pyodbc_is_not_imported_for_other_dialects() -> None:
    import sys

    create_engine("sqlite://").dispose()
    assert "pyodbc" not in sys.modules
