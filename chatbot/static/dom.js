// Small DOM helpers and the page's one shared state.

export const $ = (id) => document.getElementById(id);

export function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child);
  return node;
}

// localStorage, so that a link to a conversation opens in another tab of the same browser.
export const NO_FILTER = { due: "", tag: "", sort: "created" };
export const state = {
  token: localStorage.getItem("token"), user: localStorage.getItem("user"), name: localStorage.getItem("name"),
  conversation: null, conversations: [], busy: false,
  // The task panel: its filter, every task by id (for the counts and Undo), the newest load.
  filter: { ...NO_FILTER }, tasks: new Map(), taskLoads: 0, zoneRefused: false,
};

// A message shown where the user is looking (a panel, or above the composer), until the next success there.
export function notify(where, message) {
  const box = $(`${where}-error`);
  box.textContent = message || "";
  box.hidden = !message;
}

export function browserTimezone() {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch { return null; }
}
