"""POST /api/v1/import (issue 21): a batch in the interchange format, validated exactly as the file import, all
or nothing (spec/interchange.md, "Bad input": every problem named by table, row and column, nothing written);
uploads checked before parsing (a zip bomb, too many entries, an XXE workbook); only an admin's import token."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select

from core.schema import AuditLogEntry, Invoice, Organisation
from core.vocabulary import Role, TokenScope
from services.commands.tokens import create_token
from services.users import SYSTEM
from tests.kundenakte.signin.helpers import add_account, dash_pages_cleared, web_app

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ORGANISATIONS = [{"id": "o1", "name": "Alpha GmbH", "city": "Köln"}, {"id": "o2", "name": "Beta AG"}]
INVOICES = [{"id": "i1", "organisation_id": "o1", "invoice_date": "2026-02-01", "amount_net": 1000.5,
             "status": "open", "number": "RE-1"},
            {"id": "i2", "organisation_id": "o2", "invoice_date": "2026-02-03", "amount_net": 200, "status": "paid",
             "paid_date": "2026-02-20", "number": "RE-2"}]


@pytest.fixture
def accounts(engine: Engine) -> Engine:
    from tests.support import seed

    seed(engine, {"agents": [{"id": "adm", "name": "Ada Admin", "role": "admin"},
                             {"id": "ag4", "name": "Mara Leitung", "role": "management"}]})
    add_account(engine, "ada", Role.ADMIN, agent_id="adm")
    add_account(engine, "leitung", Role.MANAGEMENT, agent_id="ag4")
    return engine


@pytest.fixture
def client(accounts: Engine) -> Iterator[FlaskClient]:
    with dash_pages_cleared():
        app: Flask = web_app(accounts)
        yield app.test_client()


@pytest.fixture
def token(accounts: Engine) -> str:
    return create_token(accounts, SYSTEM, "ada", TokenScope.IMPORT).token


def headers(token: str, content_type: str | None = None) -> dict[str, str]:
    found = {"Authorization": f"Bearer {token}"}
    if content_type:
        found["Content-Type"] = content_type
    return found


def counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return (conn.execute(select(func.count()).select_from(Organisation)).scalar_one(),
                conn.execute(select(func.count()).select_from(Invoice)).scalar_one())


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_json_batch_is_imported(accounts: Engine, client: FlaskClient, token: str) -> None:
    answer = client.post("/api/v1/import", headers=headers(token),
                         json={"tables": {"organisations": ORGANISATIONS, "invoices": INVOICES}})
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["tables"]["invoices"] == {"inserted": 2, "updated": 0}
    assert counts(accounts) == (2, 2)
    with accounts.connect() as conn:
        assert "import_http" in conn.execute(select(AuditLogEntry.action)).scalars().all()


def test_one_bad_row_writes_nothing_and_is_named(accounts: Engine, client: FlaskClient, token: str) -> None:
    bad = [*INVOICES, {"id": "i3", "organisation_id": "o1", "invoice_date": "31.02.2026", "amount_net": 5,
                       "status": "open"}]
    answer = client.post("/api/v1/import", headers=headers(token),
                         json={"tables": {"organisations": ORGANISATIONS, "invoices": bad}})
    assert answer.status_code == 422
    body = answer.get_json()
    assert body["written"] is False
    assert {"table": "invoices", "row_index": 2, "column": "invoice_date"}.items() <= body["problems"][0].items()
    assert counts(accounts) == (0, 0)


@pytest.mark.parametrize(("body", "fragment"), [
    ({"tables": {"kunden": []}}, "unknown tables: kunden"),
    ({"tables": {"organisations": {"id": "o1"}}}, "a list of rows"),
    ({"tables": {"organisations": [["o1", "Alpha"]]}}, "row index 0"),
    ({"tables": {"organisations": [{"id": "o1", "name": {"x": 1}}]}}, "object or a list"),
    ([], "the body must be"),
])
def test_a_batch_of_the_wrong_shape_is_400(accounts: Engine, client: FlaskClient, token: str, body: object,
                                            fragment: str) -> None:
    answer = client.post("/api/v1/import", headers=headers(token), json=body)
    assert answer.status_code == 400
    assert fragment in answer.get_json()["error"]
    assert counts(accounts) == (0, 0)


def test_a_zipped_csv_folder_is_imported(accounts: Engine, client: FlaskClient, token: str) -> None:
    upload = zipped({"export/organisations.csv": b"id,name\no1,Alpha GmbH\n",
                     "export/invoices.csv": b"id,organisation_id,invoice_date,amount_net,status\n"
                                            b"i1,o1,2026-02-01,10.50,open\n"})
    answer = client.post("/api/v1/import", headers=headers(token, "application/zip"), data=upload)
    assert answer.status_code == 201, answer.get_json()
    assert counts(accounts) == (1, 1)


def test_a_zip_bomb_is_refused_before_unpacking(accounts: Engine, client: FlaskClient, token: str) -> None:
    bomb = zipped({"organisations.csv": b"0" * (64 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    answer = client.post("/api/v1/import", headers=headers(token, "application/zip"), data=bomb)
    assert answer.status_code == 400
    assert "unpacks" in answer.get_json()["error"]
    assert counts(accounts) == (0, 0)


def test_too_many_entries_and_foreign_names_are_refused(accounts: Engine, client: FlaskClient, token: str) -> None:
    many = zipped({f"f{i}.txt": b"x" for i in range(300)})
    assert client.post("/api/v1/import", headers=headers(token, "application/zip"), data=many).status_code == 400
    odd = zipped({"../../etc/passwd": b"root"})
    answer = client.post("/api/v1/import", headers=headers(token, "application/zip"), data=odd)
    assert answer.status_code == 400 and "not <table>.csv" in answer.get_json()["error"]


def test_an_xxe_workbook_is_refused_and_leaks_nothing(accounts: Engine, client: FlaskClient, token: str,
                                                       tmp_path: object) -> None:
    """A workbook whose sheet declares an external entity (XXE): defusedxml refuses it before it is resolved."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "organisations"
    sheet.append(["id", "name"])
    sheet.append(["o1", "Alpha"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = text.replace("<worksheet", '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet',
                                    1).replace(">Alpha<", ">&xxe;<")
                data = text.encode()
            target.writestr(item, data)
    answer = client.post("/api/v1/import", headers=headers(token, XLSX), data=out.getvalue())
    assert answer.status_code in (400, 422)
    assert "root:" not in answer.get_data(as_text=True)
    assert counts(accounts) == (0, 0)


def test_only_an_admins_import_token_may_import(accounts: Engine, client: FlaskClient) -> None:
    read = create_token(accounts, SYSTEM, "ada").token
    batch = {"tables": {"organisations": ORGANISATIONS}}
    assert client.post("/api/v1/import", headers=headers(read), json=batch).status_code == 403
    manager = create_token(accounts, SYSTEM, "leitung", TokenScope.IMPORT).token
    assert client.post("/api/v1/import", headers=headers(manager), json=batch).status_code == 403
    assert client.post("/api/v1/import", json=batch).status_code == 401
    assert counts(accounts) == (0, 0)


def test_an_upload_without_a_token_must_be_json(accounts: Engine, client: FlaskClient) -> None:
    """With the session cookie only JSON is taken (a cross-site form cannot send it)."""
    from tests.kundenakte.signin.helpers import sign_in

    sign_in(client, "ada")
    answer = client.post("/api/v1/import", data=zipped({"organisations.csv": b"id,name\n"}),
                         headers={"Content-Type": "application/zip"})
    assert answer.status_code == 400
