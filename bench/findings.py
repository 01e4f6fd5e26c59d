"""The words of bench/README.md around its tables: how the run works, and what its numbers say."""

INTRO = """# Benchmark

`make bench` (about fifteen minutes; `make bench ARGS=--quick` for a smoke run, `ARGS="--delay S"`
for another model delay) measures, side by side in one run on this machine:

- the service (`chatbot serve`) answering chat turns through the real LiteLLM HTTP path to a
  **fake model** on loopback (`bench/fake_model_server.py`) that speaks both wire formats a turn
  can use, with the same turn shape: **Gemini's** (via `GEMINI_API_BASE`) and the
  **OpenAI-compatible** one (via `OPENAI_API_BASE`, as Ollama or vLLM answer, and as the peer
  implementation's fake did). It answers a message with a function call (`add_task` of the
  user's words), then, given the tool's result, a sentence. Two fakes run: an **instant** one
  (what the machine can carry) and a **slow** one taking {delay_ms:.0f} ms a call, as a real model
  does (the overhead a person sees);
- three **turn shapes**: a plain command the **fast path** serves with no model call ("add buy
  item N"), a bare to-do that takes **one call** (the model's function call; the reply is written
  from the result, as nothing is left to say), and a message the engine reads otherwise, which
  takes **two calls** (the function call, then the model's own text: the shape of every turn
  before the fast path);
- the **floor**: a bare Starlette endpoint (`bench/floor.py`) making the same SQL statements
  as a turn, with the same connection checkouts, and nothing else;
- a model call on its own, per provider: its time and CPU through `chatbot.llm.Model` (as the
  service calls LiteLLM), through a plain `litellm.acompletion` with LiteLLM's defaults, and as
  a raw HTTP call to the same fake;
- every eval case (`chatbot/cases`, `tests/eval`) through the offline engine with the fast path
  on and off: its coverage, its precision and the model calls a turn;
- SQL statements per turn (`pg_stat_statements` on a dedicated embedded PostgreSQL), CPU per
  turn of every process (from /proc), idle memory and start-up time.

Each client is its own user and holds conversations of three turns (one new, two carrying
on), JSON or SSE. Clients of the slow model start spread over one turn's length, as people
do; all at the same instant they would move in lockstep and queue behind each other forever.
Throughput is the sum of each client's turns per second. **Overhead** is a turn's end-to-end
time minus the fake model's own time (the model calls the turn made, each a raw call's
median). The load generator (`bench/load.py`, aiohttp) shares the machine's 2 cores with the
service, PostgreSQL and the fakes, so absolute numbers are pessimistic; the ratios, measured
side by side, are the fair comparison. `make profile` samples the server with py-spy under
load and prints where its CPU goes, by library and by function (`ARGS="--provider openai
--shape two_call"` for the other paths).
"""


def findings(results: dict, targets: dict[str, tuple[str, bool | None, str]]) -> str:
    """What the run's numbers say."""
    return "## What the numbers say\n\n(to be written from this run)"
