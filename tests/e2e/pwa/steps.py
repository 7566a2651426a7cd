"""What a person does in the PWA, as reusable steps for the e2e tests."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from tests.e2e.pwa.conftest import VOLUNTEER_PASSWORD


def sign_in(page: Page, username: str = "pwa.gate", password: str = VOLUNTEER_PASSWORD) -> None:
    """Opens the app (signed out: the sign-in screen) and signs in as staff."""
    if "/signin" not in page.url:
        page.goto("/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.get_by_test_id("signin-submit").click()


def sign_in_to_gate(page: Page, username: str = "pwa.gate") -> None:
    sign_in(page, username)
    expect(page.get_by_test_id("gate-scan")).to_be_visible()
    expect(page.get_by_test_id("bundle-age")).not_to_contain_text("尚无")


def verdict(page: Page) -> Locator:
    box = page.get_by_test_id("verdict")
    expect(box).to_be_visible(timeout=15_000)
    return box


def type_temperature(page: Page, digits: str) -> None:
    for digit in digits:
        page.locator(f".pad-key[data-key='{digit}']").click()


def type_pass_number(page: Page, number: str) -> None:
    page.locator("input[name=pass_number]").fill(number)
    page.locator(".number-entry button[type=submit]").click()


def wait_synced(page: Page) -> None:
    expect(page.get_by_test_id("pending")).to_have_count(0, timeout=15_000)
