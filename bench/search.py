"""Text search over tasks: ILIKE with and without the trigram index, and full-text search, side by side.

Run `python -m bench.search`: it makes a database of 500,000 tasks of 100 users on the embedded
server, searches one user's 5,000, prints the median of 200 queries for each way, and drops it.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import psycopg

from chatbot import db, migrate

WORDS = (
    "buy call email pay book fix clean send renew order pick water walk plan review dentist plumber invoice report garden".split()
)
ILIKE = "SELECT id FROM tasks WHERE user_id = %s AND (title || ' ' || coalesce(description, '')) ILIKE %s ORDER BY id LIMIT 50"
FULL_TEXT = (
    "SELECT id FROM tasks WHERE user_id = %s AND to_tsvector('simple', title || ' ' || coalesce(description, '')) "
    "@@ plainto_tsquery('simple', %s) ORDER BY id LIMIT 50"
)


def median_ms(conn: psycopg.Connection, sql: str, args: tuple, runs: int = 200) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        conn.execute(sql, args).fetchall()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    admin = db.start_embedded(Path(".chatbot/test"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS searchbench WITH (FORCE)")
        conn.execute("CREATE DATABASE searchbench")
    head, _, query = admin.partition("?")
    url = head.rsplit("/", 1)[0] + "/searchbench" + ("?" + query if query else "")
    migrate.apply(url)
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("INSERT INTO users (id) SELECT 'u' || g FROM generate_series(0, 99) g")
            conn.execute(
                """INSERT INTO tasks (user_id, title, description)
                SELECT 'u' || (g %% 100),
                       (%(w)s::text[])[1 + g %% 20] || ' ' || (%(w)s::text[])[1 + (g / 20) %% 20] || ' ' || md5(g::text),
                       CASE WHEN g %% 3 = 0 THEN 'note ' || md5((g * 7)::text) END
                FROM generate_series(1, 500000) g""",
                {"w": WORDS},
            )
            conn.execute("ANALYZE tasks")
            print(f"ILIKE, trigram index, a rare word: {median_ms(conn, ILIKE, ('u0', '%a1b2%')):.2f} ms")
            print(f"ILIKE, trigram index, a common word: {median_ms(conn, ILIKE, ('u0', '%dentist%')):.2f} ms")
            conn.execute("DROP INDEX tasks_text_trgm")
            print(f"ILIKE, no trigram index, a rare word: {median_ms(conn, ILIKE, ('u0', '%a1b2%')):.2f} ms")
            print(f"ILIKE, no trigram index, a common word: {median_ms(conn, ILIKE, ('u0', '%dentist%')):.2f} ms")
            print(f"full-text search, no index, a common word: {median_ms(conn, FULL_TEXT, ('u0', 'dentist')):.2f} ms")
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS searchbench WITH (FORCE)")


if __name__ == "__main__":
    main()
