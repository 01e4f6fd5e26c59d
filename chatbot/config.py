"""Settings read from the environment (and a `.env` file) when the app is built, never at import."""

from __future__ import annotations

import math
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values

from chatbot.db import Bounds
from chatbot.errors import ConfigError

DEFAULT_GEMINI_MODEL = "gemini/gemini-2.0-flash"
OFFLINE_MODEL = "offline"
HMAC_ALGORITHMS = ("HS256", "HS384", "HS512")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


@dataclass(frozen=True)
class Settings:
    """Everything the service can be told, with the defaults docs/configuration.md gives."""

    database_url: str | None = None
    auth_secret: str = field(default="", repr=False)
    auth_secret_generated: bool = False
    jwt_algorithm: str = "HS256"
    auth_jwks_url: str | None = None
    # Several values: Better Auth's jwt plugin and its oauth-provider plugin name different issuers and audiences.
    auth_issuer: tuple[str, ...] = ()
    auth_audience: tuple[str, ...] = ()
    auth_local_accounts: bool = True
    # Better Auth's session table in DATABASE_URL, for its session cookie sent as the bearer token.
    better_auth_session_table: str = "session"
    better_auth_token_column: str = "token"
    better_auth_user_column: str = "userId"
    better_auth_expires_column: str = "expiresAt"
    # The OAuth authorization server MCP clients are sent to (e.g. Better Auth's MCP plugin), if any.
    mcp_authorization_server: str | None = None
    # GET /metrics (Prometheus text): off unless enabled, or behind its own bearer token when one is set.
    metrics_enabled: bool = False
    metrics_token: str | None = field(default=None, repr=False)
    model_api_key: str | None = field(default=None, repr=False)
    agent_model: str = OFFLINE_MODEL
    agent_temperature: float = 0.7
    agent_max_tokens: int = 1000
    agent_max_steps: int = 6
    # A plain command ("mark task 12 done") is served by the offline engine with no model call.
    agent_fast_path: bool = True
    agent_turn_timeout_seconds: float = 30.0
    max_conversation_history: int = 50
    mcp_server_url: str | None = None
    mcp_timeout_seconds: float = 30.0
    db_pool_size: int = 20
    db_pool_timeout_seconds: float = 5.0
    db_connect_timeout_seconds: float = 5.0
    db_statement_timeout_seconds: float = 10.0
    chat_turns_per_minute: int = 30
    chat_max_concurrent_turns: int = 100
    chat_max_turns_per_user: int = 4
    cors_origins: tuple[str, ...] = ("http://localhost:3000", "http://localhost:5173", "http://localhost:8000")
    log_level: str = "INFO"
    allowed_hosts: tuple[str, ...] = ("127.0.0.1:*", "localhost:*", "[::1]:*")
    # Where clients reach the service (https://todo.example.com): what the MCP resource metadata names.
    public_url: str | None = None
    # Reminders: the scheduler runs in every server unless turned off (then `chatbot worker` runs it), and a webhook
    # receives each reminder too when a URL is set, signed with the secret per Standard Webhooks.
    reminder_scheduler: bool = True
    reminder_webhook_url: str | None = None
    reminder_webhook_secret: str | None = field(default=None, repr=False)
    data_dir: Path = Path(".chatbot")

    @property
    def database_bounds(self) -> Bounds:
        return Bounds(self.db_pool_timeout_seconds, self.db_connect_timeout_seconds, self.db_statement_timeout_seconds)

    @property
    def uses_offline_model(self) -> bool:
        return self.agent_model == OFFLINE_MODEL


@dataclass(frozen=True)
class Setting:
    """One row of the configuration: its variables, its default and meaning (docs/configuration.md), and its `.env.example` lines."""

    names: tuple[str, ...]
    default: str
    meaning: str
    note: str | None
    examples: dict[str, str]


# Every variable the service reads, once: docs/configuration.md's table and `.env.example` are written from this
# (`python -m chatbot.config`), and tests/test_config.py fails when a variable is read that is not here.
SETTINGS: tuple[Setting, ...] = (
    Setting(
        ("DATABASE_URL",),
        "embedded",
        "PostgreSQL 14+ URL; unset starts the embedded server in `CHATBOT_DATA_DIR/pgdata`",
        "PostgreSQL URL. Unset: an embedded PostgreSQL in $CHATBOT_DATA_DIR/pgdata.",
        {"DATABASE_URL": "postgresql://user:password@host:5432/dbname?sslmode=require"},
    ),
    Setting(
        ("BETTER_AUTH_SECRET",),
        "generated",
        "HMAC secret that signs bearer tokens; unset uses `CHATBOT_DATA_DIR/dev-secret` (created once, mode 0600)",
        "Signing secret for bearer tokens (Better Auth's BETTER_AUTH_SECRET). Unset: a development secret is generated.",
        {"BETTER_AUTH_SECRET": ""},
    ),
    Setting(
        ("JWT_ALGORITHM",),
        "`HS256`",
        "`HS256`, `HS384` or `HS512`",
        "HMAC algorithm for tokens signed with BETTER_AUTH_SECRET: HS256, HS384 or HS512.",
        {"JWT_ALGORITHM": "HS256"},
    ),
    Setting(
        ("AUTH_JWKS_URL",),
        "none",
        "Better Auth's JWKS (`.../api/auth/jwks`): its EdDSA, RS256 and ES256 tokens are accepted too",
        "JWKS URL of Better Auth's JWT plugin, to verify its EdDSA/RS256/ES256 tokens too.",
        {"AUTH_JWKS_URL": "http://localhost:3000/api/auth/jwks"},
    ),
    Setting(
        (
            "AUTH_ISSUER",
            "AUTH_AUDIENCE",
        ),
        "none",
        "when set (comma-separated), JWKS-verified tokens must carry one of these `iss` / `aud` values: Better Auth's jwt plugin uses its base URL for both, its oauth-provider plugin `<base>/api/auth` as issuer and the resource as audience",
        "When set, tokens verified through the JWKS must carry one of these issuers / audiences (comma-separated).",
        {"AUTH_ISSUER": "http://localhost:3000", "AUTH_AUDIENCE": "http://localhost:3000"},
    ),
    Setting(
        ("AUTH_LOCAL_ACCOUNTS",),
        "`true`",
        "serve `/api/auth/register` and `/api/auth/login`; `false` where Better Auth signs people in",
        "POST /api/auth/register and /api/auth/login; false where Better Auth signs people in.",
        {"AUTH_LOCAL_ACCOUNTS": "true"},
    ),
    Setting(
        (
            "BETTER_AUTH_SESSION_TABLE",
            "BETTER_AUTH_TOKEN_COLUMN",
            "BETTER_AUTH_USER_COLUMN",
            "BETTER_AUTH_EXPIRES_COLUMN",
        ),
        "`session`, `token`, `userId`, `expiresAt`",
        "where Better Auth keeps its sessions, for its session cookie as the bearer token",
        "Better Auth's session table and columns in DATABASE_URL, for its session cookie sent as the bearer token.",
        {
            "BETTER_AUTH_SESSION_TABLE": "session",
            "BETTER_AUTH_TOKEN_COLUMN": "token",
            "BETTER_AUTH_USER_COLUMN": "userId",
            "BETTER_AUTH_EXPIRES_COLUMN": "expiresAt",
        },
    ),
    Setting(
        ("MCP_AUTHORIZATION_SERVER",),
        "unset",
        "the OAuth authorization server the MCP resource metadata names",
        "The OAuth authorization server MCP clients are pointed at (RFC 9728 metadata), e.g. Better Auth's MCP plugin.",
        {"MCP_AUTHORIZATION_SERVER": "http://localhost:3000/api/auth"},
    ),
    Setting(
        ("METRICS_ENABLED",),
        "`false`",
        "serve `GET /metrics`",
        "GET /metrics in Prometheus text format: off unless true, or when a token is set (then it needs that bearer token).",
        {"METRICS_ENABLED": "false"},
    ),
    Setting(
        ("METRICS_TOKEN",),
        "unset",
        "serve `GET /metrics` only with this bearer token",
        "With a token set, GET /metrics needs it as the bearer token.",
        {"METRICS_TOKEN": ""},
    ),
    Setting(
        ("REMINDER_SCHEDULER",),
        "`on`",
        "deliver reminders from this server (`off`: a separate `chatbot worker` does); any number may run, each reminder is delivered once",
        "Deliver due reminders from this server: on or off (then run `chatbot worker` somewhere).",
        {"REMINDER_SCHEDULER": "on"},
    ),
    Setting(
        (
            "REMINDER_WEBHOOK_URL",
            "REMINDER_WEBHOOK_SECRET",
        ),
        "unset",
        "POST each reminder there too, signed per Standard Webhooks with the `whsec_...` secret (both needed); retried with back-off",
        "Where to POST each reminder as a Standard Webhook, and the whsec_... secret that signs it.",
        {"REMINDER_WEBHOOK_URL": "", "REMINDER_WEBHOOK_SECRET": ""},
    ),
    Setting(
        (
            "GOOGLE_API_KEY",
            "GEMINI_API_KEY",
        ),
        "none",
        "a Gemini key; makes `gemini/gemini-2.0-flash` the default model",
        "Gemini API key (GEMINI_API_KEY works too). Set: the default model becomes gemini/gemini-2.0-flash.",
        {"GOOGLE_API_KEY": ""},
    ),
    Setting(
        ("AGENT_MODEL",),
        "`offline` (or Gemini with a key)",
        "any LiteLLM model string, or `offline`",
        'Any LiteLLM model string, or "offline" for the built-in rule-based engine.',
        {"AGENT_MODEL": "offline"},
    ),
    Setting(
        ("AGENT_TEMPERATURE",),
        "`0.7`",
        "sampling temperature, 0 to 2",
        "Sampling temperature, 0 to 2.",
        {"AGENT_TEMPERATURE": "0.7"},
    ),
    Setting(
        ("AGENT_MAX_TOKENS",),
        "`1000`",
        "most tokens in one model answer",
        "Most tokens the model may write in one answer.",
        {"AGENT_MAX_TOKENS": "1000"},
    ),
    Setting(
        ("AGENT_MAX_STEPS",),
        "`6`",
        "most model calls in one turn; past it the reply says what was done",
        "Most model calls in one chat turn.",
        {"AGENT_MAX_STEPS": "6"},
    ),
    Setting(
        ("AGENT_FAST_PATH",),
        "`on`",
        'a plain command ("mark task 12 done", "add buy milk", "show my pending tasks") is served by the offline engine with no model call; `off` sends every turn to the model',
        'on: a plain command ("mark task 12 done") is served by the offline engine with no model call; off: every turn asks the model.',
        {"AGENT_FAST_PATH": "on"},
    ),
    Setting(
        ("AGENT_TURN_TIMEOUT_SECONDS",),
        "`30`",
        "time for a whole turn; past it 503 `turn_timeout`, and what was done stays stored",
        "Seconds a whole turn may take before the client gets 503 (what was done is kept).",
        {"AGENT_TURN_TIMEOUT_SECONDS": "30"},
    ),
    Setting(
        ("MAX_CONVERSATION_HISTORY",),
        "`50`",
        "newest messages the model reads, never starting inside a tool exchange",
        "How many of a conversation's newest messages the model reads.",
        {"MAX_CONVERSATION_HISTORY": "50"},
    ),
    Setting(
        ("MCP_SERVER_URL",),
        "none",
        "the agent uses this MCP server over Streamable HTTP (e.g. another instance's `/api/mcp`), with the user's token, instead of its own",
        "External MCP server over Streamable HTTP (e.g. another instance's /api/mcp); empty: the in-process server.",
        {"MCP_SERVER_URL": "http://tools.internal:8000/api/mcp"},
    ),
    Setting(
        ("MCP_TIMEOUT_SECONDS",),
        "`30`",
        "time for one tool call",
        "Seconds one MCP tool call may take.",
        {"MCP_TIMEOUT_SECONDS": "30"},
    ),
    Setting(
        ("DB_POOL_SIZE",),
        "`20`",
        "most pooled database connections",
        "Most database connections the pool opens.",
        {"DB_POOL_SIZE": "20"},
    ),
    Setting(
        ("DB_POOL_TIMEOUT_SECONDS",),
        "`5`",
        "how long a request waits for a free connection before answering 503",
        "Seconds a request waits for a free connection before answering 503.",
        {"DB_POOL_TIMEOUT_SECONDS": "5"},
    ),
    Setting(
        ("DB_CONNECT_TIMEOUT_SECONDS",),
        "`5`",
        "how long opening a database connection may take (at least 2)",
        "Seconds opening a database connection may take (at least 2).",
        {"DB_CONNECT_TIMEOUT_SECONDS": "5"},
    ),
    Setting(
        ("DB_STATEMENT_TIMEOUT_SECONDS",),
        "`10`",
        "how long one SQL statement may run; the server cancels it then (not behind a transaction pooler, which refuses the setting), and the service gives up on a server that does not answer two seconds later",
        "Seconds one SQL statement may run before the server cancels it (a frozen server is given up on 2 s later).",
        {"DB_STATEMENT_TIMEOUT_SECONDS": "10"},
    ),
    Setting(
        ("CHAT_TURNS_PER_MINUTE",),
        "`30`",
        "turns one user may start per minute, counted in the database (0: no limit)",
        "Chat turns one user may start per minute (0: no limit); counted in the database, so across instances.",
        {"CHAT_TURNS_PER_MINUTE": "30"},
    ),
    Setting(
        ("CHAT_MAX_CONCURRENT_TURNS",),
        "`100`",
        "turns one process runs at once; one more is refused at once with 503 `server_busy` and `Retry-After`",
        "Turns one process runs at once; one more is refused at once (503 server_busy, Retry-After).",
        {"CHAT_MAX_CONCURRENT_TURNS": "100"},
    ),
    Setting(
        ("CHAT_MAX_TURNS_PER_USER",),
        "`4`",
        "turns one user may have running at once in a process; one more is refused at once with 429 `turns_in_progress`, so one user's burst never takes what others need",
        "Turns one user may have running at once; one more is refused at once (429 turns_in_progress).",
        {"CHAT_MAX_TURNS_PER_USER": "4"},
    ),
    Setting(
        ("CORS_ORIGINS",),
        "`http://localhost:3000,http://localhost:5173,http://localhost:8000`",
        "browser origins allowed",
        "Browser origins allowed to call the API, comma-separated.",
        {"CORS_ORIGINS": "http://localhost:3000,http://localhost:5173,http://localhost:8000"},
    ),
    Setting(
        ("ALLOWED_HOSTS",),
        "`127.0.0.1:*,localhost:*,[::1]:*`",
        "`Host` values `/api/mcp` accepts (DNS-rebinding protection); `chatbot serve --host H` adds `H:*`",
        'Host header values /api/mcp accepts (DNS-rebinding protection), comma-separated; "host:*" allows any port.',
        {"ALLOWED_HOSTS": "127.0.0.1:*,localhost:*,[::1]:*"},
    ),
    Setting(
        ("PUBLIC_URL",),
        "the request's own",
        "where clients reach the service, e.g. `https://todo.example.com`: the MCP resource metadata and its 401 challenge name it (then cached publicly); unset, they name the request's own host, and only a host in `ALLOWED_HOSTS` is answered",
        "Where clients reach the service; the MCP resource metadata names it. Unset: the request's own host, if allowed.",
        {"PUBLIC_URL": "https://todo.example.com"},
    ),
    Setting(
        ("LOG_LEVEL",),
        "`INFO`",
        "`DEBUG`, `INFO`, `WARNING`, `ERROR`, `CRITICAL`",
        "DEBUG, INFO, WARNING, ERROR or CRITICAL.",
        {"LOG_LEVEL": "INFO"},
    ),
    Setting(
        ("CHATBOT_DATA_DIR",),
        "`.chatbot`",
        "embedded database and development secret",
        "Where the embedded database and the development secret live.",
        {"CHATBOT_DATA_DIR": ".chatbot"},
    ),
    Setting(
        ("GEMINI_API_BASE",),
        "Google's",
        "read by LiteLLM: send Gemini calls to a proxy or a local fake server",
        "Send Gemini calls to a proxy or a local fake server instead (read by LiteLLM itself).",
        {"GEMINI_API_BASE": ""},
    ),
)

# Variables declared above that others read: LiteLLM reads GEMINI_API_BASE itself.
READ_ELSEWHERE = frozenset({"GEMINI_API_BASE"})
_TABLE_START, _TABLE_END = "<!-- settings: written by `python -m chatbot.config` -->", "<!-- /settings -->"


def markdown_table() -> str:
    """The configuration table of docs/configuration.md."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    rows += [f"| {' / '.join(f'`{name}`' for name in s.names)} | {s.default} | {s.meaning} |" for s in SETTINGS]
    return "\n".join(rows)


def env_example() -> str:
    """`.env.example`: every variable, commented out, with what it does."""
    lines = [
        "# Copy to .env and edit; a variable set in the environment wins over this file.",
        "# Every line may stay commented out: the defaults run everything locally.",
        "# Written by `python -m chatbot.config` from chatbot/config.py's SETTINGS.",
        "",
    ]
    for setting in SETTINGS:
        lines += [f"# {setting.note}"] if setting.note else []
        lines += [f"# {name}={value}" for name, value in setting.examples.items()]
    return "\n".join(lines) + "\n"


def page_with_table(page: str) -> str:
    """`page` (docs/configuration.md) with its configuration table written anew between the markers."""
    before, start, rest = page.partition(_TABLE_START)
    _, end, after = rest.partition(_TABLE_END)
    if not (start and end):
        raise ConfigError(f"docs/configuration.md has no {_TABLE_START} ... {_TABLE_END} markers around its table.")
    return f"{before}{_TABLE_START}\n{markdown_table()}\n{_TABLE_END}{after}"


def load_settings(environ: Mapping[str, str] | None = None, env_file: str | Path | None = ".env") -> Settings:
    """Read settings from `environ` (default: the process environment) over the `.env` file."""
    values: dict[str, str] = {}
    if env_file is not None and Path(env_file).is_file():
        values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update(os.environ if environ is None else environ)
    reader = _Reader(values)
    default = Settings()

    data_dir = Path(reader.text("CHATBOT_DATA_DIR") or default.data_dir)
    secret = reader.text("BETTER_AUTH_SECRET")
    generated = secret is None
    if generated:
        secret = development_secret(data_dir)
    api_key = reader.text("GOOGLE_API_KEY") or reader.text("GEMINI_API_KEY")
    default_model = DEFAULT_GEMINI_MODEL if api_key else OFFLINE_MODEL

    return Settings(
        database_url=reader.text("DATABASE_URL"),
        auth_secret=secret,
        auth_secret_generated=generated,
        jwt_algorithm=reader.choice("JWT_ALGORITHM", HMAC_ALGORITHMS, default.jwt_algorithm),
        auth_jwks_url=reader.text("AUTH_JWKS_URL"),
        auth_issuer=reader.items("AUTH_ISSUER", ()),
        auth_audience=reader.items("AUTH_AUDIENCE", ()),
        auth_local_accounts=reader.flag("AUTH_LOCAL_ACCOUNTS", default.auth_local_accounts),
        better_auth_session_table=reader.identifier("BETTER_AUTH_SESSION_TABLE", default.better_auth_session_table),
        better_auth_token_column=reader.identifier("BETTER_AUTH_TOKEN_COLUMN", default.better_auth_token_column),
        better_auth_user_column=reader.identifier("BETTER_AUTH_USER_COLUMN", default.better_auth_user_column),
        better_auth_expires_column=reader.identifier("BETTER_AUTH_EXPIRES_COLUMN", default.better_auth_expires_column),
        mcp_authorization_server=reader.text("MCP_AUTHORIZATION_SERVER"),
        metrics_enabled=reader.flag("METRICS_ENABLED", default.metrics_enabled),
        metrics_token=reader.text("METRICS_TOKEN"),
        model_api_key=api_key,
        agent_model=reader.text("AGENT_MODEL") or default_model,
        agent_temperature=reader.number("AGENT_TEMPERATURE", default.agent_temperature, low=0.0, high=2.0),
        agent_max_tokens=reader.integer("AGENT_MAX_TOKENS", default.agent_max_tokens, low=1),
        agent_max_steps=reader.integer("AGENT_MAX_STEPS", default.agent_max_steps, low=1, high=50),
        agent_fast_path=reader.choice("AGENT_FAST_PATH", ("on", "off"), "on" if default.agent_fast_path else "off") == "on",
        agent_turn_timeout_seconds=reader.number("AGENT_TURN_TIMEOUT_SECONDS", default.agent_turn_timeout_seconds, low=1.0),
        max_conversation_history=reader.integer("MAX_CONVERSATION_HISTORY", default.max_conversation_history, low=1),
        mcp_server_url=reader.text("MCP_SERVER_URL"),
        mcp_timeout_seconds=reader.number("MCP_TIMEOUT_SECONDS", default.mcp_timeout_seconds, low=1.0),
        db_pool_size=reader.integer("DB_POOL_SIZE", default.db_pool_size, low=1, high=1000),
        db_pool_timeout_seconds=reader.number("DB_POOL_TIMEOUT_SECONDS", default.db_pool_timeout_seconds, low=0.1, high=120.0),
        db_connect_timeout_seconds=reader.number(
            "DB_CONNECT_TIMEOUT_SECONDS", default.db_connect_timeout_seconds, low=2.0, high=120.0
        ),
        db_statement_timeout_seconds=reader.number(
            "DB_STATEMENT_TIMEOUT_SECONDS", default.db_statement_timeout_seconds, low=0.1, high=3600.0
        ),
        chat_turns_per_minute=reader.integer("CHAT_TURNS_PER_MINUTE", default.chat_turns_per_minute, low=0),
        chat_max_turns_per_user=reader.integer("CHAT_MAX_TURNS_PER_USER", default.chat_max_turns_per_user, low=1, high=1000),
        chat_max_concurrent_turns=reader.integer(
            "CHAT_MAX_CONCURRENT_TURNS", default.chat_max_concurrent_turns, low=1, high=100000
        ),
        cors_origins=reader.items("CORS_ORIGINS", default.cors_origins),
        log_level=reader.choice("LOG_LEVEL", LOG_LEVELS, default.log_level, upper=True),
        allowed_hosts=reader.items("ALLOWED_HOSTS", default.allowed_hosts),
        public_url=reader.url("PUBLIC_URL"),
        data_dir=data_dir,
        reminder_scheduler=reader.choice("REMINDER_SCHEDULER", ("on", "off"), "on") == "on",
        **_webhook(reader),
    )


def _webhook(reader: _Reader) -> dict[str, str | None]:
    """The reminder webhook's URL and secret: both or neither, the secret as Standard Webhooks writes one."""
    url, secret = reader.text("REMINDER_WEBHOOK_URL"), reader.text("REMINDER_WEBHOOK_SECRET")
    if url is None and secret is None:
        return {}
    if url is None or secret is None:
        raise ConfigError("REMINDER_WEBHOOK_URL and REMINDER_WEBHOOK_SECRET go together: set both, or neither.")
    if not re.fullmatch(r"https?://[^/\s?#]+\S*", url):
        raise ConfigError(f"REMINDER_WEBHOOK_URL must be an http:// or https:// URL, not {url!r}.")
    body = secret.removeprefix("whsec_")
    if not secret.startswith("whsec_") or not re.fullmatch(r"[A-Za-z0-9+/]{16,}={0,2}", body):
        raise ConfigError("REMINDER_WEBHOOK_SECRET must be a Standard Webhooks secret: whsec_ and base64 (24+ bytes).")
    return {"reminder_webhook_url": url, "reminder_webhook_secret": secret}


def development_secret(data_dir: Path) -> str:
    """The secret kept in the data folder (mode 0600), created on first use."""
    path = data_dir / "dev-secret"
    if path.is_file():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as file:
        file.write(secret + "\n")
    return secret


class _Reader:
    """Typed reads of raw strings, each failure naming its variable."""

    def __init__(self, values: Mapping[str, str]):
        self.values = values

    def text(self, name: str) -> str | None:
        value = self.values.get(name, "").strip()
        return value or None

    def url(self, name: str) -> str | None:
        """An http(s) URL with a host, without its trailing slash."""
        value = self.text(name)
        if value is not None and not re.fullmatch(r"https?://[^/\s?#]+(?:/[^\s?#]*)?", value):
            raise ConfigError(f"{name} must be an http:// or https:// URL such as https://todo.example.com, not {value!r}.")
        return value.rstrip("/") if value else None

    def identifier(self, name: str, default: str) -> str:
        """A SQL table or column name: letters, digits and underscores (it is quoted where it is used)."""
        value = self.text(name) or default
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", value):
            raise ConfigError(f"{name} must be a table or column name of letters, digits and underscores, not {value!r}.")
        return value

    def integer(self, name: str, default: int, *, low: int | None = None, high: int | None = None) -> int:
        raw = self.text(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
        return self._bounded(name, value, low, high)

    def number(self, name: str, default: float, *, low: float | None = None, high: float | None = None) -> float:
        raw = self.text(name)
        if raw is None:
            return default
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise ConfigError(f"{name} must be a number, got {raw!r}")
        return self._bounded(name, value, low, high)

    def items(self, name: str, default: tuple[str, ...]) -> tuple[str, ...]:
        raw = self.text(name)
        if raw is None:
            return default
        return tuple(item.strip() for item in raw.split(",") if item.strip())

    def flag(self, name: str, default: bool) -> bool:
        raw = self.text(name)
        if raw is None:
            return default
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{name} must be true or false, got {raw!r}")

    def choice(self, name: str, allowed: tuple[str, ...], default: str, *, upper: bool = False) -> str:
        raw = self.text(name)
        if raw is None:
            return default
        value = raw.upper() if upper else raw
        if value not in allowed:
            raise ConfigError(f"{name} must be one of {', '.join(allowed)}, got {raw!r}")
        return value

    @staticmethod
    def _bounded(name, value, low, high):
        if (low is not None and value < low) or (high is not None and value > high):
            span = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise ConfigError(f"{name} must be {span}, got {value}")
        return value


if __name__ == "__main__":
    # Writes the table of docs/configuration.md and .env.example from SETTINGS (run from the repository's root).
    root = Path(__file__).resolve().parent.parent
    (root / ".env.example").write_text(env_example())
    (root / "docs" / "configuration.md").write_text(page_with_table((root / "docs" / "configuration.md").read_text()))
