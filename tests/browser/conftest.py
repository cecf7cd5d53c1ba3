"""dash.testing in Debian's headless chromium (with chromium-driver at /usr/bin/chromedriver)."""

from __future__ import annotations

import pytest
from dash import Dash
from flask import Flask
from selenium.webdriver.chrome.options import Options

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
