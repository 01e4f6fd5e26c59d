"""The fake Gemini of tests/fake_gemini.py as its own process: `python -m bench.fake_gemini_server --port P --delay S`."""

from __future__ import annotations

import argparse

import uvicorn

from tests.fake_gemini import FakeGemini


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds each model call takes")
    args = parser.parse_args()
    uvicorn.run(FakeGemini(delay=args.delay).app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
