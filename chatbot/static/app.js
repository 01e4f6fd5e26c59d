// The chat page: vanilla JavaScript, no build step. Talks to the same REST and SSE API as any client.
"use strict";

const $ = (id) => document.getElementById(id);
// localStorage, so that a link to a conversation opens in another tab of the same browser.
const state = {
  token: localStorage.getItem("token"), user: localStorage.getItem("user"), name: localStorage.getItem("name"),
  conversation: null, conversations: [], busy: false,
  // The task panel: its filter, every task's id and whether it is done (for the counts), the newest load.
  filter: { due: "", tag: "", sort: "created" }, taskDone: new Map(), taskLoads: 0, zoneRefused: false,
};
const SEARCH_FROM = 10; // conversations before the search box appears

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child);
  return node;
}

const userPath = (rest) => `/api/${encodeURIComponent(state.user)}${rest}`;

// Every request goes through here: the token, JSON bodies, the error's own message, and a 401 signs out.
async function api(path, { method = "GET", body, stream = false, headers: extra = {}, signal } = {}) {
  const headers = { ...extra };
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (stream) headers.Accept = "text/event-stream";
  let response;
  try {
    response = await fetch(path, { method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new Error("The server could not be reached; check your connection.");
  }
  if (response.status === 401 && state.token) { signOut(); throw new Error("Your session ended; please sign in again."); }
  if (!response.ok) throw new Error(await errorText(response));
  if (stream) return response;
  return response.status === 204 ? null : response.json();
}

async function errorText(response) {
  try { return (await response.json()).error.message; } catch { return `The server answered ${response.status}.`; }
}

// A message shown where the user is looking (a panel, or above the composer), until the next success there.
function notify(where, message) {
  const box = $(`${where}-error`);
  box.textContent = message || "";
  box.hidden = !message;
}

// ---- signing in
function show(signedIn) {
  $("sign-in").hidden = signedIn;
  $("workspace").hidden = !signedIn;
  $("who").hidden = !signedIn;
  for (const id of ["show-conversations", "show-tasks"]) $(id).hidden = !signedIn;
  if (signedIn) {
    for (const id of ["who-name", "account-name"]) $(id).textContent = state.name || state.user;
    refreshConversations(); refreshTasks(); followLocation(); followEvents();
    $("composer-input").focus();
  } else {
    $("email").focus();
  }
}

function signedIn({ user_id, token }, name = user_id) {
  Object.assign(state, { user: user_id, token, name, conversation: null });
  localStorage.setItem("token", token); localStorage.setItem("user", user_id); localStorage.setItem("name", name);
  show(true);
}

function signOut() {
  state.events?.abort();
  for (const key of ["token", "user", "name"]) localStorage.removeItem(key);
  Object.assign(state, { user: null, token: null, name: null, conversation: null, conversations: [] });
  // The task panel forgets the filter and the list, and a load still under way draws nothing.
  Object.assign(state, { filter: { ...NO_FILTER }, taskDone: new Map(), taskLoads: state.taskLoads + 1 });
  drawTagChoices([]); showFilter(); $("task-list").replaceChildren(); countTasks();
  clearMessages();
  show(false);
}

async function credentialsSubmit(path) {
  const error = $("sign-in-error");
  error.hidden = true;
  try {
    const email = $("email").value.trim();
    signedIn(await api(path, { method: "POST", body: { email, password: $("password").value } }), email.toLowerCase());
    $("password").value = "";
  } catch (problem) {
    error.textContent = problem.message; error.hidden = false;
  }
}

async function loadOptions() {
  try {
    const options = await api("/api/auth/options");
    $("demo-box").hidden = !options.demo;
    $("sign-in-form").hidden = !options.local_accounts;
    $("no-accounts").hidden = options.local_accounts || options.demo;
  } catch { /* the form stays as it is */ }
}

// ---- the address: /app#c=12 is conversation 12; back and forward move between conversations
function conversationInLocation() {
  const match = /^#c=(\d+)$/.exec(location.hash);
  return match ? Number(match[1]) : null;
}

function setLocation(id, { replace = false } = {}) {
  const hash = id === null ? "" : `#c=${id}`;
  if (location.hash === hash || (!hash && !location.hash)) return;
  history[replace ? "replaceState" : "pushState"](null, "", `${location.pathname}${location.search}${hash}`);
}

function followLocation() {
  if (!state.token) return;
  const id = conversationInLocation();
  if (id === state.conversation) return;
  if (id === null) startConversation({ remember: false });
  else openConversation(id, { remember: false });
}

// ---- conversations
async function refreshConversations() {
  try {
    state.conversations = await api(userPath("/conversations"));
    notify("conversations", null);
  } catch (problem) {
    notify("conversations", `Couldn't load your conversations: ${problem.message}`);
    return;
  }
  drawConversations();
}

function drawConversations() {
  const all = state.conversations;
  const searchBox = $("conversation-search-box");
  searchBox.hidden = all.length <= SEARCH_FROM;
  const words = searchBox.hidden ? "" : $("conversation-search").value.trim().toLowerCase();
  const shown = words ? all.filter((c) => (c.title || "").toLowerCase().includes(words)) : all;
  $("conversation-list").replaceChildren(...shown.map(conversationItem));
  const none = $("no-conversations");
  none.hidden = shown.length > 0;
  none.textContent = all.length ? "No conversation matches that." : "No conversations yet: your chats appear here.";
}

function conversationItem(c) {
  const title = c.title || `Conversation ${c.id}`;
  const when = relativeTime(c.updated_at);
  const open = el("button", { type: "button", className: "open", title },
    el("span", { className: "title", textContent: title }),
    el("time", { className: "when", dateTime: c.updated_at, textContent: when }));
  open.addEventListener("click", () => { openConversation(c.id); closeDrawers(); });
  const remove = el("button", { type: "button", className: "remove small", textContent: "✕" });
  remove.setAttribute("aria-label", `Delete conversation: ${title} (${when})`);
  remove.addEventListener("click", () => deleteConversation(c.id));
  const item = el("li", { className: c.id === state.conversation ? "current" : "" }, open, remove);
  if (c.id === state.conversation) open.setAttribute("aria-current", "page");
  return item;
}

// "today 14:05", "yesterday 09:12", "Mon 18:30", "12 Nov", "12 Nov 2025": enough to tell two alike titles apart.
function relativeTime(iso) {
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return "";
  const now = new Date();
  const clock = then.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const days = Math.floor((midnight - new Date(then.getFullYear(), then.getMonth(), then.getDate())) / 86400000);
  if (days <= 0) return `today ${clock}`;
  if (days === 1) return `yesterday ${clock}`;
  if (days < 7) return `${then.toLocaleDateString([], { weekday: "short" })} ${clock}`;
  const sameYear = then.getFullYear() === now.getFullYear();
  return then.toLocaleDateString([], sameYear ? { day: "numeric", month: "short" } : { day: "numeric", month: "short", year: "numeric" });
}

// A conversation's messages come a page at a time, newest first; "Show earlier messages" fetches the page before.
const MESSAGE_PAGE = 200;

async function openConversation(id, { remember = true } = {}) {
  let messages;
  try {
    messages = await api(userPath(`/conversations/${id}/messages?limit=${MESSAGE_PAGE}`));
  } catch (problem) {
    notify("chat", `Couldn't open that conversation: ${problem.message}`);
    if (!remember) { state.conversation = null; setLocation(null, { replace: true }); clearMessages(); }
    return;
  }
  notify("chat", null);
  state.conversation = id;
  if (remember) setLocation(id);
  clearMessages(messages.length > 0);
  state.history = messages;
  drawHistory(messages);
  drawConversations();
  $("composer-input").focus();
}

async function showEarlier() {
  const id = state.conversation;
  let older;
  try {
    older = await api(userPath(`/conversations/${id}/messages?limit=${MESSAGE_PAGE}&before=${state.history[0].id}`));
  } catch (problem) {
    notify("chat", `Couldn't load earlier messages: ${problem.message}`);
    return;
  }
  if (id !== state.conversation) return;
  state.history = older.concat(state.history);
  clearMessages(true);
  drawHistory(state.history, { atEnd: false, more: older.length === MESSAGE_PAGE });
}

function drawHistory(messages, { atEnd = true, more = messages.length === MESSAGE_PAGE } = {}) {
  if (more) {
    const earlier = el("button", { type: "button", className: "small", textContent: "Show earlier messages" });
    earlier.addEventListener("click", showEarlier);
    $("messages").append(el("li", { className: "earlier" }, earlier));
  }
  const names = {};
  let chips = null;
  for (const message of messages) {
    if (message.role === "user") { addBubble("user").textContent = message.content; chips = null; continue; }
    if (message.role === "assistant") {
      for (const call of message.tool_calls || []) names[call.id] = call.function.name;
      if (message.tool_calls && message.tool_calls.length) continue;
      const bubble = addBubble("assistant");
      bubble.append(chips || el("div", { className: "chips" }), renderReply(message.content || ""));
      chips = null;
      continue;
    }
    // A tool message is a JSON result, or "Error: ..." for a failed call (chatbot/model.py writes both).
    let result; try { result = JSON.parse(message.content); } catch { result = { error: message.content.replace(/^Error:\s*/, "") }; }
    chips = chips || el("div", { className: "chips" });
    chips.append(chip(names[message.tool_call_id], result));
  }
  if (atEnd) scrollToEnd(); else $("messages").scrollTop = 0;
}

function startConversation({ remember = true } = {}) {
  state.conversation = null;
  if (remember) setLocation(null);
  notify("chat", null);
  clearMessages();
  drawConversations();
  $("composer-input").focus();
}

async function deleteConversation(id) {
  try {
    await api(userPath(`/conversations/${id}`), { method: "DELETE" });
    notify("conversations", null);
  } catch (problem) {
    notify("conversations", `Couldn't delete that conversation: ${problem.message}`);
    return;
  }
  if (state.conversation === id) startConversation();
  refreshConversations();
}

// ---- tasks: ticking and deleting show at once, and are put back with a message if the server says no
// The panel's filters map to the REST query: due=today|overdue, tag=..., sort=created|due|priority.
const NO_FILTER = { due: "", tag: "", sort: "created" };

const filtering = () => Boolean(state.filter.due || state.filter.tag);

function tasksQuery(filter) {
  const query = new URLSearchParams({ limit: "200" });
  if (filter.due) query.set("due", filter.due);
  if (filter.due === "overdue") query.set("status", "pending"); // a task done late is not overdue
  if (filter.tag) query.set("tag", filter.tag);
  if (filter.sort !== "created") query.set("sort", filter.sort);
  return userPath(`/tasks?${query}`);
}

// All the user's tasks (for the tags and the counts) and, when a filter or sort is on, the page it asks for.
// ---- live: the list follows every change, from this window, another, an MCP client or the REST API.
// (EventSource cannot send the bearer token, so the stream is read with fetch.)
async function followEvents() {
  state.events?.abort();
  const stop = new AbortController();
  state.events = stop;
  let lastId = null, wait = 1000, redraw = null;
  while (!stop.signal.aborted && state.token) {
    try {
      const headers = lastId === null ? {} : { "Last-Event-ID": lastId };
      const response = await api(userPath("/events"), { stream: true, headers, signal: stop.signal });
      wait = 1000;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const lines = buffer.split("\n");
        buffer = lines.pop();
        for (const line of lines) {
          if (line.startsWith("id: ")) lastId = line.slice(4);
          if (line.startsWith("data: ")) {
            clearTimeout(redraw);
            redraw = setTimeout(refreshTasks, 150); // one redraw for a burst of changes
          }
        }
      }
    } catch {
      if (stop.signal.aborted) return;
    }
    await new Promise((resume) => setTimeout(resume, wait));
    wait = Math.min(wait * 2, 30000);
  }
}

async function refreshTasks() {
  const ticket = ++state.taskLoads;
  const filter = { ...state.filter };
  let all, shown;
  try {
    const plain = filter.due === "" && filter.tag === "" && filter.sort === "created";
    [all, shown] = await Promise.all([api(tasksQuery(NO_FILTER)), plain ? null : api(tasksQuery(filter))]);
    notify("tasks", null);
  } catch (problem) {
    if (ticket === state.taskLoads) notify("tasks", `Couldn't load your tasks: ${problem.message}`);
    return;
  }
  if (ticket !== state.taskLoads) return; // a newer load (another filter, another turn) answers instead
  state.taskDone = new Map(all.map((task) => [task.id, task.completed]));
  drawTagChoices([...new Set(all.flatMap((task) => task.tags || []))].sort());
  const today = localToday();
  $("task-list").replaceChildren(...(shown || all).map((task) => taskItem(task, today)));
  countTasks();
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

function setFilter(change) {
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

function taskItem(task, today = localToday()) {
  const item = el("li", { className: task.completed ? "done" : "" });
  item.dataset.id = task.id;
  const box = el("input", { type: "checkbox", id: `task-${task.id}`, checked: task.completed });
  box.addEventListener("change", () => setDone(task, item, box));
  const label = el("label", { htmlFor: `task-${task.id}` },
    el("span", { className: "task-id", textContent: `#${task.id}` }), el("span", { className: "task-title", textContent: task.title }));
  const body = el("div", { className: "task-body" }, label);
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
  item.append(box, body, remove);
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
  return meta;
}

// The browser's own date, as the API writes due dates: "YYYY-MM-DD".
function localToday(now = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

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
  const shown = $("task-list").children.length;
  const total = state.taskDone.size;
  const open = [...state.taskDone.values()].filter((done) => !done).length;
  const none = $("no-tasks");
  none.hidden = shown > 0;
  none.textContent = total ? "No task matches these filters." : "Nothing on your list. Try “add a task to call the dentist”.";
  $("task-tools").hidden = total === 0 && !filtering() && state.filter.sort === "created";
  const all = total ? `${open} open of ${total}` : "";
  $("task-count").textContent = filtering() ? `${shown} shown · ${all}` : all;
  $("task-badge").textContent = open ? String(open) : "";
}

async function setDone(task, item, box) {
  const done = box.checked;
  const mark = (value) => {
    item.classList.toggle("done", value);
    if (state.taskDone.has(task.id)) state.taskDone.set(task.id, value);
    countTasks();
  };
  mark(done);
  try {
    await api(userPath(`/tasks/${task.id}/complete`), { method: "PATCH", body: { completed: done } });
    notify("tasks", null);
  } catch (problem) {
    box.checked = !done; mark(!done);
    notify("tasks", `Couldn't ${done ? "tick" : "untick"} “${task.title}”: ${problem.message}`);
    return;
  }
  if (done && task.recurrence) refreshTasks(); // the next occurrence is on the list now
}

async function removeTask(task, item) {
  const list = $("task-list");
  const next = item.nextSibling;
  const had = state.taskDone.has(task.id);
  const wasDone = state.taskDone.get(task.id);
  item.remove(); state.taskDone.delete(task.id); countTasks();
  try {
    await api(userPath(`/tasks/${task.id}`), { method: "DELETE" });
    notify("tasks", null);
  } catch (problem) {
    list.insertBefore(item, next && next.parentNode === list ? next : null);
    if (had) state.taskDone.set(task.id, wasDone);
    countTasks();
    notify("tasks", `Couldn't delete “${task.title}”: ${problem.message}`);
  }
}

// ---- drawers (narrow screens): conversations from the left, tasks from the right
function openDrawer(id) {
  closeDrawers();
  $(id).classList.add("open");
  $(`show-${id}`).setAttribute("aria-expanded", "true");
  $("scrim").hidden = false;
  $(id).querySelector(".close-drawer").focus();
}

function closeDrawers() {
  const wasOpen = document.querySelector(".drawer.open");
  for (const id of ["conversations", "tasks"]) {
    $(id).classList.remove("open");
    $(`show-${id}`).setAttribute("aria-expanded", "false");
  }
  $("scrim").hidden = true;
  if (wasOpen && wasOpen.contains(document.activeElement)) $(`show-${wasOpen.id}`).focus();
}

// ---- chatting
// Each works for a new user in this order: one adds a task, one lists it, one ticks it off by its words.
const SUGGESTIONS = ["add a task to buy milk", "what's pending?", "I bought the milk"];

function clearMessages(keepEmpty = false) {
  if (keepEmpty) { $("messages").replaceChildren(); return; }
  const suggestions = SUGGESTIONS.map((text) => {
    const button = el("button", { type: "button", textContent: text });
    button.addEventListener("click", () => { $("composer-input").value = text; $("composer-input").focus(); });
    return button;
  });
  $("messages").replaceChildren(el("li", { className: "welcome", id: "messages-empty" },
    el("h3", { textContent: "What needs doing?" }),
    el("p", { textContent: "Tell me in your own words: add, list, tick off, rename or delete tasks. For example:" }),
    el("div", { className: "suggestions" }, ...suggestions)));
}

function addBubble(role) {
  $("messages-empty")?.remove();
  const bubble = el("li", { className: `bubble ${role}` });
  $("messages").append(bubble);
  scrollToEnd();
  return bubble;
}

function scrollToEnd() {
  const list = $("messages");
  list.scrollTop = list.scrollHeight;
}

// A reply's numbered and bulleted lines become real lists, other lines paragraphs: text only, never HTML.
function renderReply(text) {
  const root = el("div", { className: "reply" });
  let list = null;
  for (const line of text.split("\n")) {
    const numbered = /^\s*(\d+)[.)]\s+(.*)$/.exec(line);
    const bulleted = numbered ? null : /^\s*[-*•]\s+(.*)$/.exec(line);
    if (numbered || bulleted) {
      const tag = numbered ? "ol" : "ul";
      if (!list || list.tagName.toLowerCase() !== tag) {
        list = root.appendChild(el(tag));
        if (numbered && numbered[1] !== "1") list.start = Number(numbered[1]);
      }
      list.append(el("li", { textContent: numbered ? numbered[2] : bulleted[1] }));
    } else {
      list = null;
      if (line.trim()) root.append(el("p", { textContent: line }));
    }
  }
  return root;
}

const VERBS = { add_task: "added", complete_task: "completed", delete_task: "deleted", update_task: "updated" };

function chip(name, result) {
  let text;
  if (result && result.error) text = `${(name || "tool").replace("_task", "")}: ${result.error}`;
  else if (name === "list_tasks") {
    const count = Array.isArray(result) ? result.length : 0;
    text = `Listed ${count} ${count === 1 ? "task" : "tasks"}`;
  } else {
    // The task by its title, as a person calls it: "Completed 'Buy milk'", never "completed #17".
    const verb = VERBS[name] || name;
    text = `${verb[0].toUpperCase()}${verb.slice(1)} '${result.title ?? `task ${result.task_id}`}'`;
  }
  return el("span", { className: `chip${result && result.error ? " bad" : ""}`, textContent: text });
}

function typing() {
  const dots = el("span", { className: "typing", role: "status" }, el("i"), el("i"), el("i"));
  dots.setAttribute("aria-label", "The assistant is typing");
  return dots;
}

function busy(on) {
  state.busy = on;
  $("composer-input").disabled = on; $("send").disabled = on;
  $("messages").setAttribute("aria-busy", on ? "true" : "false");
  if (!on) $("composer-input").focus();
}

async function send(text) {
  if (state.busy || !text.trim()) return;
  busy(true);
  notify("chat", null);
  addBubble("user").textContent = text;
  const bubble = addBubble("assistant");
  const chips = el("div", { className: "chips" });
  const dots = typing();
  let words = "";
  let reply = renderReply("");
  bubble.append(chips, dots, reply);
  const pending = [];
  const startedIn = state.conversation;
  try {
    const body = { message: text };
    if (startedIn) body.conversation_id = startedIn;
    // The browser's timezone, so that "today" and "tomorrow" in the chat are the user's own.
    const timezone = state.zoneRefused ? null : browserTimezone();
    if (timezone) body.timezone = timezone;
    let response;
    try {
      response = await api(userPath("/chat"), { method: "POST", body, stream: true });
    } catch (problem) {
      // A zone this server's tz database lacks is refused before the turn starts: ask again without it.
      if (!body.timezone || !/timezone/i.test(problem.message)) throw problem;
      state.zoneRefused = true; delete body.timezone;
      response = await api(userPath("/chat"), { method: "POST", body, stream: true });
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, cut); buffer = buffer.slice(cut + 2);
        for (const line of frame.split("\n")) if (line.startsWith("data: ")) handle(JSON.parse(line.slice(6)));
      }
    }
    if (!bubble.dataset.done) throw new Error("The answer was cut off.");
  } catch (problem) {
    dots.remove();
    failed(bubble, problem.message, text);
  } finally {
    busy(false);
  }

  function handle(event) {
    if (event.content !== undefined) {
      dots.remove();
      words += event.content;
      const fresh = renderReply(words);
      reply.replaceWith(fresh); reply = fresh;
    } else if (event.tool_call) {
      const c = el("span", { className: "chip pending", textContent: `${event.tool_call.name}…` });
      chips.append(c); pending.push(c);
    } else if (event.tool_result) {
      (pending.shift() || chips.appendChild(el("span"))).replaceWith(chip(event.tool_result.name, event.tool_result.result));
      refreshTasks();
    } else if (event.done) {
      dots.remove();
      bubble.dataset.done = "1";
      if (state.conversation === startedIn) {
        state.conversation = event.conversation_id;
        // A new conversation takes this entry's place in history: back leads where the user came from.
        if (startedIn === null) setLocation(event.conversation_id, { replace: true });
      }
      refreshConversations();
    } else if (event.error) {
      throw new Error(event.error.message);
    }
    scrollToEnd();
  }
}

function browserTimezone() {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch { return null; }
}

function failed(bubble, message, text) {
  bubble.classList.add("failed");
  const retry = el("button", { type: "button", className: "small", textContent: "Retry" });
  retry.addEventListener("click", () => { bubble.previousElementSibling?.remove(); bubble.remove(); send(text); });
  bubble.append(el("p", { textContent: `Something went wrong: ${message}` }), retry);
  scrollToEnd();
  refreshTasks(); refreshConversations();
}

// The message box grows with what is typed, up to its CSS max-height.
function fitComposer() {
  const input = $("composer-input");
  input.style.height = "auto";
  input.style.height = `${input.scrollHeight + 2}px`;
}

// ---- wiring
document.addEventListener("DOMContentLoaded", () => {
  $("sign-in-form").addEventListener("submit", (e) => { e.preventDefault(); credentialsSubmit("/api/auth/login"); });
  $("register").addEventListener("click", () => credentialsSubmit("/api/auth/register"));
  $("demo").addEventListener("click", async () => {
    try { signedIn(await api("/api/auth/demo", { method: "POST" }), "demo"); }
    catch (problem) { $("sign-in-error").textContent = problem.message; $("sign-in-error").hidden = false; }
  });
  $("sign-out").addEventListener("click", signOut);
  $("new-conversation").addEventListener("click", () => { startConversation(); closeDrawers(); });
  $("conversation-search").addEventListener("input", drawConversations);
  for (const button of document.querySelectorAll("#task-tools [data-due]")) {
    button.addEventListener("click", () => setFilter({ due: button.dataset.due }));
  }
  $("task-tag").addEventListener("change", (e) => setFilter({ tag: e.target.value }));
  $("task-sort").addEventListener("change", (e) => setFilter({ sort: e.target.value }));
  $("show-conversations").addEventListener("click", () => openDrawer("conversations"));
  $("show-tasks").addEventListener("click", () => openDrawer("tasks"));
  for (const button of document.querySelectorAll(".close-drawer")) button.addEventListener("click", closeDrawers);
  $("scrim").addEventListener("click", closeDrawers);
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") closeDrawers(); });
  const input = $("composer-input");
  $("composer").addEventListener("submit", (e) => { e.preventDefault(); const text = input.value; input.value = ""; fitComposer(); send(text); });
  input.addEventListener("input", fitComposer);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); $("composer").requestSubmit(); }
  });
  window.addEventListener("popstate", followLocation);
  // Signing out in one tab signs out the others.
  window.addEventListener("storage", (e) => { if (e.key === "token" && !e.newValue && state.token) signOut(); });
  clearMessages();
  loadOptions();
  show(Boolean(state.token && state.user));
});
