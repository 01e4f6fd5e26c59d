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
    """Everything the service can be told, with the defaults the README's configuration table gives."""

    database_url: str | None = None
    auth_secret: str = field(default="", repr=False)
    auth_secret_generated: bool = False
    jwt_algorithm: str = "HS256"
    auth_jwks_url: str | None = None
    auth_issuer: str | None = None
    auth_audience: str | None = None
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
    cors_origins: tuple[str, ...] = ("http://localhost:3000", "http://localhost:5173", "http://localhost:8000")
    log_level: str = "INFO"
    allowed_hosts: tuple[str, ...] = ("127.0.0.1:*", "localhost:*", "[::1]:*")
    data_dir: Path = Path(".chatbot")

    @property
    def database_bounds(self) -> Bounds:
        return Bounds(self.db_pool_timeout_seconds, self.db_connect_timeout_seconds, self.db_statement_timeout_seconds)

    @property
    def uses_offline_model(self) -> bool:
        return self.agent_model == OFFLINE_MODEL


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
        auth_issuer=reader.text("AUTH_ISSUER"),
        auth_audience=reader.text("AUTH_AUDIENCE"),
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
        chat_max_concurrent_turns=reader.integer(
            "CHAT_MAX_CONCURRENT_TURNS", default.chat_max_concurrent_turns, low=1, high=100000
        ),
        cors_origins=reader.items("CORS_ORIGINS", default.cors_origins),
        log_level=reader.choice("LOG_LEVEL", LOG_LEVELS, default.log_level, upper=True),
        allowed_hosts=reader.items("ALLOWED_HOSTS", default.allowed_hosts),
        data_dir=data_dir,
    )


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
