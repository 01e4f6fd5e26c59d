"""The `chatbot` command: serve, migrate, token, chat, eval."""

from __future__ import annotations

import argparse
import errno
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from chatbot import logs, migrate
from chatbot.auth import DEMO_USER, mint_token
from chatbot.config import Settings, load_settings
from chatbot.errors import ConfigError

# The shared acceptance cases ship inside the package, so `chatbot eval` works from a wheel too.
CASES = Path(__file__).resolve().parent / "cases"
DEFAULT_CASES = CASES / "chat_cases.jsonl"
# How long start-up waits for DATABASE_URL's server to answer, unless the URL sets connect_timeout itself.
CONNECT_TIMEOUT_SECONDS = 10


class StartupError(Exception):
    """What stops start-up before serving (an unusable database, a taken port), said in one line."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="chatbot", description="A todo list you manage by talking to it.")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="apply migrations, then serve the API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--reload", action="store_true", help="restart when a file of the package changes (development)")

    commands.add_parser("worker", help="deliver reminders only (for servers run with REMINDER_SCHEDULER=off); any number may run")

    migrating = commands.add_parser("migrate", help="apply pending migrations (or roll back)")
    migrating.add_argument("--rollback", type=int, metavar="N", help="roll back the newest N migrations")

    token = commands.add_parser("token", help="print a signed token for a user")
    token.add_argument("user_id")
    token.add_argument("--ttl", type=int, default=24 * 3600, metavar="SECONDS", help="lifetime (default: one day)")

    chatting = commands.add_parser("chat", help="talk to a running server from the terminal")
    chatting.add_argument("--url", default="http://localhost:8000", help="the server (default: http://localhost:8000)")
    chatting.add_argument("--user", default=DEMO_USER, help=f"user id (default: {DEMO_USER})")
    chatting.add_argument("--token", help="bearer token (default: $CHATBOT_TOKEN, or one signed with the local secret)")
    chatting.add_argument("--conversation", type=int, metavar="ID", help="resume this conversation")

    evaluating = commands.add_parser("eval", help="run chat cases through the HTTP API and report how the model did")
    evaluating.add_argument("--url", help="a running server (default: start one in this process)")
    evaluating.add_argument(
        "--cases", nargs="+", type=Path, default=[DEFAULT_CASES], metavar="FILE", help="JSON-lines case files"
    )
    evaluating.add_argument("--model", help="AGENT_MODEL for the in-process server, e.g. offline or gemini/gemini-2.0-flash")

    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"chatbot: configuration error: {error}", file=sys.stderr)
        return 2
    if args.command == "token":
        if not args.user_id.strip() or args.ttl < 1:
            parser.error("USER_ID must not be blank and --ttl must be positive")
        print(mint_token(settings.auth_secret, args.user_id, ttl_seconds=args.ttl, algorithm=settings.jwt_algorithm))
        return 0
    logs.configure("WARNING" if args.command in ("eval", "chat") else settings.log_level)
    try:
        return run_command(args, settings)
    except StartupError as error:
        print(f"chatbot: {error}", file=sys.stderr)
        return 1


def run_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run one of the commands that need settings and logging; StartupError says why one cannot start."""
    if args.command == "chat":
        return chat_command(settings, args.url, args.user, args.token, args.conversation)
    if args.command == "eval":
        return evaluate_command(settings, args.url, args.cases, args.model)
    if args.command == "migrate":
        return migrate_command(database_url(settings), args.rollback)
    if args.command == "worker":
        return worker_command(settings, database_url(settings))
    # The port first: a server already on it would otherwise answer our readiness check and be announced as us.
    with listen(args.host, args.port) as listener:
        if args.reload and args.workers != 1:
            raise StartupError("--reload runs one worker; leave out --workers.")
        return serve_forever(settings, database_url(settings), listener, args.host, args.port, args.workers, reload=args.reload)


def migrate_command(url: str, rollback: int | None) -> int:
    """Apply pending migrations, or roll back the newest `rollback` ones."""
    if rollback:
        done = run_migrations(migrate.rollback, url, rollback)
        print(f"Rolled back {len(done)} migration(s): {', '.join(done) or 'none'}")
    else:
        done = run_migrations(migrate.apply, url)
        print(f"Applied {len(done)} migration(s): {', '.join(done) or 'already up to date'}")
    return 0


def worker_command(settings: Settings, url: str) -> int:
    """Run the reminder scheduler alone until interrupted (the database's schema brought up to date first)."""
    import anyio

    from chatbot import db
    from chatbot.reminders import Scheduler

    applied = run_migrations(migrate.apply, url)
    print(f"Database ready ({len(applied)} migration(s) applied). Delivering reminders; Ctrl+C stops.", flush=True)

    async def deliver() -> None:
        pool = await db.open_pool(url, 4, settings.database_bounds)
        try:
            await Scheduler(pool, settings.reminder_webhook_url, settings.reminder_webhook_secret).run()
        finally:
            await pool.close()

    try:
        anyio.run(deliver)
    except KeyboardInterrupt:
        pass
    return 0


def listen(host: str, port: int) -> socket.socket:
    """The socket the server will listen on, bound now; StartupError when the address is taken or not ours."""
    from chatbot.serving import bind

    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        return bind(host, port)
    except OSError as error:
        reason = error.strerror or str(error)
        if error.errno == errno.EADDRINUSE:
            reason = "the port is already in use (is another server running? choose another with --port)"
        raise StartupError(f"cannot serve on {address}: {reason}") from None


def database_url(settings: Settings) -> str:
    """The configured database once it answers, or the embedded one started now (and shared with workers)."""
    if settings.database_url:
        check_database(settings.database_url)
        return settings.database_url
    from chatbot import db

    pgdata = settings.data_dir / "pgdata"
    print(f"Starting the embedded PostgreSQL in {pgdata} ...", flush=True)
    try:
        url = db.start_embedded(settings.data_dir)
    except (OSError, subprocess.SubprocessError) as error:
        raise StartupError(
            f"could not start the embedded PostgreSQL in {pgdata} ({error}); its log is {pgdata / 'log'}"
        ) from None
    os.environ["DATABASE_URL"] = url  # the app, and every worker process, use this server
    return url


def check_database(url: str) -> None:
    """Connect once, so a wrong scheme, password or host stops start-up with one line naming DATABASE_URL."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    scheme = urlsplit(url).scheme
    if scheme not in ("postgresql", "postgres"):
        got = f", not {scheme}://" if scheme else ""
        raise StartupError(f"DATABASE_URL must be a postgresql:// or postgres:// URL{got}")
    try:
        timeout = {} if "connect_timeout" in conninfo_to_dict(url) else {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
        psycopg.connect(url, **timeout).close()
    except psycopg.Error as error:
        raise StartupError(f"cannot connect to DATABASE_URL: {one_line(error)}") from None


def run_migrations(action: Callable[..., list[str]], url: str, *args: int) -> list[str]:
    """Run a migrate.* action; the server going away meanwhile is told in one line, like a failed check."""
    import psycopg

    try:
        return action(url, *args)
    except psycopg.OperationalError as error:
        raise StartupError(f"cannot migrate the database: {one_line(error)}") from None


def one_line(error: Exception) -> str:
    """The error's message on one line: libpq's span several, with tabs."""
    return " ".join(str(error).split())


def serve_forever(
    settings: Settings, url: str, listener: socket.socket, host: str, port: int, workers: int, *, reload: bool = False
) -> int:
    """Migrate, then serve the app on `listener` until stopped."""
    import uvicorn

    if host not in ("127.0.0.1", "localhost", "::1", "0.0.0.0", "::") and not os.environ.get("ALLOWED_HOSTS"):
        # /api/mcp's DNS-rebinding protection must let in the host this server is reached by.
        os.environ["ALLOWED_HOSTS"] = ",".join([*settings.allowed_hosts, f"{host}:*"])
    applied = run_migrations(migrate.apply, url)
    print(f"Database ready ({len(applied)} migration(s) applied).", flush=True)
    if settings.auth_secret_generated:
        print(f"No BETTER_AUTH_SECRET set: using the development secret in {settings.data_dir / 'dev-secret'}.", flush=True)
    model = "the offline engine" if settings.uses_offline_model else settings.agent_model
    print(f"Model: {model}.", flush=True)
    threading.Thread(target=_announce_when_up, args=(settings, host, port), daemon=True).start()
    # uvicorn re-raises the signal that stopped it; exiting through Python lets the embedded
    # PostgreSQL be stopped by its exit handler instead of being left running. For Ctrl-C this also
    # spares a KeyboardInterrupt traceback after a clean shutdown.
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, lambda *_: sys.exit(0))
    config = uvicorn.Config(
        "chatbot.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=settings.agent_turn_timeout_seconds + 5,
        # Longer than the idle timeout of common proxies and clients, so a kept-alive connection is
        # not closed by us just as a client sends its next request on it.
        timeout_keep_alive=75,
    )
    if reload:
        # uvicorn's own reloader: a supervisor watches the package and restarts the server process on a change.
        from uvicorn.supervisors import ChangeReload

        package = Path(__file__).resolve().parent
        config.reload, config.reload_dirs = True, [package]  # Paths: the reloader globs them
        print(f"Reloading on changes under {package}.", flush=True)
        ChangeReload(config, target=uvicorn.Server(config).run, sockets=[listener]).run()
        return 0
    if workers == 1:
        uvicorn.Server(config).run(sockets=[listener])
        return 0
    if settings.metrics_enabled or settings.metrics_token:
        # Each worker writes its counts to files here; a scrape of any worker adds them all up.
        shared = settings.data_dir / "metrics"
        shutil.rmtree(shared, ignore_errors=True)
        shared.mkdir(parents=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(shared)
    from uvicorn.supervisors import Multiprocess

    _fork_workers_from_a_preloaded_server()
    Multiprocess(config, sockets=[listener]).run()
    return 0


def _fork_workers_from_a_preloaded_server() -> None:
    """Have uvicorn start its workers as forks of one process that has imported the app (see `chatbot.preload`)."""
    import multiprocessing

    from uvicorn import _subprocess

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return  # (Windows) each worker is spawned, and imports the app itself
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["chatbot.preload"])
    # uvicorn makes its workers with this module's `spawn` context; a forkserver context makes them the same way
    # (the process object is pickled across), from the preloaded server.
    _subprocess.spawn = context


def chat_command(settings: Settings, url: str, user: str, token: str | None, conversation: int | None) -> int:
    """Talk to the server at `url` as `user` until /quit or Ctrl-D."""
    import httpx

    from chatbot import terminal

    token = (
        token
        or os.environ.get("CHATBOT_TOKEN")
        or mint_token(settings.auth_secret, user, ttl_seconds=24 * 3600, algorithm=settings.jwt_algorithm)
    )
    with httpx.Client(base_url=url, timeout=httpx.Timeout(10, read=300)) as client:
        terminal.run(terminal.ChatSession(client, user, token, sys.stdout, conversation))
    return 0


def evaluate_command(settings: Settings, url: str | None, case_files: list[Path], model: str | None) -> int:
    """Run the cases against `url`, or against an app served from this process; 0 when all pass."""
    import httpx

    from chatbot import evaluate

    try:
        cases = evaluate.load_cases(case_files)
    except (OSError, ValueError) as error:
        print(f"chatbot eval: {error}", file=sys.stderr)
        return 2
    if url and model:
        print("chatbot eval: --model applies to the in-process server; the one at --url uses its own", file=sys.stderr)
        return 2
    turns = sum(len(case["turns"]) for case in cases)
    where = url or "an in-process server"
    print(f"Running {len(cases)} cases ({turns} turns) against {where} ...", file=sys.stderr, flush=True)
    if url:
        with httpx.Client(base_url=url, timeout=120) as client:
            report = evaluate.run_cases(client, cases, settings.auth_secret, settings.jwt_algorithm)
    else:
        settings = replace(settings, database_url=database_url(settings), agent_model=model or settings.agent_model)
        run_migrations(migrate.apply, settings.database_url)
        from chatbot.app import create_app
        from chatbot.serving import serve_in_thread

        with serve_in_thread(create_app(settings)) as base_url, httpx.Client(base_url=base_url, timeout=120) as client:
            report = evaluate.run_cases(client, cases, settings.auth_secret, settings.jwt_algorithm)
    evaluate.print_report(report)
    return 0 if not report.failed else 1


def _announce_when_up(settings: Settings, host: str, port: int) -> None:
    """Once /health answers, print a demo token and a curl line to paste."""
    shown_host = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::") else host
    base = f"http://{shown_host}:{port}"
    for _ in range(600):
        try:
            with urllib.request.urlopen(
                f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/health", timeout=2
            ) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        return
    token = mint_token(settings.auth_secret, DEMO_USER, ttl_seconds=24 * 3600, algorithm=settings.jwt_algorithm)
    body = shlex.quote('{"message":"Add a task to buy groceries"}')
    print(
        f"\nReady on {base}\n\n"
        f"export TOKEN={token}\n\n"
        f'curl -N -X POST {base}/api/{DEMO_USER}/chat -H "Authorization: Bearer $TOKEN" '
        f"-H 'Content-Type: application/json' -d {body}\n",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
