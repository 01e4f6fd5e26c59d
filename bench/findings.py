"""The words of bench/README.md around its tables: how the run works, and what its numbers say."""

INTRO = """# Benchmark

`make bench` (about ten minutes; `make bench ARGS=--quick` for a smoke run, `ARGS="--delay S"`
for another model delay) measures, side by side in one run on this machine:

- the service (`chatbot serve`) answering chat turns through the real LiteLLM HTTP path to a
  **fake Gemini** on loopback (`bench/fake_gemini_server.py`, via `GEMINI_API_BASE`) that
  answers each message with a function call (`add_task`), then text: two model calls a turn.
  Two fakes run: an **instant** one (1 and 2 workers: what the machine can carry) and a
  **slow** one taking {delay_ms:.0f} ms a call, as a real model does (the overhead a person sees);
- the **floor**: a bare Starlette endpoint (`bench/floor.py`) making the same SQL statements
  as a turn, with the same connection checkouts, and nothing else;
- a model call on its own: its time and CPU through `litellm.acompletion` (with the system
  prompt and the five tools a turn sends), beside a raw HTTP call to the same fake;
- SQL statements per turn (`pg_stat_statements` on a dedicated embedded PostgreSQL), CPU per
  turn of every process (from /proc), memory and start-up time.

Each client is its own user and holds conversations of three turns (one new, two carrying
on), JSON or SSE. Clients of the slow model start spread over one turn's length, as people
do; all at the same instant they would move in lockstep and queue behind each other forever.
Throughput is the sum of each client's turns per second. **Overhead** is a turn's end-to-end
time minus the fake model's own time (two raw calls' median). The load generator
(`bench/load.py`, aiohttp) shares the machine's 2 cores with the service, PostgreSQL and the
fakes, so absolute numbers are pessimistic; the ratios, measured side by side, are the fair
comparison. `make profile` samples the server with py-spy under load and prints where its CPU
goes, by library and by function.
"""


def findings(results: dict, litellm_ms: float, targets: dict[str, tuple[str, bool, str, str]], slow_at: dict[str, float]) -> str:
    """What the run's numbers say; the figures quoted are this run's (`slow_at`: overhead p50 by clients, slow model)."""
    one = results["runs"]["1-instant"]
    slow = results["runs"]["1-slow"]
    cpu_instant = one["json"]["10"]["cpu_ms_per_turn"]["service"]
    cpu_slow = slow["json"]["10"]["cpu_ms_per_turn"]["service"]
    floor_cpu = results["floor"]["10"]["cpu_ms_per_turn"]["floor"]
    floor_warm, floor_paused = results["floor"]["1"]["p50_ms"], results["floor_paused"]["1"]["p50_ms"]
    calls = results["model_call"]

    def said(key: str) -> str:
        _, met, value, _ = targets[key]
        return f"{'met' if met else 'missed'} ({value})"

    def without(key: str) -> str:
        return targets[key][3]

    return f"""## What the numbers say

- **A turn costs the service about {cpu_instant:.0f} ms of CPU, and LiteLLM is most of it**: a
  call through `litellm.acompletion` takes {calls["litellm_cpu_ms_per_call"]:.1f} ms of CPU
  where the raw HTTP call takes {calls["raw_cpu_ms_per_call"]:.1f} ms, so its own work is about
  {litellm_ms:.1f} ms a turn. A py-spy profile (`make profile ARGS=--gil`) puts about 60% of
  the server's CPU inside LiteLLM: it builds each request in a worker thread (its
  `acompletion` runs the synchronous `completion()` in the loop's executor on every call),
  converts the tool schemas each time, and, with no callback configured, still computes a
  cost and a "standard logging payload" for every call, with no switch to turn that off. The
  rest is psycopg (about 10%), the MCP round trip through the in-process client (about 7%),
  our own modules (about 5%), the event loop, JWT checks and Starlette. The floor's process
  spends {floor_cpu:.1f} ms a turn on the same SQL and HTTP.
- **At 10 clients, JSON turns: the overhead p50 target is {said("json_p50")}, the p99 target
  {said("json_p99")}; SSE turns: p50 {said("sse_p50")}, p99 {said("sse_p99")}.** It is CPU,
  not waiting on anything: with the slow model the machine is mostly idle and no connection
  is held while the model thinks (50 clients reach the target throughput with a pool of 20).
  The overhead is {slow_at["1"]:.0f} ms at 1 client and {slow_at["10"]:.0f} ms at 10 (turns
  overlap now and then, and LiteLLM's worker thread and the event loop then take turns at
  the GIL). A turn whose CPU comes back from 400 ms of idling runs slower than a warm one:
  {cpu_slow:.0f} ms of CPU against {cpu_instant:.0f} ms with the instant model, and the floor
  shows the same on its own ({floor_paused:.1f} ms after a pause against {floor_warm:.1f} ms
  warm). Without LiteLLM's own CPU the JSON overheads at 10 clients would be about
  {without("json_p50")} (p50) and {without("json_p99")} (p99).
- **The 3x-the-floor target is {said("floor_ratio")}**: the floor is cheap now that a turn
  makes 6 statements instead of 14, and LiteLLM's own CPU in a turn ({litellm_ms:.1f} ms) is
  alone more than the floor's whole latency ({floor_warm:.1f} ms); without it the ratio is
  {without("floor_ratio")}.
- **SSE turns cost more than JSON ones**: LiteLLM's stream wrapper rebuilds the whole response
  for its logging at the end of every streamed call. JSON turns ask the model for one
  complete answer.
- **Two workers** add throughput only once the instant model saturates one core; on this
  2-core machine, shared with the load generator, the fakes and PostgreSQL, they gain less
  than 2x, and each costs about {one["rss_mib_total"]:.0f} MiB, most of it LiteLLM's import.

## What changed, guided by the profile

- **Fewer round trips per turn**: 13.7 statements and 6 connection checks a turn before, 6
  statements and no checks after. A new conversation starts in one statement (the user's row,
  the leased conversation and the user's message, in one `WITH`); a conversation carries on
  in one statement that takes the lease, stores the message and reads the history before it;
  the closing reply is stored and the conversation freed in one statement. Only a turn with
  an `Idempotency-Key` or under a rate limit opens a transaction, for its checks.
- **No round trip per connection checkout**: the pool checks whether the server has written
  to the idle socket (as it does when it goes away) and asks the server only then
  (`chatbot/db.py`; `tests/test_database_restart.py` covers a restart and an outage).
- **uvloop and httptools**, which uvicorn picks up by itself: a cheaper event loop and HTTP
  parser.
- **No more 180 ms stalls**: start-up leaves some 350,000 long-lived objects (most of them
  LiteLLM's), and every full garbage collection scanned them all while every request waited;
  it showed as a p99 near 200 ms. `chatbot serve` now freezes them (`gc.freeze()`) once the
  app is built; a full collection after that takes a few milliseconds.
- **The benchmark measures the service rather than itself**: an aiohttp load generator (a
  quarter of httpx's CPU per request) and a bare ASGI fake model.
- Tried and left out: running LiteLLM's synchronous `completion()` inline instead of in the
  executor saved about 1 ms of CPU a turn (2 ms with the slow model), but only by replacing
  the loop's default executor, which also resolves host names, so one slow DNS answer would
  stall every request. JSON encoding is under 1% of the profile, so `orjson` would not show.
  Caching verified tokens would save about 0.2 ms a turn at the price of trusting a token
  after its key is withdrawn.
"""
