// The conversations panel and the address: /app#c=12 is conversation 12; back and forward move between them.
import { Unreachable, api, userPath } from "./api.js";
import { clearMessages, drawHistory, MESSAGE_PAGE } from "./chat.js";
import { $, el, notify, state } from "./dom.js";

const SEARCH_FROM = 10; // conversations before the search box appears
const APP_NAME = "Todo chat";

function conversationInLocation() {
  const match = /^#c=(\d+)$/.exec(location.hash);
  return match ? Number(match[1]) : null;
}

export function setLocation(id, { replace = false } = {}) {
  const hash = id === null ? "" : `#c=${id}`;
  if (location.hash === hash || (!hash && !location.hash)) return;
  history[replace ? "replaceState" : "pushState"](null, "", `${location.pathname}${location.search}${hash}`);
}

export function followLocation() {
  if (!state.token) return;
  const id = conversationInLocation();
  if (id === state.conversation) return;
  if (id === null) startConversation({ remember: false });
  else openConversation(id, { remember: false });
}

export async function refreshConversations() {
  try {
    state.conversations = await api(userPath("/conversations"));
    notify("conversations", null);
  } catch (problem) {
    if (!(problem instanceof Unreachable)) notify("conversations", `Couldn't load your conversations: ${problem.message}`);
    return;
  }
  drawConversations();
}

export function drawConversations() {
  const all = state.conversations;
  const searchBox = $("conversation-search-box");
  searchBox.hidden = all.length <= SEARCH_FROM;
  const words = searchBox.hidden ? "" : $("conversation-search").value.trim().toLowerCase();
  const shown = words ? all.filter((c) => (c.title || "").toLowerCase().includes(words)) : all;
  $("conversation-list").replaceChildren(...shown.map(conversationItem));
  const none = $("no-conversations");
  none.hidden = shown.length > 0;
  none.textContent = all.length ? "No conversation matches that." : "No conversations yet: your chats appear here.";
  nameTab();
}

// The tab says which conversation is open, so that a row of tabs can be told apart.
function nameTab() {
  const open = state.conversations.find((c) => c.id === state.conversation);
  document.title = open ? `${open.title || `Conversation ${open.id}`} · ${APP_NAME}` : APP_NAME;
}

function conversationItem(c) {
  const title = c.title || `Conversation ${c.id}`;
  const when = relativeTime(c.updated_at);
  const open = el("button", { type: "button", className: "open", title },
    el("span", { className: "title", textContent: title }),
    el("time", { className: "when", dateTime: c.updated_at, textContent: when }));
  open.addEventListener("click", () => { openConversation(c.id); document.dispatchEvent(new Event("close-drawers")); });
  const remove = el("button", { type: "button", className: "remove small", textContent: "✕" });
  remove.setAttribute("aria-label", `Delete conversation: ${title} (${when})`);
  const item = el("li", { className: c.id === state.conversation ? "current" : "" }, open, remove);
  remove.addEventListener("click", () => askToDelete(c, item, title));
  if (c.id === state.conversation) open.setAttribute("aria-current", "page");
  return item;
}

// A conversation cannot be brought back, so deleting one asks first, in its own row.
function askToDelete(c, item, title) {
  const yes = el("button", { type: "button", className: "small danger", textContent: "Delete" });
  yes.setAttribute("aria-label", `Yes, delete conversation: ${title}`);
  const keep = el("button", { type: "button", className: "small", textContent: "Keep" });
  const question = el("div", { className: "confirm", role: "group" },
    el("span", { textContent: "Delete this conversation?" }), yes, keep);
  question.setAttribute("aria-label", `Delete ${title}?`);
  const shown = [...item.children];
  item.replaceChildren(question);
  keep.focus();
  keep.addEventListener("click", () => { item.replaceChildren(...shown); shown[1].focus(); });
  yes.addEventListener("click", () => deleteConversation(c.id));
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

export async function openConversation(id, { remember = true } = {}) {
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
  drawHistory(messages, { earlier: showEarlier });
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
  drawHistory(state.history, { atEnd: false, more: older.length === MESSAGE_PAGE, earlier: showEarlier });
}

export function startConversation({ remember = true } = {}) {
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
