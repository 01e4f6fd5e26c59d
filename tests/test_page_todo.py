"""The page as a todo app, at a phone's, a tablet's and a desktop's width: quick add, details, Undo, the
Completed section, the connection notice, Stop, and drawers used from the keyboard."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from chatbot.app import create_app
from chatbot.config import Settings
from chatbot.serving import serve_in_thread
from tests.chromium import SHOTS, require_chromium, serious_accessibility_problems
from tests.conftest import SECRET, auth, fresh_database
from tests.helpers import wait_until

require_chromium()

from playwright.sync_api import expect  # noqa: E402  (only once a browser exists)

WIDTHS = {"phone": (360, 740), "tablet": (768, 1024), "desktop": (1280, 860)}


@pytest.fixture(scope="module")
def site(pg_uri, tmp_path_factory):
    with fresh_database(pg_uri) as url:
        settings = Settings(
            database_url=url,
            auth_secret=SECRET,
            data_dir=tmp_path_factory.mktemp("todo-page"),
            allowed_hosts=("127.0.0.1:*", "localhost:*"),
        )
        with serve_in_thread(create_app(settings)) as served:
            yield served


class Person:
    """One new user's window of the page, signed in as the page itself would be, with the REST API beside it."""

    def __init__(self, browser, site, size):
        self.user = f"page-{uuid.uuid4().hex[:8]}"
        self.size = size
        width, height = WIDTHS[size]
        phone = size == "phone"
        self.context = browser.new_context(
            viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone, timezone_id="UTC"
        )
        token = auth(self.user)["Authorization"].removeprefix("Bearer ")
        self.context.add_init_script(
            f"localStorage.setItem('token', {json.dumps(token)}); localStorage.setItem('user', {json.dumps(self.user)});"
        )
        self.page = self.context.new_page()
        self.http = httpx.Client(base_url=f"{site}/api/{self.user}", headers=auth(self.user), timeout=30)
        self.page.goto(f"{site}/app")
        expect(self.page.get_by_text("What needs doing?")).to_be_visible()

    def tasks(self) -> list[dict]:
        return self.http.get("/tasks").json()

    def show_tasks(self):
        """The task panel: beside the chat on a tablet or desktop, a drawer on a phone."""
        if self.size == "phone":
            self.page.locator("#show-tasks").click()
            expect(self.page.locator("#tasks")).to_be_in_viewport(ratio=1)

    def row(self, title):
        return self.page.locator("#tasks li", has=self.page.locator(".task-title", has_text=title))

    def close(self):
        self.http.close()
        self.context.close()


@pytest.fixture(params=list(WIDTHS))
def person(browser, site, request):
    who = Person(browser, site, request.param)
    yield who
    who.close()


def shoot(person, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    person.page.screenshot(path=SHOTS / f"todo-{name}-{person.size}.png")


def test_quick_add_shows_what_it_read_and_details_edit_a_task_in_place(person):
    page = person.page
    person.show_tasks()
    box = page.get_by_role("textbox", name="Add a task")
    box.fill("pay rent friday !high #home")
    reading = page.locator("#quick-add-reading")
    expect(reading).to_contain_text("Pay rent")  # shown before anything is sent
    expect(reading.locator(".priority")).to_have_text("priority high")
    expect(reading.locator(".tag")).to_have_text("#home")
    expect(reading.locator(".due")).not_to_be_empty()
    assert person.tasks() == []
    shoot(person, "quick-add")
    assert serious_accessibility_problems(page) == []
    box.press("Enter")
    expect(person.row("Pay rent")).to_be_visible()
    expect(box).to_have_value("")
    [made] = person.tasks()
    friday = datetime.now(UTC).date() + timedelta(days=(4 - datetime.now(UTC).weekday()) % 7 or 7)
    assert (made["title"], made["priority"], made["tags"]) == ("Pay rent", "high", ["home"])
    assert made["due_date"] in (str(friday), str(datetime.now(UTC).date()))  # "friday" said on a Friday may mean today

    box.fill("friday !low")  # plans with no title: nothing is added
    box.press("Enter")
    expect(reading).to_have_text("Say what the task is, too.")
    assert len(person.tasks()) == 1

    title = page.get_by_role("button", name="Pay rent", exact=True)
    title.click()  # a title opens its details, it never ticks the task
    expect(title).to_have_attribute("aria-expanded", "true")
    details = page.get_by_role("form", name="Details of Pay rent")
    details.get_by_label("Title").fill("Pay the rent")
    details.get_by_label("Notes").fill("to the landlord's new account")
    expect(details.get_by_label("Notes")).to_have_value("to the landlord's new account")
    details.get_by_label("Time").fill("09:30")
    details.get_by_label("Priority").select_option("urgent")
    details.get_by_label("Tags").fill("home bills")
    details.get_by_label("Repeat").select_option(label="Every month")
    assert serious_accessibility_problems(page) == []
    shoot(person, "details")
    details.get_by_role("button", name="Save").click()
    row = person.row("Pay the rent")
    expect(row.locator(".priority")).to_have_text("priority urgent")
    expect(row.locator(".tag")).to_have_text(["#home", "#bills"])
    expect(row.get_by_role("img", name="repeats monthly")).to_be_visible()
    [edited] = wait_until(lambda: [t for t in person.tasks() if t["description"]], timeout=5)
    assert (edited["title"], edited["description"], edited["due_time"]) == (
        "Pay the rent",
        "to the landlord's new account",
        "09:30",
    )
    assert (edited["priority"], edited["tags"], edited["recurrence"]) == ("urgent", ["home", "bills"], "FREQ=MONTHLY")
    assert edited["due_date"] == made["due_date"] and edited["completed"] is False

    # Details left open keep what is typed while another window changes the list.
    expect(page.locator("#task-list li")).to_have_count(1)
    page.get_by_role("button", name="Pay the rent", exact=True).click()
    typed = page.get_by_role("form", name="Details of Pay the rent").get_by_label("Title")
    typed.fill("Pay the rent early")
    expect(typed).to_have_value("Pay the rent early")
    person.http.post("/tasks", json={"title": "Water the ferns"})
    expect(person.row("Water the ferns")).to_be_visible(timeout=3000)
    expect(page.get_by_role("form", name="Details of Pay the rent").get_by_label("Title")).to_have_value("Pay the rent early")
    page.keyboard.press("Escape")  # closes the details, not the drawer, and changes nothing
    expect(page.get_by_role("form", name="Details of Pay the rent")).to_have_count(0)
    expect(page.get_by_role("textbox", name="Add a task")).to_be_visible()  # the task panel (a drawer on a phone) stays
    assert [t["title"] for t in person.tasks()] == ["Pay the rent", "Water the ferns"]


def test_typing_in_open_details_goes_on_while_other_changes_arrive(person):
    # A live change redrew the list, and the open details were taken out and put back: the field being typed in lost
    # its focus, and the next keys went nowhere (the page tests lost a filled field about one run in four).
    page = person.page
    assert person.http.post("/tasks", json={"title": "Water the ferns"}).status_code == 201
    person.show_tasks()
    page.get_by_role("button", name="Water the ferns", exact=True).click()
    notes = page.get_by_role("form", name="Details of Water the ferns").get_by_label("Notes")
    notes.click()
    page.keyboard.type("the big ")
    for n in range(3):  # changes made elsewhere, each redrawing the list around the open details
        assert person.http.post("/tasks", json={"title": f"Elsewhere {n}"}).status_code == 201
        expect(person.row(f"Elsewhere {n}")).to_be_visible()
    page.keyboard.type("one first")
    expect(notes).to_be_focused()
    expect(notes).to_have_value("the big one first")


@pytest.mark.parametrize("person", ["desktop"], indirect=True)
def test_a_list_read_before_a_tick_does_not_untick_it_when_it_arrives(person):
    # A live change elsewhere starts a list load; the person ticks a box before it answers. The load was read before
    # the tick was saved: drawn while the tick was on its way, it put the box back unticked.
    page = person.page
    assert person.http.post("/tasks", json={"title": "Feed the fish"}).status_code == 201
    person.show_tasks()
    box = page.get_by_role("checkbox", name="Feed the fish")
    expect(box).to_be_visible()
    loads, ticks = [], []

    def hold(route):
        if route.request.method == "GET" and not loads:
            loads.append((route, route.fetch()))  # read now, answered later
        elif route.request.method == "PATCH":
            ticks.append(route)  # the tick, held on its way
        else:
            route.continue_()

    page.route(re.compile(r".*/tasks(/\d+/complete|\?.*)?$"), hold)
    assert person.http.post("/tasks", json={"title": "Made elsewhere"}).status_code == 201
    wait_until(lambda: loads or page.evaluate("0"), timeout=5, what="a list load on its way")
    box.click()
    wait_until(lambda: ticks or page.evaluate("0"), timeout=5, what="the tick on its way")
    route, stale = loads[0]
    route.fulfill(response=stale)  # the list read before the tick arrives while the tick is on its way
    page.wait_for_timeout(200)
    expect(page.locator("#completed-list li", has_text="Feed the fish")).to_have_count(1)
    ticks[0].continue_()
    wait_until(lambda: [t["completed"] for t in person.tasks() if t["title"] == "Feed the fish"] == [True], timeout=5)
    expect(page.locator("#task-list li", has_text="Feed the fish")).to_have_count(0)


def test_ticking_and_deleting_act_at_once_and_can_be_undone(person):
    page = person.page
    person.http.post("/tasks", json={"title": "Return the library books", "priority": "low", "tags": ["errands"]})
    person.http.post("/tasks", json={"title": "Book the vet", "due": str(datetime.now(UTC).date()), "priority": "high"})
    person.http.post(
        "/tasks", json={"title": "Take out the bins", "due": str(datetime.now(UTC).date()), "recurrence": "FREQ=WEEKLY"}
    )
    person.show_tasks()
    expect(page.locator("#task-list li")).to_have_count(3)
    completed = page.locator("#completed")
    expect(completed).to_be_hidden()  # no done tasks: no section

    page.get_by_role("checkbox", name="Return the library books").click()
    expect(page.locator("#completed-list li")).to_have_count(1)  # moved to the Completed section, which stays shut
    expect(completed).to_be_visible()
    expect(completed).not_to_have_attribute("open", "")
    expect(page.locator("#completed-count")).to_have_text("1")
    expect(page.locator("#completed-list li").first).to_be_hidden()
    expect(page.locator("#toast")).to_contain_text("Completed “Return the library books”")
    shoot(person, "undo")
    assert serious_accessibility_problems(page) == []
    page.get_by_role("button", name="Undo").click()
    expect(page.locator("#task-list li")).to_have_count(3)
    expect(completed).to_be_hidden()
    assert all(not t["completed"] for t in person.tasks())

    # A repeating task's next occurrence goes again with the Undo.
    page.get_by_role("checkbox", name="Take out the bins").click()
    expect(page.locator("#task-list li", has_text="Take out the bins")).to_have_count(1)  # the next one
    page.get_by_role("button", name="Undo").click()
    expect(page.locator("#completed-list li")).to_have_count(0)
    bins = [t for t in person.tasks() if t["title"] == "Take out the bins"]
    assert len(bins) == 1 and not bins[0]["completed"]

    page.get_by_role("button", name="Delete task Book the vet").click()
    expect(person.row("Book the vet")).to_have_count(0)
    wait_until(lambda: "Book the vet" not in [t["title"] for t in person.tasks()], timeout=5)
    page.get_by_role("button", name="Undo").click()
    expect(person.row("Book the vet")).to_be_visible()
    [vet] = [t for t in person.tasks() if t["title"] == "Book the vet"]
    assert (vet["priority"], vet["due_date"]) == ("high", str(datetime.now(UTC).date()))

    # The Completed section opens and shuts, and a done task can be opened again from it.
    page.get_by_role("checkbox", name="Book the vet").click()
    expect(page.locator("#toast")).to_be_visible()
    page.locator("#completed summary").click()
    expect(completed).to_have_attribute("open", "")
    expect(page.locator("#completed-list li", has_text="Book the vet").get_by_role("checkbox")).to_be_checked()
    page.get_by_role("checkbox", name="Book the vet").click()
    expect(page.locator("#task-list li", has_text="Book the vet")).to_be_visible()
    wait_until(lambda: all(not t["completed"] for t in person.tasks()), timeout=5)


@pytest.mark.parametrize("person", ["desktop"], indirect=True)  # a timer: the same at every width
def test_the_offer_to_undo_goes_by_itself_and_changes_nothing(person):
    page = person.page
    person.http.post("/tasks", json={"title": "Return the library books"})
    person.show_tasks()
    page.get_by_role("checkbox", name="Return the library books").click()
    expect(page.locator("#toast")).to_contain_text("Completed “Return the library books”")
    expect(page.locator("#toast")).to_be_hidden(timeout=10000)  # the offer goes by itself, after 8 s
    assert [t["completed"] for t in person.tasks()] == [True]


@pytest.mark.parametrize("person", ["phone", "desktop"], indirect=True)
def test_one_notice_while_the_server_cannot_be_reached_and_it_clears_itself(person):
    page = person.page
    person.http.post("/tasks", json={"title": "Call the plumber"})
    person.show_tasks()
    expect(person.row("Call the plumber")).to_be_visible()
    person.context.set_offline(True)
    page.get_by_role("checkbox", name="Call the plumber").click()
    notice = page.get_by_role("status").filter(has_text="Can't reach the server")
    expect(notice).to_be_visible()
    expect(page.get_by_role("checkbox", name="Call the plumber")).not_to_be_checked()  # put back
    page.get_by_role("textbox", name="Add a task").fill("buy stamps")
    page.get_by_role("textbox", name="Add a task").press("Enter")
    expect(notice).to_have_count(1)  # however many requests fail, one notice and no red boxes
    expect(page.locator(".notice:visible")).to_have_count(0)
    shoot(person, "offline")

    person.context.set_offline(False)
    expect(notice).to_be_hidden(timeout=10000)  # it tries again by itself
    page.get_by_role("checkbox", name="Call the plumber").click()
    expect(page.locator("#completed-list li")).to_have_count(1)
    wait_until(lambda: person.tasks()[0]["completed"], timeout=5)


@pytest.mark.parametrize("person", ["desktop"], indirect=True)
def test_stop_ends_a_streaming_turn_and_the_next_message_can_be_typed_meanwhile(person):
    page = person.page
    # The next turn streams one tool call and then waits, as a slow model would, until it is stopped.
    page.evaluate("""() => {
        const real = window.fetch;
        window.fetch = (url, options = {}) => {
            if (!String(url).endsWith('/chat') || window.slowed) return real(url, options);
            window.slowed = true;
            const body = new ReadableStream({ start(controller) {
                controller.enqueue(new TextEncoder().encode('data: {"tool_call": {"name": "add_task", "arguments": {}}}\\n\\n'));
                options.signal.addEventListener('abort', () => controller.error(new DOMException('stopped', 'AbortError')));
            } });
            return Promise.resolve(new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }));
        };
    }""")
    box = page.get_by_label("Message")
    box.fill("add a task to call the council")
    box.press("Enter")
    stop = page.get_by_role("button", name="Stop")
    expect(stop).to_be_visible()
    expect(page.get_by_role("button", name="Send")).to_be_hidden()
    box.fill("add a task to email the council")  # typed while the turn streams
    box.press("Enter")  # waits: one turn at a time
    expect(box).to_have_value("add a task to email the council")
    stop.click()
    expect(page.locator(".bubble.assistant").last).to_contain_text("Stopped.")
    expect(page.locator(".bubble.failed")).to_have_count(0)
    expect(page.get_by_role("button", name="Send")).to_be_visible()
    box.press("Enter")
    expect(page.locator(".bubble.assistant").last).to_contain_text("Email the council")
    expect(page.locator("#messages")).to_have_attribute("aria-busy", "false")
    # The stopped turn never reached the server here, so the conversation is named by the one that did.
    expect(page).to_have_title("add a task to email the council · Todo chat")  # the tab names the conversation


@pytest.mark.parametrize("person", ["phone", "tablet"], indirect=True)
def test_drawers_work_from_the_keyboard_and_every_control_in_them_is_44_pixels(person):
    page = person.page
    person.http.post("/tasks", json={"title": "Fix the gate", "tags": ["home"]})
    drawers = ["conversations", "tasks"] if person.size == "phone" else ["conversations"]
    for panel in drawers:
        opener = page.locator(f"#show-{panel}")
        opener.focus()
        page.keyboard.press("Enter")
        drawer = page.locator(f"#{panel}")
        expect(drawer).to_be_in_viewport(ratio=1)
        expect(drawer.locator(".close-drawer")).to_be_focused()
        assert page.evaluate("document.querySelector('.chat').inert"), "the chat behind is out of reach"
        for key in ["Tab"] * 14 + ["Shift+Tab"] * 6:
            page.keyboard.press(key)
            inside = page.evaluate(f"document.getElementById('{panel}').contains(document.activeElement)")
            assert inside, f"{key} left the {panel} drawer"
        small = page.evaluate(f"""() => [...document.querySelectorAll('#{panel} button, #{panel} select, #{panel} input, #{panel} summary')]
            .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility === 'visible')
            .map((e) => e.type === 'checkbox' ? e.closest('label') : e)
            .map((e) => [e.id || e.className || e.textContent, e.getBoundingClientRect()])
            .filter(([, box]) => box.width < 44 || box.height < 44).map(([name, box]) => `${{name}} ${{box.width}}x${{box.height}}`)""")
        assert small == [], f"touch targets under 44 px in the {panel} drawer"
        assert serious_accessibility_problems(page) == []
        page.keyboard.press("Escape")
        expect(drawer).not_to_be_in_viewport()
        assert page.evaluate("document.activeElement.id") == f"show-{panel}", "focus goes back to the button"
        assert not page.evaluate("document.querySelector('.chat').inert")
    if person.size == "tablet":
        expect(page.locator("#tasks")).to_be_in_viewport()  # beside the chat, not a drawer
        expect(page.locator("#show-tasks")).to_be_hidden()
        shoot(person, "layout")


@pytest.mark.parametrize("person", ["phone", "desktop"], indirect=True)
def test_a_reminder_arrives_in_the_page_and_is_done_snoozed_or_opened_from_it(person):
    page = person.page
    person.context.grant_permissions(["notifications"])
    page.evaluate("""() => { window.notified = [];
        window.Notification = class { static permission = 'granted'; constructor(title) { window.notified.push(title); } }; }""")
    soon = lambda seconds: (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat()  # noqa: E731
    person.http.post("/tasks", json={"title": "Call mom", "due": str(datetime.now(UTC).date()), "remind_at": soon(600)})
    person.show_tasks()
    expect(person.row("Call mom").get_by_role("img", name="reminder")).to_be_visible()  # the bell
    if person.size == "phone":
        page.keyboard.press("Escape")

    [mom] = person.tasks()
    person.http.put(f"/tasks/{mom['id']}", json={"remind_at": soon(1)})
    notice = page.get_by_role("alert").filter(has_text="Call mom")
    expect(notice).to_be_visible(timeout=8000)
    assert page.evaluate("window.notified") == ["Call mom"]  # and outside the page, as allowed
    assert serious_accessibility_problems(page) == []
    shoot(person, "reminder")
    notice.get_by_role("button", name="Snooze Call mom for 10 minutes").click()
    expect(notice).to_be_hidden()
    in_five = datetime.now(UTC) + timedelta(minutes=5)
    [snoozed] = wait_until(lambda: [t for t in person.tasks() if datetime.fromisoformat(t["remind_at"]) > in_five], timeout=5)
    later = datetime.fromisoformat(snoozed["remind_at"]) - datetime.now(UTC)
    assert timedelta(minutes=9) < later <= timedelta(minutes=10) and snoozed["reminded_at"] is None

    person.http.put(f"/tasks/{mom['id']}", json={"remind_at": soon(1)})
    notice = page.get_by_role("alert").filter(has_text="Call mom")
    notice.get_by_role("button", name="Open Call mom").click(timeout=8000)
    details = page.get_by_role("form", name="Details of Call mom")
    expect(details).to_be_visible()
    details.get_by_label("Reminder").fill("2031-05-04T08:15")
    details.get_by_role("button", name="Save").click()
    expect(details).to_be_hidden()
    [set_again] = person.tasks()
    assert datetime.fromisoformat(set_again["remind_at"]) == datetime(2031, 5, 4, 8, 15, tzinfo=UTC)  # the browser is on UTC
    page.get_by_role("button", name="Call mom", exact=True).click()
    page.get_by_role("form", name="Details of Call mom").get_by_label("Reminder").fill("")
    page.get_by_role("form", name="Details of Call mom").get_by_role("button", name="Save").click()
    expect(person.row("Call mom").get_by_role("img", name="reminder")).to_have_count(0)
    assert person.tasks()[0]["remind_at"] is None

    person.http.put(f"/tasks/{mom['id']}", json={"remind_at": soon(1)})
    if person.size == "phone":
        page.keyboard.press("Escape")
    page.get_by_role("alert").filter(has_text="Call mom").get_by_role("button", name="Done: Call mom").click(timeout=8000)
    expect(page.locator("#completed-list li", has_text="Call mom")).to_have_count(1)
    assert person.tasks()[0]["completed"] is True
