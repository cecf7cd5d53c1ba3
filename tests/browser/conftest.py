"""dash.testing in Debian's headless chromium (with chromium-driver at /usr/bin/chromedriver)."""

from __future__ import annotations

from collections.abc import Iterator

import dash._pages
import pytest
from dash import Dash
from selenium.webdriver.chrome.options import Options
from sqlalchemy import Engine

from kundenakte.web import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
         "--window-size=1400,900")


def pytest_setup_options() -> Options:
    """Hook of dash.testing: the browser options for `dash_duo`."""
    options = Options()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    return options


def _clear_pages() -> None:
    dash._pages.PAGE_REGISTRY.clear()
    dash._pages.CONFIG.clear()
    dash._pages.CONFIG.__dict__.clear()


@pytest.fixture
def dash_app(engine: Engine) -> Iterator[Dash]:
    """The whole web app (API, login hook, dashboard) on the test database, as the Dash object dash_duo runs."""
    _clear_pages()
    yield create_app(engine=engine).extensions["kundenakte"]["dash"]
    _clear_pages()
