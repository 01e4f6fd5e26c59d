// The task panel: quick add, the open list and a collapsed Completed section, details edited in place, and
// ticking and deleting that act at once and offer Undo for a few seconds.
import { Unreachable, api, userPath } from "./api.js";
import { $, NO_FILTER, browserTimezone, el, notify, state } from "./dom.js";
import { askToNotify } from "./reminders.js";

// The panel's filters map to the REST query: due=today|overdue, tag=..., sort=created|due|priority.
const filtering = () => Boolean(state.filter.due || state.filter.tag);
const UNDO_FOR = 8000; // ms an Undo stays offered
const NO_TASKS = "Nothing on your list. Add one above, or say “add a task to call the dentist”.";

function tasksQuery(filter) {
  const query = new URLSearchParams({ limit: "1000" });
  if (filter.due) query.set("due", filter.due);
  if (filter.due === "overdue") query.set("status", "pending"); // a task done late is not overdue
  if (filter.tag) query.set("tag", filter.tag);
  if (filter.sort !== "created") query.set("sort", filter.sort);
  return userPath(`/tasks?${query}`);
}

// All the user's tasks (for the tags and the counts) and, when a filter or sort is on, the page it asks for.
export async function refreshTasks() {
  const ticket = ++state.taskLoads;
  const filter = { ...state.filter };
  let all, shown;
  try {
    const plain = filter.due === "" && filter.tag === "" && filter.sort === "created";
    [all, shown] = await Promise.all([api(tasksQuery(NO_FILTER)), plain ? null : api(tasksQuery(filter))]);
    notify("tasks", null);
  } catch (problem) {
    if (ticket === state.taskLoads && !(problem instanceof Unreachable)) notify("tasks", `Couldn't load your tasks: ${problem.message}`);
    return;
  }
  if (ticket !== state.taskLoads) return; // a newer load (another filter, another turn) answers instead
  state.tasks = new Map(all.map((task) => [task.id, task]));
  drawTagChoices([...new Set(all.flatMap((task) => task.tags || []))].sort());
  drawTasks(shown || all);
}

function drawTasks(tasks) {
  const today = localToday();
  // A task whose details are open keeps its row as it is, so a change elsewhere never loses what is being typed.
  const open = $("tasks").querySelector("li.editing");
  const row = (task) => (open && Number(open.dataset.id) === task.id ? open : taskItem(task, today));
  placeRows($("task-list"), tasks.filter((task) => !task.completed).map(row), open);
  placeRows($("completed-list"), tasks.filter((task) => task.completed).map(row), open);
  countTasks();
}

export function forgetTasks() {
  Object.assign(state, { filter: { ...NO_FILTER }, tasks: new Map(), taskLoads: state.taskLoads + 1 });
  drawTagChoices([]); showFilter();
  $("task-list").replaceChildren(); $("completed-list").replaceChildren();
  hideToast(); countTasks();
}

// The rows put in order around the open one, which never leaves the page: taken out and put back, it would lose
// the focus of the field being typed in, and the next keys would go nowhere.
function placeRows(list, rows, open) {
  const at = open ? rows.indexOf(open) : -1;
  if (at < 0 || open.parentElement !== list) { list.replaceChildren(...rows); return; }
  for (const child of [...list.children]) if (child !== open) child.remove();
  open.before(...rows.slice(0, at));
  open.after(...rows.slice(at + 1));
}

function drawTagChoices(tags) {
  const select = $("task-tag");
  const chosen = state.filter.tag;
  if (chosen && !tags.includes(chosen)) tags = [chosen, ...tags];
  select.replaceChildren(el("option", { value: "", textContent: "All tags" }),
    ...tags.map((tag) => el("option", { value: tag, textContent: `#${tag}` })));
  select.value = chosen;
  select.disabled = tags.length === 0;
}

export function setFilter(change) {
  Object.assign(state.filter, change);
  showFilter();
  refreshTasks();
}

function showFilter() {
  for (const button of document.querySelectorAll("#task-tools [data-due]")) {
    button.setAttribute("aria-pressed", String(button.dataset.due === state.filter.due));
  }
  $("task-tag").value = state.filter.tag;
  $("task-sort").value = state.filter.sort;
}

// ---- one task: a box to tick, its title (which opens its details), its plan, and a delete button
function taskItem(task, today = localToday()) {
  const item = el("li", { className: task.completed ? "done" : "" });
  item.dataset.id = task.id;
  const titleId = `task-${task.id}-title`;
  // The box is named by the title; its label is only a larger place to tap.
  const box = el("input", { type: "checkbox", id: `task-${task.id}`, checked: task.completed });
  box.setAttribute("aria-labelledby", titleId);
  box.addEventListener("change", () => setDone(task, item, box));
  const tick = el("label", { className: "tick", htmlFor: box.id }, box);
  const title = el("button", { type: "button", className: "task-title", id: titleId, textContent: task.title });
  title.setAttribute("aria-expanded", "false");
  title.setAttribute("aria-controls", `task-${task.id}-details`);
  title.addEventListener("click", () => toggleDetails(task, item, title));
  const body = el("div", { className: "task-body" }, title);
  const meta = taskMeta(task, today);
  if (meta.childElementCount) {
    meta.id = `task-${task.id}-plan`;
    box.setAttribute("aria-describedby", meta.id);
    body.append(meta);
    item.classList.add("planned");
  }
  const remove = el("button", { type: "button", className: "remove small", textContent: "✕" });
  remove.setAttribute("aria-label", `Delete task ${task.title}`);
  remove.addEventListener("click", () => removeTask(task, item));
  item.append(tick, body, remove);
  return item;
}

// The plan under a title: when it is due, how urgent, whether it repeats, its tags.
function taskMeta(task, today) {
  const meta = el("div", { className: "task-meta" });
  if (task.due_date) {
    const late = !task.completed && task.due_date < today;
    const now = !task.completed && task.due_date === today;
    const due = el("span", { className: `due${late ? " overdue" : ""}${now ? " today" : ""}` });
    if (late) due.append(el("span", { className: "late", textContent: "overdue" }), " ");
    else due.append(el("span", { className: "visually-hidden", textContent: "due " }));
    due.append(el("time", { dateTime: task.due_date + (task.due_time ? `T${task.due_time}` : ""), textContent: dueText(task, today) }));
    meta.append(due);
  }
  if (task.priority && task.priority !== "none") {
    const chip = el("span", { className: `priority ${task.priority}`, title: `Priority: ${task.priority}` },
      el("span", { className: "visually-hidden", textContent: "priority " }), task.priority);
    meta.append(chip);
  }
  if (task.recurrence) {
    const how = repeatText(task.recurrence);
    const mark = el("span", { className: "repeat", textContent: "↻", title: `repeats ${how}`.trim() });
    mark.setAttribute("role", "img");
    mark.setAttribute("aria-label", mark.title);
    meta.append(mark);
  }
  for (const tag of task.tags || []) meta.append(el("span", { className: "tag", textContent: `#${tag}` }));
  if (task.remind_at && !task.reminded_at && !task.completed) {
    const at = new Date(task.remind_at);
    const said = `${dueText({ due_date: localDay(at), due_time: localClock(at) }, today)}`;
    const bell = el("span", { className: "remind", textContent: `🔔 ${said}`, title: `reminder ${said}` });
    bell.setAttribute("role", "img");
    bell.setAttribute("aria-label", `reminder ${said}`);
    meta.append(bell);
  }
  return meta;
}

const pad = (n) => String(n).padStart(2, "0");
const localDay = (at) => `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
const localClock = (at) => `${pad(at.getHours())}:${pad(at.getMinutes())}`;

// "tomorrow 17:00": when a task is due, as the list says it.
export const whenText = (task) => dueText(task, localToday());

// A task's details opened from elsewhere (a reminder's Open): its panel shown, its row in view.
export async function openTask(id) {
  document.dispatchEvent(new Event("show-tasks"));
  let item = $("tasks").querySelector(`li[data-id="${id}"]`);
  if (!item) { await refreshTasks(); item = $("tasks").querySelector(`li[data-id="${id}"]`); }
  if (!item) return;
  if (item.closest("#completed")) $("completed").open = true;
  if (!item.querySelector(".details")) item.querySelector(".task-title").click();
  item.scrollIntoView({ block: "nearest" });
}

// The browser's own date, as the API writes due dates: "YYYY-MM-DD".
const localToday = () => localDay(new Date());

// "today", "tomorrow", "yesterday", "Fri" (within the coming 6 days), "12 Dec", "12 Dec 2027"; then " 17:00".
function dueText(task, today) {
  const [y, m, d] = task.due_date.split("-").map(Number);
  const [ty, tm, td] = today.split("-").map(Number);
  const due = new Date(y, m - 1, d);
  const days = Math.round((due - new Date(ty, tm - 1, td)) / 86400000);
  let text;
  if (days === 0) text = "today";
  else if (days === 1) text = "tomorrow";
  else if (days === -1) text = "yesterday";
  else if (days > 1 && days <= 6) text = due.toLocaleDateString([], { weekday: "short" });
  else {
    text = `${d} ${due.toLocaleDateString([], { month: "short" })}`;
    if (y !== ty) text += ` ${y}`;
  }
  return task.due_time ? `${text} ${task.due_time}` : text;
}

const FREQUENCIES = { DAILY: ["daily", "days"], WEEKLY: ["weekly", "weeks"], MONTHLY: ["monthly", "months"], YEARLY: ["yearly", "years"] };
const WEEKDAYS = { MO: "Mon", TU: "Tue", WE: "Wed", TH: "Thu", FR: "Fri", SA: "Sat", SU: "Sun" };

// "FREQ=WEEKLY;BYDAY=MO,TH" as "weekly on Mon, Thu"; "FREQ=DAILY;INTERVAL=2" as "every 2 days".
function repeatText(rule) {
  const parts = Object.fromEntries(rule.split(";").map((part) => part.split("=")));
  const [every, unit] = FREQUENCIES[parts.FREQ] || ["", ""];
  const interval = Number(parts.INTERVAL || 1);
  let text = interval > 1 && unit ? `every ${interval} ${unit}` : every;
  if (parts.BYDAY) text += ` on ${parts.BYDAY.split(",").map((day) => WEEKDAYS[day] || day).join(", ")}`;
  if (parts.BYMONTHDAY) text += ` on day ${parts.BYMONTHDAY}`;
  return text.trim();
}

// The count and the badge are of all tasks; with a filter on, the count says how many of them show.
function countTasks() {
  const open = $("task-list").children.length;
  const done = $("completed-list").children.length;
  const total = state.tasks.size;
  const openTotal = [...state.tasks.values()].filter((task) => !task.completed).length;
  const none = $("no-tasks");
  none.hidden = open + done > 0;
  none.textContent = total ? "No task matches these filters." : NO_TASKS;
  $("completed").hidden = done === 0;
  $("completed-count").textContent = String(done);
  $("task-tools").hidden = total === 0 && !filtering() && state.filter.sort === "created";
  const all = total ? `${openTotal} open of ${total}` : "";
  $("task-count").textContent = filtering() ? `${open + done} shown · ${all}` : all;
  $("task-badge").textContent = openTotal ? String(openTotal) : "";
}

// ---- ticking and deleting: shown at once, put back with a message if the server says no, and undoable
// A change made here outdates any list load already on its way: that load was read before the change was saved, and
// drawn, it would undo on screen what was just done (the box ticked, then unticked by the stale list).
function outdateLoads() {
  state.taskLoads += 1;
}

async function setDone(task, item, box) {
  outdateLoads();
  const done = box.checked;
  const [list, next] = [item.parentNode, item.nextSibling];
  item.classList.toggle("done", done);
  // The row moves to its section at once; the next load puts it in its place there.
  (done ? $("completed-list") : $("task-list")).prepend(item);
  remember(task, { completed: done });
  try {
    await api(userPath(`/tasks/${task.id}/complete`), { method: "PATCH", body: { completed: done } });
    notify("tasks", null);
  } catch (problem) {
    box.checked = !done; item.classList.toggle("done", !done);
    list.insertBefore(item, next && next.parentNode === list ? next : null);
    remember(task, { completed: !done });
    if (!(problem instanceof Unreachable)) notify("tasks", `Couldn't ${done ? "tick" : "untick"} “${task.title}”: ${problem.message}`);
    return;
  }
  if (done) {
    offerUndo(`Completed “${task.title}”`, () => api(userPath(`/tasks/${task.id}/complete`), { method: "PATCH", body: { completed: false } }));
  }
  refreshTasks(); // a repeating task's next occurrence is on the list now
}

function remember(task, change) {
  if (state.tasks.has(task.id)) state.tasks.set(task.id, { ...state.tasks.get(task.id), ...change });
  countTasks();
}

async function removeTask(task, item) {
  outdateLoads();
  const list = item.parentNode;
  const next = item.nextSibling;
  const had = state.tasks.get(task.id);
  item.remove(); state.tasks.delete(task.id); countTasks();
  try {
    await api(userPath(`/tasks/${task.id}`), { method: "DELETE" });
    notify("tasks", null);
  } catch (problem) {
    list.insertBefore(item, next && next.parentNode === list ? next : null);
    if (had) state.tasks.set(task.id, had);
    countTasks();
    if (!(problem instanceof Unreachable)) notify("tasks", `Couldn't delete “${task.title}”: ${problem.message}`);
    return;
  }
  offerUndo(`Deleted “${task.title}”`, () => restore(had || task));
  refreshTasks(); // what changed elsewhere meanwhile (a load on its way was dropped)
}

// A deleted task made again as it was (with a new id); a done one is made done without a next occurrence.
async function restore(task) {
  const fields = ["title", "description", "due_date", "due_time", "priority", "tags"];
  const again = Object.fromEntries(fields.map((name) => [name, task[name]]));
  if (!task.completed) again.recurrence = task.recurrence;
  const made = await api(userPath("/tasks"), { method: "POST", body: again });
  if (task.completed) {
    await api(userPath(`/tasks/${made.id}`), { method: "PUT", body: { completed: true, recurrence: task.recurrence } });
  }
}

// One offer at a time, in one place: a newer one takes the older's place.
function offerUndo(text, undo) {
  const toast = $("toast");
  clearTimeout(state.toastTimer);
  const button = el("button", { type: "button", className: "small", textContent: "Undo" });
  button.addEventListener("click", async () => {
    hideToast();
    try {
      await undo();
      notify("tasks", null);
    } catch (problem) {
      if (!(problem instanceof Unreachable)) notify("tasks", `Couldn't undo that: ${problem.message}`);
    }
    refreshTasks();
  });
  toast.replaceChildren(el("span", { textContent: text }), button);
  toast.hidden = false;
  state.toastTimer = setTimeout(hideToast, UNDO_FOR);
}

function hideToast() {
  clearTimeout(state.toastTimer);
  $("toast").hidden = true;
  $("toast").replaceChildren();
}

// ---- details: a task's fields edited in place, saved with one PUT of what changed
const REPEATS = [
  ["", "Doesn't repeat"],
  ["FREQ=DAILY", "Every day"],
  ["FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "Every weekday"],
  ["FREQ=WEEKLY", "Every week"],
  ["FREQ=MONTHLY", "Every month"],
  ["FREQ=YEARLY", "Every year"],
];
const PRIORITIES = ["none", "low", "medium", "high", "urgent"];

function toggleDetails(task, item, title) {
  const shown = item.querySelector(".details");
  if (shown) { closeDetails(item, title); return; }
  const form = detailsForm(state.tasks.get(task.id) || task, item, title);
  item.append(form);
  item.classList.add("editing");
  title.setAttribute("aria-expanded", "true");
  form.querySelector("input").focus();
}

function closeDetails(item, title) {
  item.querySelector(".details")?.remove();
  item.classList.remove("editing");
  title.setAttribute("aria-expanded", "false");
  title.focus();
}

function field(label, control) {
  return el("label", { className: "detail" }, el("span", { textContent: label }), control);
}

function detailsForm(task, item, title) {
  const id = `task-${task.id}-details`;
  const name = el("input", { name: "title", value: task.title, required: true, maxLength: 500, autocomplete: "off" });
  const notes = el("textarea", { name: "description", value: task.description || "", rows: 2 });
  const day = el("input", { name: "due_date", type: "date", value: task.due_date || "" });
  const time = el("input", { name: "due_time", type: "time", value: task.due_time || "" });
  const priority = el("select", { name: "priority" }, ...PRIORITIES.map((p) => el("option", { value: p, textContent: p === "none" ? "None" : p[0].toUpperCase() + p.slice(1) })));
  priority.value = task.priority || "none";
  const tags = el("input", { name: "tags", value: (task.tags || []).join(" "), autocomplete: "off", placeholder: "home work" });
  const repeats = REPEATS.some(([rule]) => rule === (task.recurrence || "")) ? REPEATS : [...REPEATS, [task.recurrence, repeatText(task.recurrence)]];
  const repeat = el("select", { name: "recurrence" }, ...repeats.map(([rule, text]) => el("option", { value: rule, textContent: text })));
  repeat.value = task.recurrence || "";
  // The browser's clock time; sent as an exact moment (UTC), so the server needs no guess at the zone.
  const armed = task.remind_at ? new Date(task.remind_at) : null;
  const reminder = el("input", { name: "remind_at", type: "datetime-local", value: armed ? `${localDay(armed)}T${localClock(armed)}` : "" });
  const problem = el("p", { className: "error", role: "alert", hidden: true });
  const save = el("button", { type: "submit", className: "primary small", textContent: "Save" });
  const cancel = el("button", { type: "button", className: "small", textContent: "Cancel" });
  const form = el("form", { className: "details", id },
    field("Title", name), field("Notes", notes), field("Due date", day), field("Time", time), field("Priority", priority),
    field("Repeat", repeat), field("Tags", tags), field("Reminder", reminder), problem, el("div", { className: "row" }, save, cancel));
  form.setAttribute("aria-label", `Details of ${task.title}`);
  cancel.addEventListener("click", () => closeDetails(item, title));
  form.addEventListener("keydown", (e) => { if (e.key === "Escape") { e.stopPropagation(); closeDetails(item, title); } });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const written = {
      title: name.value.trim(),
      description: notes.value.trim() || null,
      due_date: day.value || null,
      due_time: day.value && time.value ? time.value : null,
      priority: priority.value,
      tags: tags.value.split(/[\s,#]+/).map((tag) => tag.trim().toLowerCase()).filter(Boolean),
      recurrence: repeat.value || null,
    };
    const shown = armed ? `${localDay(armed)}T${localClock(armed)}` : "";
    // Only what changed is sent, so an edit here never undoes a change made meanwhile elsewhere.
    const changes = Object.fromEntries(Object.entries(written).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(task[key] ?? (key === "tags" ? [] : null))));
    if ("due_date" in changes || "due_time" in changes) Object.assign(changes, { due_date: written.due_date, due_time: written.due_time });
    if (reminder.value !== shown) {
      changes.remind_at = reminder.value ? new Date(reminder.value).toISOString() : null;
      if (reminder.value) askToNotify(); // asked while the person is setting one, when it makes sense to them
    }
    if (!Object.keys(changes).length) { closeDetails(item, title); return; }
    if (time.value && !day.value) { problem.textContent = "A time needs a due date."; problem.hidden = false; return; }
    try {
      await api(userPath(`/tasks/${task.id}`), { method: "PUT", body: changes });
    } catch (failure) {
      problem.textContent = failure.message; problem.hidden = false;
      return;
    }
    closeDetails(item, title);
    refreshTasks();
  });
  return form;
}

// ---- quick add: the engine reads the line as it is typed, the reading shows, Enter adds what it shows
let reading = { text: null, draft: null, waiting: null };

function draftPath(text) {
  const query = new URLSearchParams({ text });
  const zone = browserTimezone();
  if (zone && !state.zoneRefused) query.set("timezone", zone);
  return userPath(`/tasks/draft?${query}`);
}

async function readLine(text) {
  if (reading.text === text && reading.draft) return reading.draft;
  const draft = await api(draftPath(text));
  reading = { text, draft, waiting: null };
  return draft;
}

function showReading(draft) {
  const shown = $("quick-add-reading");
  if (!draft) { shown.replaceChildren(); return; }
  if (!draft.title) { shown.replaceChildren("Say what the task is, too."); return; }
  const task = { ...draft, completed: false };
  const meta = taskMeta(task, localToday());
  shown.replaceChildren(el("span", { className: "visually-hidden", textContent: "Will add: " }), el("strong", { textContent: draft.title }), meta);
}

export function wireQuickAdd() {
  const input = $("quick-add-input");
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (!text) { showReading(null); return; }
    timer = setTimeout(async () => {
      try { if (input.value.trim() === text) showReading(await readLine(text)); } catch { /* shown when it is sent */ }
    }, 200);
  });
  $("quick-add").addEventListener("submit", async (e) => {
    e.preventDefault();
    clearTimeout(timer);
    const text = input.value.trim();
    if (!text) return;
    let draft;
    try {
      draft = await readLine(text);
      showReading(draft);
      if (!draft.title) return;
      await api(userPath("/tasks"), { method: "POST", body: draft });
      notify("tasks", null);
    } catch (problem) {
      if (!(problem instanceof Unreachable)) notify("tasks", `Couldn't add “${text}”: ${problem.message}`);
      return;
    }
    if (input.value.trim() === text) { input.value = ""; showReading(null); }
    refreshTasks();
  });
}
