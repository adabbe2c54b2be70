"""What the browser tests share: signing in through the real form, and collecting the
Content Security Policy violations the page reports on its console."""

from __future__ import annotations

from typing import Any


def csp_violations(page: Any) -> list[str]:
    """A list that fills with every CSP violation the page reports from now on."""
    found: list[str] = []
    page.on(
        "console",
        lambda m: found.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return found


def sign_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url("**/work/")
