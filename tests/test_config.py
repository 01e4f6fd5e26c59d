"""Settings from the environment and `.env`, with one clear line for a bad value."""

from __future__ import annotations

import stat

import pytest

from chatbot.config import DEFAULT_GEMINI_MODEL, load_settings
from chatbot.errors import ConfigError


def test_defaults_are_designs_and_the_offline_model_without_a_key(tmp_path):
    settings = load_settings({"CHATBOT_DATA_DIR": str(tmp_path)}, env_file=None)
    assert settings.agent_model == "offline"
    assert (settings.agent_max_steps, settings.max_conversation_history, settings.db_pool_size) == (6, 50, 20)
    assert settings.agent_turn_timeout_seconds == 30 and settings.agent_temperature == 0.7
    assert "http://localhost:5173" in settings.cors_origins


def test_a_gemini_key_makes_gemini_the_default_model(tmp_path):
    settings = load_settings({"CHATBOT_DATA_DIR": str(tmp_path), "GEMINI_API_KEY": "k"}, env_file=None)
    assert settings.agent_model == DEFAULT_GEMINI_MODEL and settings.model_api_key == "k"


def test_a_development_secret_is_made_once_private_and_reused(tmp_path):
    first = load_settings({"CHATBOT_DATA_DIR": str(tmp_path)}, env_file=None)
    second = load_settings({"CHATBOT_DATA_DIR": str(tmp_path)}, env_file=None)
    assert first.auth_secret_generated and len(first.auth_secret) >= 32
    assert second.auth_secret == first.auth_secret
    assert stat.S_IMODE((tmp_path / "dev-secret").stat().st_mode) == 0o600


def test_the_environment_wins_over_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("AGENT_MAX_STEPS=3\nBETTER_AUTH_SECRET=from-file\n")
    settings = load_settings({"AGENT_MAX_STEPS": "4", "CHATBOT_DATA_DIR": str(tmp_path)}, env_file=env_file)
    assert settings.agent_max_steps == 4 and settings.auth_secret == "from-file"


@pytest.mark.parametrize(
    "name, value",
    [
        ("AGENT_MAX_STEPS", "many"),
        ("AGENT_MAX_STEPS", "0"),
        ("DB_POOL_SIZE", "-1"),
        ("AGENT_TEMPERATURE", "hot"),
        ("AGENT_TURN_TIMEOUT_SECONDS", "nan"),
        ("JWT_ALGORITHM", "RS256"),
        ("LOG_LEVEL", "chatty"),
        ("DB_CONNECT_TIMEOUT_SECONDS", "1"),
        ("DB_STATEMENT_TIMEOUT_SECONDS", "forever"),
        ("CHAT_MAX_CONCURRENT_TURNS", "0"),
    ],
)
def test_a_bad_value_stops_with_a_message_naming_the_variable(tmp_path, name, value):
    with pytest.raises(ConfigError, match=name):
        load_settings({name: value, "CHATBOT_DATA_DIR": str(tmp_path)}, env_file=None)


def test_every_variable_read_is_declared_once_and_the_docs_are_written_from_the_declaration(monkeypatch, tmp_path):
    from pathlib import Path

    from chatbot import config

    read: set[str] = set()
    text = config._Reader.text

    def recording(self, name):
        read.add(name)
        return text(self, name)

    monkeypatch.setattr(config._Reader, "text", recording)
    config.load_settings({"CHATBOT_DATA_DIR": str(tmp_path)}, env_file=None)
    declared = [name for setting in config.SETTINGS for name in setting.names]
    assert len(declared) == len(set(declared)), "a variable declared twice"
    assert read - set(declared) == set(), "read but not in config.SETTINGS (add it, then run python -m chatbot.config)"
    assert set(declared) - read <= config.READ_ELSEWHERE, "declared but never read"

    root = Path(__file__).resolve().parent.parent
    page = (root / "docs" / "configuration.md").read_text()
    assert config.page_with_table(page) == page, "docs/configuration.md is stale: run python -m chatbot.config"
    assert (root / ".env.example").read_text() == config.env_example(), ".env.example is stale: run python -m chatbot.config"
