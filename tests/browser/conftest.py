"""dash.testing in Debian's headless chromium (with chromium-driver at /usr/bin/chromedriver)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from dash import Dash
from dash.testing.browser import Browser as DashBrowser
from flask import Flask
from selenium.webdriver.chrome.options import Options
from sqlalchemy import Engine

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
         "--window-size=1400,900", "--lang=de-DE")


def pytest_setup_options() -> Options:
    """Hook of dash.testing: the browser options for `dash_duo`."""
    options = Options()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    return options


@pytest.fixture
def dash_app(app: Flask) -> Dash:
    """The whole web app (API, login hook, dashboard) on the test database, as the Dash object dash_duo runs."""
    dash: Dash = app.extensions["kundenakte"]["dash"]
    return dash


def backend_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """A freshly migrated database of the module's backend (`request.param`: sqlite or pg), for a module's world:
    SQLite a copy of the migrated template, PostgreSQL the worker's database emptied."""
    from core.db import make_engine

    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path_factory.mktemp("browser") / "kundenakte.db"
        shutil.copy(template, path)
        return make_engine(f"sqlite:///{path}")
    from tests.conftest import _truncate_pg

    engine = make_engine(request.getfixturevalue("pg_database_url"))
    _truncate_pg(engine)
    return engine


@contextmanager
def served(request: pytest.FixtureRequest, app: Flask,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DashBrowser, str]]:
    """One threaded server with the app and one headless chromium asking for German pages (what dash.testing's
    `dash_duo` makes per test; its start_server would wait for the dashboard, which nobody signed in gets)."""
    from dash.testing.application_runners import ThreadedRunner

    options = request.config.hook.pytest_setup_options()
    for option in options:
        option.add_argument("--lang=de-DE")
        option.add_argument("--accept-lang=de-DE,de")
    with ThreadedRunner() as server, DashBrowser(
        browser=request.config.getoption("webdriver"), headless=request.config.getoption("headless"),
        options=options, download_path=str(tmp_path_factory.mktemp("download")), percy_run=False,
    ) as browser:
        server.start(app.extensions["kundenakte"]["dash"])
        yield browser, server.url.rstrip("/")
