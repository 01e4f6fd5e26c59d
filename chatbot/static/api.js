// Every request goes through here: the token, JSON bodies, the error's own message, a 401 signs out, and a
// server out of reach shows one notice that retries by itself and clears itself.
import { $, state } from "./dom.js";

// Thrown when the server could not be reached at all: the connection notice says so, not the caller.
export class Unreachable extends Error {
  constructor() { super("The server could not be reached; check your connection."); }
}

const hooks = { signOut: () => {}, back: [] };
export const onSignOut = (fn) => { hooks.signOut = fn; };
export const onBack = (fn) => { hooks.back.push(fn); };

export const userPath = (rest) => `/api/${encodeURIComponent(state.user)}${rest}`;

export async function api(path, { method = "GET", body, stream = false, headers: extra = {}, signal } = {}) {
  const headers = { ...extra };
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (stream) headers.Accept = "text/event-stream";
  let response;
  try {
    response = await fetch(path, { method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (problem) {
    if (signal?.aborted) throw problem;
    lost();
    throw new Unreachable();
  }
  reached();
  if (response.status === 401 && state.token) { hooks.signOut(); throw new Error("Your session ended; please sign in again."); }
  if (!response.ok) throw new Error(await errorText(response));
  if (stream) return response;
  return response.status === 204 ? null : response.json();
}

async function errorText(response) {
  try { return (await response.json()).error.message; } catch { return `The server answered ${response.status}.`; }
}

// ---- the connection notice: shown once however many requests fail, gone as soon as one gets through
const FIRST_WAIT = 1000, LONGEST_WAIT = 15000;
const connection = { down: false, wait: FIRST_WAIT, timer: null };

function lost() {
  if (connection.down) return;
  connection.down = true;
  connection.wait = FIRST_WAIT;
  $("connection").hidden = false;
  probeLater();
}

function reached() {
  if (!connection.down) return;
  connection.down = false;
  clearTimeout(connection.timer);
  $("connection").hidden = true;
  for (const fn of hooks.back) fn(); // what failed meanwhile is loaded again
}

function probeLater() {
  clearTimeout(connection.timer);
  connection.timer = setTimeout(probe, connection.wait);
  connection.wait = Math.min(connection.wait * 2, LONGEST_WAIT);
}

async function probe() {
  if (!connection.down) return;
  try {
    await fetch("/health", { cache: "no-store" }); // any answer at all means the server is there
  } catch {
    probeLater();
    return;
  }
  reached();
}

// The browser knows when the network comes back: try at once rather than at the next back-off step.
window.addEventListener("online", () => { if (connection.down) probe(); });
