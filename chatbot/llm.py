"""The one place that talks to LiteLLM: model names, the offline provider, streaming, retries."""

from __future__ import annotations

import json
import logging
import math
import os
import random
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import anyio
import litellm
import openai
from litellm import CustomLLM

from chatbot import engine
from chatbot.config import OFFLINE_MODEL, Settings
from chatbot.errors import ServiceUnavailable
from chatbot.model import ModelReply, TextDelta, ToolCall

log = logging.getLogger("chatbot.llm")

OFFLINE_PROVIDER = "offline"
OFFLINE_MODEL_NAME = f"{OFFLINE_PROVIDER}/rules"
_RETRYABLE = (
    litellm.Timeout,
    litellm.RateLimitError,
    litellm.ServiceUnavailableError,
    litellm.InternalServerError,
    litellm.APIConnectionError,
    litellm.BadGatewayError,
)
_FATAL = (
    litellm.AuthenticationError,
    litellm.PermissionDeniedError,
    litellm.NotFoundError,
    litellm.BadRequestError,
)
RETRY_DELAYS = (0.5, 1.5, 4.0)
# LiteLLM's generic OpenAI-compatible provider: the same wire format through its own HTTP handler.
COMPATIBLE_PROVIDER = "hosted_vllm"
OPENAI_BASE_VARIABLES = ("OPENAI_API_BASE", "OPENAI_BASE_URL")


def _failure(model: str, error: Exception) -> dict[str, str]:
    return {"model": model, "error": type(error).__name__, "detail": str(error)[:300]}


def model_name(settings: Settings) -> str:
    """The LiteLLM model string for the configured model."""
    return OFFLINE_MODEL_NAME if settings.agent_model == OFFLINE_MODEL else settings.agent_model


def configure_litellm() -> None:
    """LiteLLM's process-wide settings, and the offline engine as its `offline` provider; safe to repeat."""
    litellm.suppress_debug_info = True
    litellm.drop_params = True
    others = [entry for entry in litellm.custom_provider_map if entry.get("provider") != OFFLINE_PROVIDER]
    litellm.custom_provider_map = [*others, {"provider": OFFLINE_PROVIDER, "custom_handler": OfflineProvider()}]


async def close_clients() -> None:
    """Close the HTTP clients LiteLLM cached for this event loop, which is ending."""
    from litellm.llms.custom_httpx.async_client_cleanup import close_litellm_async_clients

    await close_litellm_async_clients()
    # Cached clients belong to the loop that made them; a later app in this process makes its own.
    litellm.in_memory_llm_clients_cache.flush_cache()


class Model:
    """Streams one model call at a time through LiteLLM, retrying what is worth retrying."""

    def __init__(self, settings: Settings):
        configure_litellm()
        self.name = model_name(settings)
        # The offline engine runs in this process: a failure there is a bug, not a busy server.
        self.retry_delays = () if self.name == OFFLINE_MODEL_NAME else RETRY_DELAYS
        self.options: dict[str, Any] = {
            "temperature": settings.agent_temperature,
            "max_tokens": settings.agent_max_tokens,
            "num_retries": 0,
        }
        if settings.model_api_key and self.name.startswith("gemini/"):
            self.options["api_key"] = settings.model_api_key
        self._route_compatible_server()
        self.missing_keys = self._missing_keys()
        if self.missing_keys:
            log.error(
                "the model has no API key: every turn will fail until it is set",
                extra={"model": self.name, "missing": " or ".join(self.missing_keys)},
            )

    def _missing_keys(self) -> list[str]:
        """The environment variables the provider needs for a key and does not have (none for the offline engine)."""
        if self.name == OFFLINE_MODEL_NAME:
            return []
        needed = litellm.validate_environment(model=self.name, api_key=self.options.get("api_key"))
        # Only keys: a missing *_API_BASE has a default (Ollama's localhost, say).
        return [name for name in needed.get("missing_keys", []) if name.endswith("_KEY")]

    def _route_compatible_server(self) -> None:
        """Send `openai/...` with a base URL of its own (Ollama, vLLM, LM Studio) through LiteLLM's generic
        OpenAI-compatible provider: the same requests and answers, without the openai SDK's per-call object
        building (about 15% less CPU per call, bench/README.md). OpenAI's own API keeps the openai path."""
        base = next((os.environ[name] for name in OPENAI_BASE_VARIABLES if os.environ.get(name)), None)
        if base is None or not self.name.startswith("openai/"):
            return
        self.name = f"{COMPATIBLE_PROVIDER}/{self.name.removeprefix('openai/')}"
        self.options["api_base"] = base
        # Local servers ignore the key, so none is needed; one given is still sent, as the openai client would.
        if os.environ.get("OPENAI_API_KEY"):
            self.options["api_key"] = os.environ["OPENAI_API_KEY"]

    async def stream(
        self, messages: list[dict[str, Any]], tools: list[dict[str, Any]], *, streaming: bool = True
    ) -> AsyncIterator[TextDelta | ModelReply]:
        """Yield text as it arrives, then the whole reply with its assembled tool calls.

        With `streaming=False` the model is asked for one complete answer (a client that wants
        JSON gains nothing from a stream), and its text comes as a single delta.
        """
        if self.missing_keys:
            # Not an outage: retrying cannot help, and the operator needs the variable's name.
            raise ServiceUnavailable(
                f"The language model is not configured: set {' or '.join(self.missing_keys)}.",
                code="model_not_configured",
                retry_after=60,
            )
        call = self._stream_once if streaming else self._complete_once
        for attempt in range(len(self.retry_delays) + 1):
            started = False
            try:
                async for event in call(messages, tools):
                    started = True
                    yield event
                return
            except _RETRYABLE as error:
                delay = _retry_after(error) or (self.retry_delays + (0,))[attempt] * (1 + random.random() / 4)
                remaining = anyio.current_effective_deadline() - anyio.current_time()
                if started or attempt == len(self.retry_delays) or delay >= remaining:
                    # Out of tries, or the wait would outlast the turn: tell the client when to come back.
                    log.error("model call failed", extra=_failure(self.name, error))
                    raise ServiceUnavailable(
                        "The language model is busy or unreachable; please try again shortly.",
                        code="model_unavailable",
                        retry_after=max(1, math.ceil(_retry_after(error) or delay or 10)),
                    ) from error
                log.warning(
                    "model call failed, retrying",
                    extra={"model": self.name, "error": type(error).__name__, "detail": str(error)[:300], "retry_in_s": delay},
                )
                await anyio.sleep(delay)
            except litellm.ContentPolicyViolationError:
                yield ModelReply(finish_reason="content_filter")
                return
            except _FATAL as error:
                log.error("the model refused the request: check AGENT_MODEL and the API key", extra=_failure(self.name, error))
                raise ServiceUnavailable(
                    "The language model is not available right now.", code="model_unavailable", retry_after=60
                ) from error
            except openai.OpenAIError as error:
                # Every other failure LiteLLM maps (an answer that is no completion: HTML from a proxy, a body that
                # is not JSON, a malformed one) is the model being unavailable, on the JSON door as on the stream.
                log.error("the model's answer could not be read", extra=_failure(self.name, error))
                raise ServiceUnavailable(
                    "The language model gave an answer that could not be read; please try again shortly.",
                    code="model_unavailable",
                    retry_after=30,
                ) from error

    async def _complete_once(self, messages, tools) -> AsyncIterator[TextDelta | ModelReply]:
        response = await litellm.acompletion(model=self.name, messages=messages, tools=tools or None, **self.options)
        choice = response.choices[0]
        message = choice.message
        calls = _CallAssembler()
        for index, call in enumerate(message.tool_calls or []):
            calls.add(index, call.id, call.function.name, call.function.arguments)
        if message.content:
            yield TextDelta(message.content)
        yield ModelReply(text=message.content or "", tool_calls=calls.finish(), finish_reason=choice.finish_reason)

    async def _stream_once(self, messages, tools) -> AsyncIterator[TextDelta | ModelReply]:
        response = await litellm.acompletion(model=self.name, messages=messages, tools=tools or None, stream=True, **self.options)
        reply = ModelReply()
        calls = _CallAssembler()
        async for chunk in response:
            if not chunk.choices:
                continue
            choice = chunk.choices[0]
            delta = choice.delta
            if delta is not None and delta.content:
                reply.text += delta.content
                yield TextDelta(delta.content)
            for piece in (delta.tool_calls or []) if delta is not None else []:
                function = piece.function
                calls.add(
                    piece.index,
                    piece.id,
                    function.name if function is not None else None,
                    function.arguments if function is not None else None,
                )
            if choice.finish_reason:
                reply.finish_reason = choice.finish_reason
        reply.tool_calls = calls.finish()
        yield reply


class _CallAssembler:
    """Joins streamed function-call pieces into whole calls, even when a provider reuses an index."""

    def __init__(self):
        self.calls: list[dict[str, Any]] = []
        self.by_index: dict[int, dict[str, Any]] = {}

    def add(self, index: int | None, call_id: str | None, name: str | None, arguments: str | None) -> None:
        """Add one piece: a new call when its index (or id) is new, more of the current call otherwise."""
        index = index if index is not None else len(self.calls)
        current = self.by_index.get(index)
        if current is None or (call_id and current["id"] and call_id != current["id"]):
            current = {"id": call_id or "", "name": "", "arguments": ""}
            self.calls.append(current)
            self.by_index[index] = current
        if call_id and not current["id"]:
            current["id"] = call_id
        if name:
            current["name"] = name
        if arguments:
            current["arguments"] += arguments

    def finish(self) -> list[ToolCall]:
        finished = []
        for number, call in enumerate(self.calls):
            finished.append(
                ToolCall(
                    id=call["id"] or f"call_{number}",
                    name=call["name"],
                    raw_arguments=call["arguments"],
                    arguments=_parse_arguments(call["arguments"]),
                )
            )
        return finished


def _parse_arguments(raw: str) -> dict[str, Any] | None:
    if not raw.strip():
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def _retry_after(error: Exception) -> int | None:
    """The provider's Retry-After in whole seconds, if it sent one."""
    # LiteLLM keeps the provider's headers on `litellm_response_headers`; `response` is often a stand-in.
    for headers in (getattr(error, "litellm_response_headers", None), getattr(getattr(error, "response", None), "headers", None)):
        try:
            return max(1, math.ceil(float((headers or {}).get("retry-after", ""))))
        except (TypeError, ValueError):
            continue
    return None


class OfflineProvider(CustomLLM):
    """The offline engine's `respond`, exposed to LiteLLM as a provider and streamed word by word."""

    async def acompletion(self, model, messages, *args, **kwargs) -> litellm.ModelResponse:
        reply = engine.read(messages).reply
        message: dict[str, Any] = {"role": "assistant", "content": reply.text or None}
        if reply.calls:
            message["tool_calls"] = [_call_dict(name, arguments) for name, arguments in reply.calls]
        finish = "tool_calls" if reply.calls else "stop"
        return litellm.ModelResponse(
            model=OFFLINE_MODEL_NAME,
            created=int(time.time()),
            choices=[{"index": 0, "message": message, "finish_reason": finish}],
        )

    async def astreaming(self, model, messages, *args, **kwargs) -> AsyncIterator[dict[str, Any]]:
        reply = engine.read(messages).reply
        for index, (name, arguments) in enumerate(reply.calls):
            call = _call_dict(name, arguments) | {"index": index}
            yield _chunk("", tool_use=call)
        pieces = reply.text.split(" ")
        for number, piece in enumerate(pieces):
            yield _chunk(piece if number == 0 else " " + piece)
        yield _chunk("", finished=True, finish_reason="tool_calls" if reply.calls else "stop")

    def completion(self, *args, **kwargs):
        raise NotImplementedError("the offline engine is asynchronous: use litellm.acompletion")


def _call_dict(name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"call_{uuid.uuid4().hex[:12]}",
        "type": "function",
        "function": {"name": name, "arguments": json.dumps(arguments)},
    }


def _chunk(text: str, *, tool_use: dict | None = None, finished: bool = False, finish_reason: str = "") -> dict[str, Any]:
    return {
        "text": text,
        "tool_use": tool_use,
        "is_finished": finished,
        "finish_reason": finish_reason,
        "usage": None,
        "index": 0,
    }
