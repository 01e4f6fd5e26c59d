"""The chat page under real use: 25 turns and 40 conversations, at three screen sizes, light and dark."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from chatbot.app import create_app
from chatbot.config import Settings
from chatbot.serving import serve_in_thread
from tests.chromium import SHOTS, require_chromium, serious_accessibility_problems
from tests.conftest import SECRET, auth, fresh_database
from tests.helpers import json_turn

require_chromium()

from playwright.sync_api import expect  # noqa: E402  (only once a browser exists)

SIZES = {"desktop": (1280, 800), "tablet": (768, 1024), "phone": (390, 844), "small-phone": (360, 640)}
INJECTED = "<img src=x onerror=window.pwned=1>"
LONG_TURNS = [
    *[f"add a task to read chapter {n} of the handbook" for n in range(1, 9)],
    f"add a task to frame the {INJECTED} poster",
    "what's pending?",
    *[f"mark task {n} done" for n in range(1, 6)],
    "show all my tasks",
    *[f"add a task to call supplier number {n}" for n in range(1, 7)],
    "what's still open?",
    "how many tasks do I have?",
    "show my completed tasks",
]


@dataclass(frozen=True)
class Seeded:
    site: str
    user: str
    long_conversation: int
    conversations: int


@pytest.fixture(scope="module")
def seeded(pg_uri, tmp_path_factory):
    """One user with a 25-turn conversation and 39 one-turn ones, served for the whole module."""
    assert len(LONG_TURNS) == 25
    with fresh_database(pg_uri) as url:
        settings = Settings(
            database_url=url,
            auth_secret=SECRET,
            data_dir=tmp_path_factory.mktemp("page"),
            allowed_hosts=("127.0.0.1:*", "localhost:*"),
            chat_turns_per_minute=1000,  # 65 turns are seeded in a few seconds
        )
        with serve_in_thread(create_app(settings)) as site:
            user = "page-reader"
            with httpx.Client(base_url=site, timeout=30) as http:
                for n in range(39):
                    answer = json_turn(http, f"what's pending for the review of week {n % 13}?", user=user)
                    assert answer.status_code == 200, answer.text
                long = None
                for message in LONG_TURNS:
                    answer = json_turn(http, message, long, user=user)
                    assert answer.status_code == 200, answer.text
                    long = answer.json()["conversation_id"]
            yield Seeded(site, user, long, 40)


def signed_in_page(browser, seeded, size, scheme="light", timezone_id=None):
    """A page of the seeded user's, signed in as the page itself would be (the token in localStorage)."""
    width, height = SIZES[size]
    phone = size not in ("desktop", "tablet")
    zone = {"timezone_id": timezone_id} if timezone_id else {}
    context = browser.new_context(
        viewport={"width": width, "height": height}, color_scheme=scheme, is_mobile=phone, has_touch=phone, **zone
    )
    token = auth(seeded.user)["Authorization"].removeprefix("Bearer ")
    context.add_init_script(
        f"localStorage.setItem('token', {json.dumps(token)});"
        f"localStorage.setItem('user', {json.dumps(seeded.user)}); localStorage.setItem('name', 'Page Reader');"
    )
    return context, context.new_page()


def layout_problems(page) -> list[str]:
    """What breaks the steady layout: the page scrolling, things past the sides, the composer or newest message out of view."""
    return page.evaluate("""() => {
        const problems = [];
        const width = innerWidth, height = innerHeight;
        const root = document.scrollingElement;
        if (root.scrollHeight > height + 1) problems.push(`the page scrolls: ${root.scrollHeight} px tall in ${height}`);
        if (root.scrollWidth > width + 1) problems.push(`the page scrolls sideways: ${root.scrollWidth} px in ${width}`);
        const shut = (e) => e.closest('.drawer:not(.open)') && getComputedStyle(e.closest('.drawer')).position === 'fixed';
        for (const e of document.querySelectorAll('body *')) {
            const box = e.getBoundingClientRect();
            if (!box.width || !box.height || shut(e) || getComputedStyle(e).visibility !== 'visible') continue;
            if (box.right > width + 1 || box.left < -1) problems.push(`${e.tagName.toLowerCase()}.${e.className} sticks out sideways`);
        }
        for (const e of document.querySelectorAll('.scroll, .messages')) {
            if (e.scrollWidth > e.clientWidth + 1) problems.push(`#${e.id} scrolls sideways`);
        }
        const inView = (e) => { const b = e.getBoundingClientRect(); return b.top >= -1 && b.bottom <= height + 1 && b.left >= -1 && b.right <= width + 1; };
        if (!inView(document.getElementById('composer'))) problems.push('the composer is out of view');
        const newest = [...document.querySelectorAll('#messages > li')].pop();
        if (!newest || !inView(newest)) problems.push('the newest message is out of view');
        return problems;
    }""")


def scrolls(page, selector) -> bool:
    """Whether the element holds more than it shows and scrolls by itself, leaving the page where it was."""
    return page.eval_on_selector(
        selector,
        """(e) => {
            if (e.scrollHeight <= e.clientHeight) return false;
            const before = e.scrollTop;
            e.scrollTop = before > 0 ? 0 : e.scrollHeight;
            const moved = e.scrollTop !== before;
            e.scrollTop = before;
            return moved && document.scrollingElement.scrollTop === 0;
        }""",
    )


def drawer(size, panel) -> bool:
    """Whether the panel is a drawer at this size: both on a phone, conversations on a tablet, none on a desktop."""
    return size not in ("desktop", "tablet") or (size == "tablet" and panel == "conversations")


def show_panel(page, size, panel):
    """Bring a side panel into view: always there on a desktop, a drawer on a phone."""
    if drawer(size, panel):
        page.locator(f"#show-{panel}").click()
        expect(page.locator(f"#{panel}")).to_be_in_viewport(ratio=1)


@pytest.mark.parametrize("size", SIZES)
def test_the_layout_holds_after_25_turns_and_40_conversations(browser, seeded, size):
    context, page = signed_in_page(browser, seeded, size)
    page.goto(f"{seeded.site}/app#c={seeded.long_conversation}")
    expect(page.locator(".bubble.user").nth(24)).to_be_attached()  # 25 turns, and one more per earlier size
    expect(page.locator("#conversation-list li")).to_have_count(seeded.conversations)

    page.evaluate("""() => { window.sawTyping = false;
        new MutationObserver(() => { if (document.querySelector('.typing')) window.sawTyping = true; })
            .observe(document.getElementById('messages'), {subtree: true, childList: true}); }""")
    page.get_by_label("Message").fill(f"add a task to check the {size} layout")
    page.get_by_label("Message").press("Enter")
    expect(page.locator(".bubble.assistant").last).to_contain_text(f"Check the {size} layout")
    assert page.evaluate("window.sawTyping"), "a typing indicator shows while the turn streams"
    assert layout_problems(page) == []
    assert scrolls(page, "#messages"), "the message list scrolls inside the page"
    expect(page.locator(".top")).to_be_in_viewport(ratio=1)

    # Replies keep their lists, and a task title never becomes HTML.
    listing = page.locator(".bubble.assistant .reply ol").first
    expect(listing.locator("li").first).to_be_attached()
    expect(page.locator(".reply li", has_text=INJECTED).first).to_be_attached()
    assert page.evaluate("window.pwned") is None and page.locator(".reply img").count() == 0

    for panel, selector in (("conversations", "#conversation-list"), ("tasks", "#task-scroll")):
        show_panel(page, size, panel)
        if panel == "tasks":
            page.locator("#completed summary").click()  # the five done ones, under the open ones
            expect(page.locator("#completed-list li")).to_have_count(5)
        assert scrolls(page, selector), f"the {panel} panel scrolls by itself"
        assert layout_problems(page) == []
        if drawer(size, panel):
            page.keyboard.press("Escape")
            expect(page.locator(f"#{panel}")).not_to_be_in_viewport()

    SHOTS.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.screenshot(path=SHOTS / f"layout-{size}-{scheme}.png")
        assert serious_accessibility_problems(page) == [], scheme
    if drawer(size, "tasks"):
        show_panel(page, size, "tasks")
        page.screenshot(path=SHOTS / f"layout-{size}-tasks-dark.png")
    context.close()


@pytest.mark.parametrize("size", ["desktop", "small-phone"])
def test_the_open_conversation_lives_in_the_address(browser, seeded, size):
    context, page = signed_in_page(browser, seeded, size)
    page.goto(f"{seeded.site}/app#c={seeded.long_conversation}")
    expect(page.locator(".bubble.user").nth(24)).to_be_attached()
    turns = page.locator(".bubble.user").count()
    page.reload()
    expect(page.locator(".bubble.user")).to_have_count(turns)
    expect(page.locator("li.current .open")).to_contain_text("read chapter 1")

    show_panel(page, size, "conversations")
    other = page.locator("#conversation-list li .open").last
    other.click()
    expect(page.locator(".bubble.user")).to_have_count(1)
    other_address = page.url
    assert other_address != f"{seeded.site}/app#c={seeded.long_conversation}"

    page.go_back()
    expect(page.locator(".bubble.user")).to_have_count(turns)
    page.go_forward()
    expect(page.locator(".bubble.user")).to_have_count(1)

    # Another tab of the same browser opens the same conversation from the link.
    second = context.new_page()
    second.goto(other_address)
    expect(second.locator(".bubble.user")).to_have_count(1)
    expect(second.locator(".bubble.user")).to_have_text(page.locator(".bubble.user").text_content())

    show_panel(page, size, "conversations")
    page.get_by_role("button", name="New", exact=True).click()
    expect(page.get_by_text("What needs doing?")).to_be_in_viewport()
    assert "#c=" not in page.url
    context.close()


def test_conversations_have_dates_and_a_search_box(browser, seeded):
    context, page = signed_in_page(browser, seeded, "desktop")
    page.goto(f"{seeded.site}/app")
    first = page.locator("#conversation-list li .open").first
    expect(first.locator("time")).to_contain_text("today")
    search = page.get_by_label("Search conversations")
    search.fill("week 4?")
    expect(page.locator("#conversation-list li")).to_have_count(3)  # weeks 4 of 39 runs modulo 13
    search.fill("no such words")
    expect(page.locator("#conversation-list li")).to_have_count(0)
    expect(page.get_by_text("No conversation matches that.")).to_be_visible()
    context.close()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_failed_requests_show_their_message_where_the_user_looks(browser, seeded, size):
    context, page = signed_in_page(browser, seeded, size)
    page.goto(f"{seeded.site}/app")
    show_panel(page, size, "tasks")
    box = page.locator("#task-list input[type=checkbox]").first
    expect(box).to_be_attached()
    was = box.is_checked()
    refusal = '{"error": {"code": "database_unavailable", "message": "The database is unavailable."}}'
    page.route("**/complete", lambda route: route.fulfill(status=503, content_type="application/json", body=refusal))
    box.click()
    expect(page.locator("#tasks-error")).to_contain_text("The database is unavailable.")
    expect(page.locator("#tasks-error")).to_be_in_viewport(ratio=1)
    expect(box).to_be_checked(checked=was)  # rolled back

    count = page.locator("#task-list li").count()
    page.route("**/tasks/*", lambda route: route.fulfill(status=503, content_type="application/json", body=refusal))
    page.locator("#task-list li .remove").first.click()
    expect(page.locator("#tasks-error")).to_contain_text("Couldn't delete")
    expect(page.locator("#task-list li")).to_have_count(count)  # put back
    page.unroute("**/tasks/*")
    page.unroute("**/complete")

    if drawer(size, "tasks"):
        page.keyboard.press("Escape")
    page.route("**/chat", lambda route: route.fulfill(status=503, content_type="application/json", body=refusal))
    page.get_by_label("Message").fill("add a task to see the error")
    page.get_by_label("Message").press("Enter")
    failed = page.locator(".bubble.failed")
    expect(failed).to_contain_text("The database is unavailable.")
    expect(failed).to_be_in_viewport(ratio=1)
    expect(page.get_by_role("button", name="Retry")).to_be_in_viewport()
    context.close()


def test_a_new_user_is_told_what_to_type(browser, seeded):
    context, page = signed_in_page(browser, seeded, "phone")
    page.add_init_script("localStorage.setItem('user', 'someone-new')")
    page.add_init_script(f"localStorage.setItem('token', {json.dumps(auth('someone-new')['Authorization'][7:])})")
    page.goto(f"{seeded.site}/app")
    expect(page.get_by_text("What needs doing?")).to_be_in_viewport()
    page.get_by_role("button", name="add a task to buy milk").click()
    expect(page.get_by_label("Message")).to_have_value("add a task to buy milk")
    show_panel(page, "phone", "tasks")
    expect(page.get_by_text("Nothing on your list.")).to_be_visible()
    context.close()


def test_the_icon_is_served(seeded):
    answer = httpx.get(f"{seeded.site}/favicon.ico")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("image/svg+xml")


# Planned tasks of the seeded user's, in the order they are made; the seeded ones have no date, priority or tag.
PASSPORT, GARDEN, DENTIST, BUDGET = (
    "Planning: renew the passport",
    "Planning: water the garden",
    "Planning: book the dentist",
    "Planning: draft the budget",
)


@pytest.fixture(scope="module")
def planned(seeded):
    """Four tasks with plans, made once through the REST API: overdue, today (repeating), tomorrow, undated."""
    today = datetime.now(UTC).date()  # the server's user and the test's browser are both on UTC
    plans = [
        {"title": PASSPORT, "due": str(today - timedelta(days=1)), "priority": "high", "tags": ["admin"]},
        {
            "title": GARDEN,
            "due": f"{today}T17:00",
            "priority": "low",
            "tags": ["home"],
            "recurrence": "FREQ=WEEKLY;BYDAY=MO",
        },
        {"title": DENTIST, "due": str(today + timedelta(days=1)), "priority": "urgent", "tags": ["admin", "health"]},
        {"title": BUDGET, "priority": "medium", "tags": ["work"]},
    ]
    with httpx.Client(base_url=seeded.site, headers=auth(seeded.user), timeout=30) as http:
        for plan in plans:
            made = http.post(f"/api/{seeded.user}/tasks", json=plan)
            assert made.status_code == 201, made.text
    return plans


@pytest.mark.parametrize("size", SIZES)
def test_tasks_show_their_plans_and_filter_by_them(browser, seeded, planned, size):
    context, page = signed_in_page(browser, seeded, size, timezone_id="UTC")
    page.goto(f"{seeded.site}/app#c={seeded.long_conversation}")
    expect(page.locator(".bubble.user").nth(24)).to_be_attached()

    # Every chat turn tells the server the browser's timezone.
    with page.expect_request("**/chat") as sent:
        page.get_by_label("Message").fill("how many tasks do I have?")
        page.get_by_label("Message").press("Enter")
    assert sent.value.post_data_json["timezone"] == "UTC"
    expect(page.locator(".bubble.assistant").last).to_have_attribute("data-done", "1")

    show_panel(page, size, "tasks")
    task = lambda title: page.locator("#task-list li", has_text=title)  # noqa: E731
    passport, garden, dentist, budget = (task(title) for title in (PASSPORT, GARDEN, DENTIST, BUDGET))
    expect(passport.locator(".due.overdue")).to_have_text("overdue yesterday")
    expect(garden.locator(".due")).to_have_text("due today 17:00")
    expect(garden.locator(".overdue")).to_have_count(0)
    expect(dentist.locator(".due")).to_have_text("due tomorrow")
    expect(budget.locator(".due")).to_have_count(0)
    expect(dentist.locator(".priority.urgent")).to_have_text("priority urgent")
    expect(passport.locator(".priority.high")).to_have_text("priority high")
    expect(budget.locator(".priority.medium")).to_be_visible()
    expect(task("Read chapter 6").locator(".priority")).to_have_count(0)  # "none" shows nothing
    expect(dentist.locator(".tag")).to_have_text(["#admin", "#health"])
    expect(garden.get_by_role("img", name="repeats weekly on Mon")).to_be_visible()
    expect(passport.get_by_role("img")).to_have_count(0)
    # Urgent and high are told apart by more than their words: urgent is filled.
    fills = [t.locator(".priority").evaluate("e => getComputedStyle(e).backgroundColor") for t in (dentist, passport)]
    assert fills[0] != fills[1]
    assert layout_problems(page) == []

    titles = page.locator("#task-list li .task-title")
    tools = page.locator("#task-tools")
    count = page.locator("#task-count")
    every = page.locator("#task-list li, #completed-list li")  # open, then the Completed section
    total = every.count()
    expect(count).to_contain_text(f"of {total}")
    tools.get_by_role("button", name="Today", exact=True).click()
    expect(tools.get_by_role("button", name="Today", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(tools.get_by_role("button", name="All", exact=True)).to_have_attribute("aria-pressed", "false")
    expect(titles).to_have_text([GARDEN])
    expect(count).to_contain_text("1 shown · ")
    expect(count).to_contain_text(f"of {total}")
    tools.get_by_role("button", name="Overdue", exact=True).click()
    expect(titles).to_have_text([PASSPORT])
    expect(count).to_contain_text("1 shown · ")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"planning-{size}-overdue-light.png")
    tools.get_by_role("button", name="All", exact=True).click()
    expect(every).to_have_count(total)

    page.get_by_label("Tag", exact=True).select_option("admin")
    expect(titles).to_have_text([PASSPORT, DENTIST])
    expect(count).to_contain_text("2 shown")
    tools.get_by_role("button", name="Today", exact=True).click()
    expect(page.get_by_text("No task matches these filters.")).to_be_visible()
    tools.get_by_role("button", name="All", exact=True).click()
    page.get_by_label("Tag", exact=True).select_option("")
    expect(every).to_have_count(total)

    page.get_by_label("Sort", exact=True).select_option("priority")
    expect(titles.nth(0)).to_have_text(DENTIST)
    expect(titles.nth(1)).to_have_text(PASSPORT)
    expect(titles.nth(2)).to_have_text(BUDGET)
    expect(titles.nth(3)).to_have_text(GARDEN)
    expect(every).to_have_count(total)
    assert layout_problems(page) == []

    SHOTS.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.screenshot(path=SHOTS / f"planning-{size}-{scheme}.png")
        assert serious_accessibility_problems(page) == [], scheme
    context.close()
