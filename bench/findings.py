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
    """What the run's numbers say; the figures quoted are this run's."""
    from bench.report import calls_of, cpu, model_calls, own_cpu, point

    def at(provider, model, shape, clients=10, mode="json"):
        return point(results, provider, model, shape, mode, clients)

    gemini, openai = calls_of(results, "gemini"), calls_of(results, "openai")
    on, off = results["eval"]["on"], results["eval"]["off"]
    missed = [name for name, met, _ in targets.values() if met is False]
    fast_cpu = cpu(at("gemini", "slow", "fast", 1))
    floor_cpu = cpu(results["floor"]["10"], "floor")
    one_cpu, two_cpu = cpu(at("gemini", "instant", "one_call")), cpu(at("gemini", "instant", "two_call"))
    openai_cpu = cpu(at("openai", "instant", "two_call", 50))
    slow_one = at("gemini", "slow", "one_call", 1)
    return f"""## What the numbers say

- **Most turns no longer wait on a model twice.** On the {on["turns"]} eval turns, the fast path
  serves {100 * on["fast_turns"] / on["turns"]:.1f}% with no model call, every one of them as its case
  expected ({on["fast_passed"]}/{on["fast_turns"]}), and model calls per turn fall from
  {off["model_calls_per_turn"]:.2f} (`AGENT_FAST_PATH=off`) to {on["model_calls_per_turn"]:.2f}. A bare to-do that
  goes to the model takes one call, not two ({model_calls(slow_one):.2f} a turn here): with a
  {1000 * results["delay_s"]:.0f} ms model its p50 is {slow_one["p50_ms"]:.0f} ms, where the two-call shape's is
  {at("gemini", "slow", "two_call", 1)["p50_ms"]:.0f} ms.
- **A fast-path turn costs {fast_cpu:.1f} ms of the server's CPU**, against the floor's
  {floor_cpu:.1f} ms for the same SQL and HTTP alone. A py-spy profile of fast-path turns (`make
  profile ARGS="--shape fast --gil"`) puts about a third of it in our own code (the engine reading
  the message and the conversation, about half of that), a fifth in psycopg, a sixth in the MCP
  SDK's in-process round trip (its request context, middleware and result validation), and the
  rest in JWT checks, Starlette and the event loop. That is why the 2.5 ms target is missed: the
  MCP round trip and the JWT check alone are close to a millisecond.
- **LiteLLM's own CPU per call could not be halved by supported means.** A Gemini call costs
  {own_cpu(gemini, "litellm"):.2f} ms beyond a raw HTTP call as we make it, against
  {own_cpu(gemini, "litellm_default"):.2f} ms with LiteLLM's defaults. cProfile of 300 calls
  puts that time in httpx and LiteLLM's aiohttp transport
  (about 18%), its logging object and success handler (7%), the Gemini transformation (6%),
  pydantic (5%), `utils.py`'s wrapper and `function_setup` (5%) and the cost calculation (6%),
  spread so thin that no switch removes a large part: `no-log`, `turn_off_message_logging`,
  custom zero pricing, `disable_aiohttp_transport`, naming the provider explicitly and
  `LITELLM_RUST` were each measured (five runs each, interleaved) and none moved the median
  beyond the machine's noise. The OpenAI path cost more than Gemini's because the openai SDK
  builds typed request and response objects on every call (under cProfile, 18% of the call in
  the SDK and 8% more in `typing`; a stream adds tiktoken counting). LiteLLM's generic
  compatible provider speaks the same wire format with its own HTTP client, so `openai/...` with
  a base URL now goes that way: {own_cpu(openai, "litellm"):.2f} ms of LiteLLM's own CPU per call
  against {own_cpu(openai, "litellm_default"):.2f} ms through the openai SDK. What did halve the
  model's cost per turn is asking it less: the fast path and the one-call turn.
- **Model turns pay for the engine's reading.** Every turn now reads the message with the
  offline engine to choose its path, and a model turn's tool round is read again to tell
  whether a second call is needed; a two-call turn costs {two_cpu:.1f} ms of CPU at 10 clients
  against 9.8 ms before issue 18 (the before-and-after table). Most turns no longer have that
  shape: a one-call turn costs {one_cpu:.1f} ms and a fast-path turn {fast_cpu:.1f} ms.
- **A model turn's CPU**: {one_cpu:.1f} ms for a one-call turn and {two_cpu:.1f} ms for a two-call
  turn on the fake-Gemini path at 10 clients; on the OpenAI-compatible path at 50 clients, a
  two-call turn costs {openai_cpu:.1f} ms. The one-call turn is the shape a bare to-do now has.
- **Not met in this run**: {"; ".join(missed) if missed else "none"}.
"""
