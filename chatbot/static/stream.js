// Server-Sent Events read with fetch (EventSource cannot send a bearer token): the chat's turn and the live list.
import { api, userPath } from "./api.js";
import { state } from "./dom.js";

// Each event of a response body, as {id, data} (data parsed as JSON), until the body ends.
export async function* events(response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, cut); buffer = buffer.slice(cut + 2);
      let id = null, data = null;
      for (const line of frame.split("\n")) {
        if (line.startsWith("id: ")) id = line.slice(4);
        else if (line.startsWith("data: ")) data = JSON.parse(line.slice(6));
      }
      if (data !== null) yield { id, data };
    }
  }
}

// ---- live: the list follows every change, from this window, another, an MCP client or the REST API.
const FIRST_WAIT = 1000, LONGEST_WAIT = 30000;

export async function followEvents(changed, reminded = () => {}) {
  state.events?.abort();
  const stop = new AbortController();
  state.events = stop;
  let lastId = null, wait = FIRST_WAIT, redraw = null;
  while (!stop.signal.aborted && state.token) {
    try {
      const headers = lastId === null ? {} : { "Last-Event-ID": lastId };
      const response = await api(userPath("/events"), { stream: true, headers, signal: stop.signal });
      wait = FIRST_WAIT;
      for await (const { id, data } of events(response)) {
        if (id !== null) lastId = id;
        if (data.type === "reminder") { reminded(data); continue; }
        clearTimeout(redraw);
        redraw = setTimeout(changed, 150); // one redraw for a burst of changes
      }
    } catch {
      if (stop.signal.aborted) return;
    }
    await new Promise((resume) => setTimeout(resume, wait));
    wait = Math.min(wait * 2, LONGEST_WAIT);
  }
}

export function stopEvents() {
  state.events?.abort();
}
