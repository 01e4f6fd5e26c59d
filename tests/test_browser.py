"""The chat page in a real browser: Playwright driving Debian's Chromium, headless."""

from __future__ import annotations

import dataclasses

import httpx
import pytest

from chatbot.app import create_app
from chatbot.serving import serve_in_thread
from tests.chromium import SHOTS, require_chromium
from tests.conftest import auth

require_chromium()

from playwright.sync_api import expect  # noqa: E402  (only once a browser exists)


@pytest.fixture
def site(settings):
    with serve_in_thread(create_app(dataclasses.replace(settings, auth_secret_generated=True))) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    opened = context.new_page()
    yield opened
    context.close()


def register(page, site, email="mia@example.com"):
    page.goto(f"{site}/app")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("a long passphrase")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("#who-name")).to_have_text(email)
    expect(page.get_by_role("heading", name="Sign in to your todo list")).to_be_hidden()


def test_register_chat_tick_and_reload(page, site):
    register(page, site)
    page.evaluate("""() => {
        window.pieces = 0;
        new MutationObserver((changes) => { for (const c of changes) if (c.addedNodes.length) window.pieces += 1; })
            .observe(document.getElementById('messages'), {subtree: true, childList: true, characterData: true});
    }""")
    page.get_by_label("Message").fill("add a task to buy milk")
    page.keyboard.press("Enter")

    reply = page.locator(".bubble.assistant").last
    expect(reply).to_contain_text("Added 'Buy milk'")
    expect(reply.locator(".chip")).to_have_text("Added 'Buy milk'")
    assert page.evaluate("window.pieces") > 4, "the reply should arrive in pieces, not all at once"
    expect(page.locator("#task-list")).to_contain_text("Buy milk")
    expect(page.get_by_label("Message")).to_be_enabled()

    page.get_by_role("checkbox", name="Buy milk").check()
    expect(page.locator("#completed-list li.done")).to_contain_text("Buy milk")  # moved to the Completed section
    user = page.evaluate("localStorage.getItem('user')")
    tasks = httpx.get(f"{site}/api/{user}/tasks", headers=auth(user)).json()
    assert [(t["title"], t["completed"]) for t in tasks] == [("Buy milk", True)]

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "app-desktop.png", full_page=True)

    page.reload()  # the open conversation is in the address, so it comes back by itself
    expect(page.locator("li.current .open")).to_contain_text("add a task to buy milk")
    expect(page.locator("li.current .open")).to_contain_text("today")
    expect(page.locator(".bubble.user")).to_have_text("add a task to buy milk")
    expect(page.locator(".bubble.assistant")).to_contain_text("Added 'Buy milk'")


def test_shift_enter_makes_a_new_line_and_errors_offer_a_retry(page, site):
    register(page, site, "leo@example.com")
    box = page.get_by_label("Message")
    box.fill("add a task to call")
    box.press("Shift+Enter")
    box.type("the bank")
    assert box.input_value() == "add a task to call\nthe bank"
    assert page.locator(".bubble").count() == 0

    page.route(
        "**/chat",
        lambda route: route.fulfill(
            status=503,
            content_type="application/json",
            headers={"Retry-After": "1"},
            body='{"error": {"code": "model_unavailable", "message": "The language model is busy."}}',
        ),
    )
    box.fill("add a task to call the bank")
    box.press("Enter")
    expect(page.locator(".bubble.failed")).to_contain_text("The language model is busy.")
    page.unroute("**/chat")
    page.get_by_role("button", name="Retry").click()
    expect(page.locator(".bubble.assistant").last).to_contain_text("Added 'Call the bank'")
    expect(page.locator(".bubble.failed")).to_have_count(0)


def test_demo_sign_in_new_and_deleted_conversations(page, site):
    page.goto(f"{site}/app")
    page.get_by_role("button", name="Try it as the demo user").click()
    expect(page.locator("#who-name")).to_have_text("demo")
    box = page.get_by_label("Message")
    box.fill("add a task to water the plants")
    box.press("Enter")
    expect(page.locator(".bubble.assistant").last).to_contain_text("Added")
    page.get_by_role("button", name="New", exact=True).click()
    expect(page.locator(".bubble")).to_have_count(0)
    expect(page.get_by_text("What needs doing?")).to_be_visible()
    page.get_by_role("button", name="Delete conversation: add a task to water the plants").click()
    page.get_by_role("button", name="Keep").click()  # a conversation cannot come back, so deleting one asks first
    expect(page.locator("#conversation-list li")).to_have_count(1)
    page.get_by_role("button", name="Delete conversation: add a task to water the plants").click()
    page.get_by_role("button", name="Yes, delete conversation: add a task to water the plants").click()
    expect(page.locator("#conversation-list li")).to_have_count(0)


def test_usable_at_360_pixels_with_labels_and_visible_focus(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    register(page, site, "ana@example.com")
    page.get_by_label("Message").fill("add a task to stretch")
    page.get_by_label("Message").press("Enter")
    expect(page.locator("#task-list")).to_contain_text("Stretch")
    expect(page.locator("#send")).to_be_visible()  # the turn has ended
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "nothing should scroll sideways"
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, textarea')]
        .filter((e) => !e.labels || e.labels.length === 0).map((e) => e.id)""")
    assert unlabelled == []
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "the focused control must show it"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "app-mobile.png", full_page=True)
    context.close()


@pytest.mark.parametrize("width", [360, 768])
def test_two_windows_of_one_account_stay_in_sync_over_rest_and_mcp(browser, site, width):
    first = browser.new_context(viewport={"width": 1280, "height": 860})
    second = browser.new_context(viewport={"width": width, "height": 740 if width < 700 else 1024})
    try:
        one, other = first.new_page(), second.new_page()
        register(one, site, "sync@example.com")
        other.goto(f"{site}/app")
        other.get_by_label("Email").fill("sync@example.com")
        other.get_by_label("Password").fill("a long passphrase")
        other.get_by_role("button", name="Sign in").click()
        expect(other.locator("#who-name")).to_have_text("sync@example.com")
        user = one.evaluate("localStorage.getItem('user')")
        token = one.evaluate("localStorage.getItem('token')")
        headers = {"Authorization": f"Bearer {token}"}

        one.get_by_label("Message").fill("add a task to call the bank")
        one.keyboard.press("Enter")
        expect(other.locator("#task-list")).to_contain_text("Call the bank", timeout=3000)  # a change in the other window

        httpx.post(f"{site}/api/{user}/tasks", json={"title": "Post the parcel"}, headers=headers)
        expect(one.locator("#task-list")).to_contain_text("Post the parcel", timeout=3000)  # over REST
        expect(other.locator("#task-list")).to_contain_text("Post the parcel", timeout=3000)

        call = {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "tools/call",
            "params": {"name": "add_task", "arguments": {"title": "Renew the lease"}},
        }
        mcp = httpx.post(
            f"{site}/api/mcp",
            json=call,
            headers={**headers, "Accept": "application/json, text/event-stream", "MCP-Protocol-Version": "2025-06-18"},
        )
        assert mcp.status_code == 200, mcp.text
        expect(one.locator("#task-list")).to_contain_text("Renew the lease", timeout=3000)  # over MCP
        expect(other.locator("#task-list")).to_contain_text("Renew the lease", timeout=3000)
    finally:
        first.close()
        second.close()


def test_the_welcome_suggestions_work_for_a_new_user_and_chips_name_the_task(page, site):
    register(page, site, "new@example.com")
    page.get_by_role("button", name="add a task to buy milk").click()  # a suggestion fills the message box
    page.keyboard.press("Enter")
    expect(page.locator(".chip").last).to_have_text("Added 'Buy milk'")
    # The welcome goes with the first turn; the other two suggestions, typed as shown, answer as they promise.
    for said, chip in (("what's pending?", "Listed 1 task"), ("I bought the milk", "Completed 'Buy milk'")):
        expect(page.locator("#send")).to_be_visible()  # the turn before has ended
        page.get_by_label("Message").fill(said)
        page.keyboard.press("Enter")
        expect(page.locator(".chip").last).to_have_text(chip)
    expect(page.locator("#completed-list li.done")).to_contain_text("Buy milk")
