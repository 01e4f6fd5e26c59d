// Reminders as they arrive on the event stream: a notice in the page with Done, Snooze 10 min and Open, and a
// system notification too when the person allowed them.
import { Unreachable, api, userPath } from "./api.js";
import { $, el, notify } from "./dom.js";
import { openTask, refreshTasks, whenText } from "./tasks.js";

const SNOOZE_MINUTES = 10;

export function remind(event) {
  const task = event.task;
  const card = el("div", { className: "reminder", role: "alert" });
  const close = () => card.remove();
  const button = (text, act, label) => {
    const b = el("button", { type: "button", className: "small", textContent: text });
    if (label) b.setAttribute("aria-label", label);
    b.addEventListener("click", async () => {
      close();
      try { await act(); } catch (problem) { if (!(problem instanceof Unreachable)) notify("tasks", problem.message); }
      refreshTasks();
    });
    return b;
  };
  const done = button("Done", () => api(userPath(`/tasks/${task.id}/complete`), { method: "PATCH", body: { completed: true } }),
    `Done: ${task.title}`);
  const snooze = button(`Snooze ${SNOOZE_MINUTES} min`, () => {
    const later = new Date(Date.now() + SNOOZE_MINUTES * 60000).toISOString();
    return api(userPath(`/tasks/${task.id}`), { method: "PUT", body: { remind_at: later } });
  }, `Snooze ${task.title} for ${SNOOZE_MINUTES} minutes`);
  const open = button("Open", () => openTask(task.id), `Open ${task.title}`);
  const dismiss = el("button", { type: "button", className: "icon small", textContent: "✕" });
  dismiss.setAttribute("aria-label", "Dismiss the reminder");
  dismiss.addEventListener("click", close);
  const when = event.late ? "Missed while you were away: " : "Reminder: ";
  card.append(
    el("p", {}, el("span", { className: "visually-hidden", textContent: when }), el("span", { className: "bell", textContent: "🔔 " }),
      el("strong", { textContent: task.title }), task.due_date ? ` · due ${whenText(task)}` : ""),
    el("div", { className: "row" }, done, snooze, open, dismiss));
  $("reminders").append(card);
  done.focus({ preventScroll: true });
  systemNotice(task, event.late);
}

// A notification outside the page, when the person allowed them (asked when they first set a reminder here).
function systemNotice(task, late) {
  if (!("Notification" in window) || Notification.permission !== "granted") return;
  try {
    new Notification(late ? `Missed reminder: ${task.title}` : task.title, { body: task.due_date ? `Due ${whenText(task)}` : "Reminder", tag: `reminder-${task.id}` });
  } catch { /* some browsers only notify from a service worker; the in-page notice is there */ }
}

export function askToNotify() {
  if ("Notification" in window && Notification.permission === "default") Notification.requestPermission().catch(() => {});
}
