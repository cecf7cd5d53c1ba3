"""Screenshots of every page as each role, from a running Kundenakte (the demo), in headless chromium.

    KUNDENAKTE_SECRET_KEY=... kundenakte serve --db sqlite:///kundenakte.db &
    python scripts/screenshots.py --base http://127.0.0.1:8050 --users demo-users.txt [--out docs/screenshots]

Signs in through the form as each account of the demo's sign-in sheet, opens every page of its navigation
(and the record of the first organisation its start page or list links to), waits until Dash has nothing
left to load, and saves `<out>/<role>-<page>.png`; with --english also `<role>-<page>-en.png` after
switching the language (and back to German at the end).
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,1000",
         "--lang=de-DE",
         "--disable-background-networking", "--no-first-run")
SHEET = re.compile(r"^\s+(\S+)\s+(admin|management|sales|support|accounting|purchasing|external)\s+(\S+)", re.M)


def browser() -> webdriver.Chrome:
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for flag in FLAGS:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def settled(driver: webdriver.Chrome, seconds: float = 30) -> None:
    """Wait until Dash shows no pending callback (no `[data-dash-is-loading]`), then a moment for plots."""
    deadline = time.monotonic() + seconds
    time.sleep(0.8)
    while time.monotonic() < deadline:
        if not driver.find_elements(By.CSS_SELECTOR, "[data-dash-is-loading='true']"):
            break
        time.sleep(0.3)
    time.sleep(1.2)


def sign_in(driver: webdriver.Chrome, base: str, name: str, password: str) -> None:
    driver.delete_all_cookies()
    driver.get(f"{base}/login")
    driver.find_element(By.NAME, "name").send_keys(name)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit], form input[type=submit]").click()
    settled(driver)


def page_name(path: str) -> str:
    return path.strip("/").split("?")[0].replace("/", "-") or "overview"


def shoot(driver: webdriver.Chrome, base: str, role: str, out: Path, suffix: str = "") -> None:
    paths = [a.get_attribute("href").removeprefix(base) for a in driver.find_elements(By.CSS_SELECTOR, ".nav a")]
    for path in paths or ["/"]:
        driver.get(base + path)
        settled(driver)
        driver.save_screenshot(str(out / f"{role}-{page_name(path)}{suffix}.png"))
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "a[href*='/organisation']")]
    if not links:
        driver.get(base + "/")
        settled(driver)
        links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "a[href*='/organisation']")]
    if links:
        driver.get(links[0])
        settled(driver)
        driver.save_screenshot(str(out / f"{role}-record{suffix}.png"))


def switch_language(driver: webdriver.Chrome, value: str) -> None:
    try:
        driver.find_element(By.CSS_SELECTOR, f".language-switch input[value='{value}']").click()
        settled(driver)
    except WebDriverException:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8050")
    parser.add_argument("--users", type=Path, required=True, help="the demo's sign-in sheet (demo-users.txt)")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--role", action="append", help="only these roles")
    parser.add_argument("--english", action="store_true", help="also every page in English")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    accounts = SHEET.findall(args.users.read_text(encoding="utf-8"))
    driver = browser()
    try:
        for name, role, password in accounts:
            if args.role and role not in args.role:
                continue
            sign_in(driver, args.base, name, password)
            shoot(driver, args.base, role, args.out)
            if args.english:
                switch_language(driver, "en")
                shoot(driver, args.base, role, args.out, "-en")
                switch_language(driver, "de")
            print(f"{role}: done")
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
