"""The model the loop talks to: the offline engine, called directly, or a LiteLLM provider loaded in the background.

LiteLLM takes seconds and a hundred megabytes to import (it brings the openai SDK, tiktoken and every provider's
types). The default service (no key: the offline engine) never imports it; with a real model configured the server
answers `/health` at once while LiteLLM loads in a thread, a turn that needs the model before then waits for it
(bounded), and a turn the fast path serves never does.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import AsyncIterator
from typing import Any

import anyio
import anyio.to_thread

from chatbot.config import Settings
from chatbot.errors import ServiceUnavailable
from chatbot.fastpath import OfflineModel
from chatbot.model import ModelClient, ModelReply, TextDelta

log = logging.getLogger("chatbot.provider")

# How long a turn waits for LiteLLM to finish loading before it is told to come back.
LOADING_WAIT_SECONDS = 30.0


def configured_model(settings: Settings) -> ModelClient:
    """The model `AGENT_MODEL` names: the offline engine, or a LiteLLM provider that starts loading when `load` runs."""
    return OfflineModel() if settings.uses_offline_model else LoadingModel(settings)


class LoadingModel:
    """A LiteLLM model, imported and built in a worker thread after start-up; `stream` waits for it, bounded."""

    counts_as_model = True

    def __init__(self, settings: Settings, *, wait_seconds: float = LOADING_WAIT_SECONDS):
        self.settings = settings
        self.wait_seconds = wait_seconds
        self.model: ModelClient | None = None
        self.failure: BaseException | None = None
        self.loaded = anyio.Event()

    async def load(self) -> None:
        """Import LiteLLM and build the model (in a thread: the event loop keeps serving); run once, at start-up."""
        started = time.monotonic()
        try:
            self.model = await anyio.to_thread.run_sync(self._build)
            log.info("model loaded", extra={"model": self.settings.agent_model, "seconds": round(time.monotonic() - started, 2)})
        except Exception as error:  # a broken install: every turn that needs the model says so
            self.failure = error
            log.error("the model could not be loaded", extra={"model": self.settings.agent_model, "error": repr(error)[:300]})
        finally:
            self.loaded.set()

    def _build(self) -> ModelClient:
        from chatbot.llm import Model

        return Model(self.settings)

    async def stream(
        self, messages: list[dict[str, Any]], tools: list[dict[str, Any]], *, streaming: bool = True
    ) -> AsyncIterator[TextDelta | ModelReply]:
        if not self.loaded.is_set():
            with anyio.move_on_after(self.wait_seconds):
                await self.loaded.wait()
        if self.model is None:
            reason = "is still starting" if self.failure is None else "could not be loaded"
            raise ServiceUnavailable(
                f"The language model {reason}; please try again shortly.", code="model_unavailable", retry_after=5
            )
        async for event in self.model.stream(messages, tools, streaming=streaming):
            yield event


async def close_provider_clients() -> None:
    """Close the HTTP clients LiteLLM cached for this event loop, when LiteLLM was loaded at all."""
    if "chatbot.llm" in sys.modules:
        await sys.modules["chatbot.llm"].close_clients()
