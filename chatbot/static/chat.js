// The chat: messages, the composer, a turn streamed as it is written, and Stop while it streams.
import { api, userPath } from "./api.js";
import { refreshConversations, setLocation } from "./conversations.js";
import { $, browserTimezone, el, notify, state } from "./dom.js";
import { events } from "./stream.js";
import { refreshTasks } from "./tasks.js";

// A conversation's messages come a page at a time, newest first; "Show earlier messages" fetches the page before.
export const MESSAGE_PAGE = 200;

// Each works for a new user in this order: one adds a task, one lists it, one ticks it off by its words.
const SUGGESTIONS = ["add a task to buy milk", "what's pending?", "I bought the milk"];

export function clearMessages(keepEmpty = false) {
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

export function drawHistory(messages, { atEnd = true, more = messages.length === MESSAGE_PAGE, earlier } = {}) {
  if (more) {
    const button = el("button", { type: "button", className: "small", textContent: "Show earlier messages" });
    button.addEventListener("click", earlier);
    $("messages").append(el("li", { className: "earlier" }, button));
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

// While a turn streams the next message can be typed; Send turns into Stop until the turn ends.
function busy(on) {
  state.busy = on;
  $("send").hidden = on; $("stop").hidden = !on;
  $("messages").setAttribute("aria-busy", on ? "true" : "false");
  if (on) return;
  state.turn = null;
  if (document.activeElement === $("stop") || document.activeElement === document.body) $("composer-input").focus();
}

export function stopTurn() {
  state.turn?.abort();
}

export async function send(text) {
  if (state.busy || !text.trim()) return false;
  busy(true);
  const stop = new AbortController();
  state.turn = stop;
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
    const turn = { method: "POST", body, stream: true, signal: stop.signal };
    let response;
    try {
      response = await api(userPath("/chat"), turn);
    } catch (problem) {
      // A zone this server's tz database lacks is refused before the turn starts: ask again without it.
      if (!body.timezone || !/timezone/i.test(problem.message)) throw problem;
      state.zoneRefused = true; delete body.timezone;
      response = await api(userPath("/chat"), turn);
    }
    for await (const { data } of events(response)) handle(data);
    if (!bubble.dataset.done) throw new Error("The answer was cut off.");
  } catch (problem) {
    dots.remove();
    if (stop.signal.aborted) stopped(bubble);
    else failed(bubble, problem.message, text);
  } finally {
    busy(false);
  }
  return true;

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

// Stopped by the person: said quietly, not as a failure; what the turn already changed shows in the panels.
function stopped(bubble) {
  bubble.classList.add("stopped");
  bubble.append(el("p", { className: "hint", textContent: "Stopped." }));
  refreshTasks(); refreshConversations();
}

function failed(bubble, message, text) {
  bubble.classList.add("failed");
  const retry = el("button", { type: "button", className: "small", textContent: "Retry" });
  retry.addEventListener("click", () => { bubble.previousElementSibling?.remove(); bubble.remove(); send(text); });
  bubble.append(el("p", { textContent: `Something went wrong: ${message}` }), retry);
  scrollToEnd();
  refreshTasks(); refreshConversations();
}
