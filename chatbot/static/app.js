// The chat page: plain JavaScript modules, no build step. Talks to the same REST and SSE API as any client.
// This one signs people in and out, opens the drawers, and wires the controls to the other modules.
import { api, onBack, onSignOut } from "./api.js";
import { clearMessages, send, stopTurn } from "./chat.js";
import { drawConversations, followLocation, refreshConversations, startConversation } from "./conversations.js";
import { $, state } from "./dom.js";
import { remind } from "./reminders.js";
import { followEvents, stopEvents } from "./stream.js";
import { forgetTasks, refreshTasks, setFilter, wireQuickAdd } from "./tasks.js";

// ---- signing in
function show(signedIn) {
  $("sign-in").hidden = signedIn;
  $("workspace").hidden = !signedIn;
  $("who").hidden = !signedIn;
  for (const id of ["show-conversations", "show-tasks"]) $(id).hidden = !signedIn;
  if (signedIn) {
    for (const id of ["who-name", "account-name"]) $(id).textContent = state.name || state.user;
    refreshConversations(); refreshTasks(); followLocation(); followEvents(refreshTasks, remind);
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
  stopEvents(); stopTurn();
  for (const key of ["token", "user", "name"]) localStorage.removeItem(key);
  Object.assign(state, { user: null, token: null, name: null, conversation: null, conversations: [] });
  forgetTasks(); // the filter and the list go, and a load still under way draws nothing
  clearMessages(); drawConversations();
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

// ---- drawers (narrow screens): conversations from the left, tasks from the right (a tablet keeps tasks beside
// the chat). An open drawer holds the focus and makes the page behind it inert; closing gives focus back.
const isDrawer = (panel) => getComputedStyle(panel).position === "fixed";

function openDrawer(id) {
  closeDrawers({ giveBack: false });
  const drawer = $(id);
  drawer.classList.add("open");
  $(`show-${id}`).setAttribute("aria-expanded", "true");
  $("scrim").hidden = false;
  for (const part of document.querySelectorAll(".top, .chat, .panel")) if (part !== drawer) part.inert = true;
  drawer.querySelector(".close-drawer").focus();
}

function closeDrawers({ giveBack = true } = {}) {
  const wasOpen = document.querySelector(".drawer.open");
  for (const id of ["conversations", "tasks"]) {
    $(id).classList.remove("open");
    $(`show-${id}`).setAttribute("aria-expanded", "false");
  }
  for (const part of document.querySelectorAll("[inert]")) part.inert = false;
  $("scrim").hidden = true;
  if (giveBack && wasOpen) $(`show-${wasOpen.id}`).focus();
}

// Tab and Shift+Tab go round the open drawer's controls rather than out of it.
function holdFocus(e) {
  const drawer = document.querySelector(".drawer.open");
  if (e.key !== "Tab" || !drawer || !isDrawer(drawer)) return;
  const controls = [...drawer.querySelectorAll("button, input, select, textarea, summary, [href], [tabindex]:not([tabindex='-1'])")]
    .filter((c) => !c.disabled && c.getClientRects().length > 0);
  if (!controls.length) return;
  const first = controls[0], last = controls[controls.length - 1];
  if (!drawer.contains(document.activeElement)) { e.preventDefault(); first.focus(); }
  else if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
  else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
}

// The message box grows with what is typed, up to its CSS max-height.
function fitComposer() {
  const input = $("composer-input");
  input.style.height = "auto";
  input.style.height = `${input.scrollHeight + 2}px`;
}

// ---- wiring
document.addEventListener("DOMContentLoaded", () => {
  onSignOut(signOut);
  onBack(() => { if (state.token) { refreshTasks(); refreshConversations(); } });
  $("sign-in-form").addEventListener("submit", (e) => { e.preventDefault(); credentialsSubmit("/api/auth/login"); });
  $("register").addEventListener("click", () => credentialsSubmit("/api/auth/register"));
  $("demo").addEventListener("click", async () => {
    try { signedIn(await api("/api/auth/demo", { method: "POST" }), "demo"); }
    catch (problem) { $("sign-in-error").textContent = problem.message; $("sign-in-error").hidden = false; }
  });
  $("sign-out").addEventListener("click", signOut);
  $("new-conversation").addEventListener("click", () => { startConversation(); closeDrawers({ giveBack: false }); });
  $("conversation-search").addEventListener("input", drawConversations);
  for (const button of document.querySelectorAll("#task-tools [data-due]")) {
    button.addEventListener("click", () => setFilter({ due: button.dataset.due }));
  }
  $("task-tag").addEventListener("change", (e) => setFilter({ tag: e.target.value }));
  $("task-sort").addEventListener("change", (e) => setFilter({ sort: e.target.value }));
  wireQuickAdd();
  $("show-conversations").addEventListener("click", () => openDrawer("conversations"));
  $("show-tasks").addEventListener("click", () => openDrawer("tasks"));
  for (const button of document.querySelectorAll(".close-drawer")) button.addEventListener("click", () => closeDrawers());
  $("scrim").addEventListener("click", () => closeDrawers());
  document.addEventListener("close-drawers", () => closeDrawers({ giveBack: false }));
  // A reminder's Open: the task panel, a drawer on a phone.
  document.addEventListener("show-tasks", () => { if (getComputedStyle($("tasks")).position === "fixed") openDrawer("tasks"); });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && document.querySelector(".drawer.open")) closeDrawers();
    holdFocus(e);
  });
  const input = $("composer-input");
  $("composer").addEventListener("submit", async (e) => {
    e.preventDefault();
    if (state.busy) return; // typed while a turn streams: it waits in the box until the turn ends
    const text = input.value;
    input.value = ""; fitComposer();
    await send(text);
  });
  $("stop").addEventListener("click", stopTurn);
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
