// The chat page: vanilla JavaScript, no build step. Talks to the same REST and SSE API as any client.
"use strict";

const $ = (id) => document.getElementById(id);
const state = {
  token: sessionStorage.getItem("token"), user: sessionStorage.getItem("user"), name: sessionStorage.getItem("name"),
  conversation: null, busy: false,
};

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child);
  return node;
}

async function api(path, options = {}) {
  const headers = { ...(options.headers || {}) };
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { ...options, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  if (response.status === 401 && state.token) { signOut(); throw new Error("Your session ended; please sign in again."); }
  if (!response.ok) throw new Error(await errorText(response));
  return response.status === 204 ? null : response.json();
}

async function errorText(response) {
  try { return (await response.json()).error.message; } catch { return `The server answered ${response.status}.`; }
}

// ---- signing in
function show(signedIn) {
  $("sign-in").hidden = signedIn;
  $("workspace").hidden = !signedIn;
  $("who").hidden = !signedIn;
  if (signedIn) {
    $("who-name").textContent = `Signed in as ${state.name || state.user}`;
    refreshConversations(); refreshTasks(); $("composer-input").focus();
  } else {
    $("email").focus();
  }
}

function signedIn({ user_id, token }, name = user_id) {
  Object.assign(state, { user: user_id, token, name, conversation: null });
  sessionStorage.setItem("token", token); sessionStorage.setItem("user", user_id); sessionStorage.setItem("name", name);
  clearMessages(); show(true);
}

function signOut() {
  sessionStorage.clear();
  Object.assign(state, { user: null, token: null, name: null, conversation: null });
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

// ---- conversations
async function refreshConversations() {
  const list = $("conversation-list");
  const conversations = await api(`/api/${encodeURIComponent(state.user)}/conversations`);
  list.replaceChildren(...conversations.map((c) => {
    const open = el("button", { type: "button", className: "open", textContent: c.title || `Conversation ${c.id}`, title: c.title || "" });
    open.addEventListener("click", () => openConversation(c.id));
    const remove = el("button", { type: "button", className: "small", textContent: "✕" });
    remove.setAttribute("aria-label", `Delete conversation: ${c.title || c.id}`);
    remove.addEventListener("click", () => deleteConversation(c.id));
    const item = el("li", { className: c.id === state.conversation ? "current" : "" }, open, remove);
    if (c.id === state.conversation) open.setAttribute("aria-current", "true");
    return item;
  }));
  $("no-conversations").hidden = conversations.length > 0;
}

async function openConversation(id) {
  const messages = await api(`/api/${encodeURIComponent(state.user)}/conversations/${id}/messages`);
  state.conversation = id;
  clearMessages();
  const names = {};
  let chips = null;
  for (const message of messages) {
    if (message.role === "user") { addBubble("user", message.content); chips = null; continue; }
    if (message.role === "assistant") {
      for (const call of message.tool_calls || []) names[call.id] = call.function.name;
      if (message.tool_calls && message.tool_calls.length) continue;
      const bubble = addBubble("assistant", "");
      if (chips) bubble.prepend(chips);
      bubble.append(message.content || "");
      chips = null;
      continue;
    }
    // A tool message is a JSON result, or "Error: ..." for a failed call (chatbot/model.py writes both).
    let result; try { result = JSON.parse(message.content); } catch { result = { error: message.content.replace(/^Error:\s*/, "") }; }
    chips = chips || el("div", { className: "chips" });
    chips.append(chip(names[message.tool_call_id], result));
  }
  refreshConversations();
  $("composer-input").focus();
}

async function deleteConversation(id) {
  await api(`/api/${encodeURIComponent(state.user)}/conversations/${id}`, { method: "DELETE" });
  if (state.conversation === id) { state.conversation = null; clearMessages(); }
  refreshConversations();
}

// ---- tasks
async function refreshTasks() {
  const tasks = await api(`/api/${encodeURIComponent(state.user)}/tasks`);
  $("task-list").replaceChildren(...tasks.map((task) => {
    const box = el("input", { type: "checkbox", id: `task-${task.id}`, checked: task.completed });
    box.addEventListener("change", () => setDone(task.id, box.checked));
    const label = el("label", { htmlFor: `task-${task.id}` }, el("span", { className: "task-id", textContent: `#${task.id} ` }), task.title);
    const remove = el("button", { type: "button", className: "small", textContent: "Delete" });
    remove.setAttribute("aria-label", `Delete task ${task.title}`);
    remove.addEventListener("click", () => removeTask(task.id));
    return el("li", { className: task.completed ? "done" : "" }, box, label, remove);
  }));
  $("no-tasks").hidden = tasks.length > 0;
  const open = tasks.filter((t) => !t.completed).length;
  $("task-count").textContent = tasks.length ? `${open} open of ${tasks.length}` : "";
}

async function setDone(id, done) {
  await api(`/api/${encodeURIComponent(state.user)}/tasks/${id}/complete`, { method: "PATCH", body: { completed: done } });
  refreshTasks();
}

async function removeTask(id) {
  await api(`/api/${encodeURIComponent(state.user)}/tasks/${id}`, { method: "DELETE" });
  refreshTasks();
}

// ---- chatting
function clearMessages() {
  $("messages").replaceChildren(el("li", { className: "empty", id: "messages-empty", textContent: "Say what you need: \"add a task to buy milk\", \"what's pending?\", \"mark it done\"." }));
}

function addBubble(role, text) {
  $("messages-empty")?.remove();
  const bubble = el("li", { className: `bubble ${role}` }, text);
  $("messages").append(bubble);
  bubble.scrollIntoView({ block: "end" });
  return bubble;
}

const VERBS = { add_task: "added", complete_task: "completed", delete_task: "deleted", update_task: "updated" };

function chip(name, result) {
  let text;
  if (result && result.error) text = `${(name || "tool").replace("_task", "")}: ${result.error}`;
  else if (name === "list_tasks") text = `listed ${Array.isArray(result) ? result.length : 0} task(s)`;
  else if (name === "add_task") text = `added: ${result.title}`;
  else text = `${VERBS[name] || name} #${result.task_id}`;
  return el("span", { className: `chip${result && result.error ? " bad" : ""}`, textContent: text });
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
  addBubble("user", text);
  const bubble = addBubble("assistant", "");
  const chips = el("div", { className: "chips" });
  const words = el("span");
  bubble.append(chips, words);
  const pending = [];
  try {
    const body = { message: text };
    if (state.conversation) body.conversation_id = state.conversation;
    const response = await fetch(`/api/${encodeURIComponent(state.user)}/chat`, {
      method: "POST",
      headers: { Authorization: `Bearer ${state.token}`, "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify(body),
    });
    if (response.status === 401) { signOut(); return; }
    if (!response.ok) throw new Error(await errorText(response));
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
    failed(bubble, problem.message, text);
  } finally {
    busy(false);
  }

  function handle(event) {
    if (event.content !== undefined) words.append(event.content);
    else if (event.tool_call) { const c = el("span", { className: "chip pending", textContent: `${event.tool_call.name}…` }); chips.append(c); pending.push(c); }
    else if (event.tool_result) { (pending.shift() || chips.appendChild(el("span"))).replaceWith(chip(event.tool_result.name, event.tool_result.result)); refreshTasks(); }
    else if (event.done) { bubble.dataset.done = "1"; state.conversation = event.conversation_id; refreshConversations(); }
    else if (event.error) throw new Error(event.error.message);
    bubble.scrollIntoView({ block: "end" });
  }
}

function failed(bubble, message, text) {
  bubble.classList.add("failed");
  const retry = el("button", { type: "button", className: "small", textContent: "Retry" });
  retry.addEventListener("click", () => { bubble.previousElementSibling?.remove(); bubble.remove(); send(text); });
  bubble.append(el("div", { textContent: `Something went wrong: ${message}` }), retry);
  refreshTasks(); refreshConversations();
}

// ---- wiring
document.addEventListener("DOMContentLoaded", () => {
  $("sign-in-form").addEventListener("submit", (e) => { e.preventDefault(); credentialsSubmit("/api/auth/login"); });
  $("register").addEventListener("click", () => credentialsSubmit("/api/auth/register"));
  $("demo").addEventListener("click", async () => {
    try { signedIn(await api("/api/auth/demo", { method: "POST" })); }
    catch (problem) { $("sign-in-error").textContent = problem.message; $("sign-in-error").hidden = false; }
  });
  $("sign-out").addEventListener("click", signOut);
  $("new-conversation").addEventListener("click", () => { state.conversation = null; clearMessages(); refreshConversations(); $("composer-input").focus(); });
  const input = $("composer-input");
  $("composer").addEventListener("submit", (e) => { e.preventDefault(); const text = input.value; input.value = ""; send(text); });
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); $("composer").requestSubmit(); }
  });
  loadOptions();
  show(Boolean(state.token && state.user));
});
