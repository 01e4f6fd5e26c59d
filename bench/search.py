"""Text search over tasks: ILIKE with and without the trigram index, and full-text search, side by side (`python -m bench.search`)."""

import statistics
import time
from pathlib import Path

import psycopg

from chatbot import db, migrate

admin = db.start_embedded(Path(".chatbot/test"))
with psycopg.connect(admin, autocommit=True) as c:
    c.execute("DROP DATABASE IF EXISTS searchbench WITH (FORCE)")
    c.execute("CREATE DATABASE searchbench")
head, _, query = admin.partition("?")
url = head.rsplit("/", 1)[0] + "/searchbench" + ("?" + query if query else "")
migrate.apply(url)
words = (
    "buy call email pay book fix clean send renew order pick water walk plan review dentist plumber invoice report garden".split()
)
with psycopg.connect(url, autocommit=True) as c:
    c.execute("INSERT INTO users (id) SELECT 'u' || g FROM generate_series(0, 99) g")
    # 100 users x 5,000 tasks; user u0 is the one searched.
    c.execute(
        """INSERT INTO tasks (user_id, title, description)
        SELECT 'u' || (g %% 100), (%(w)s::text[])[1 + g %% 20] || ' ' || (%(w)s::text[])[1 + (g / 20) %% 20] || ' ' || md5(g::text),
               CASE WHEN g %% 3 = 0 THEN 'note ' || md5((g*7)::text) END
        FROM generate_series(1, 500000) g""",
        {"w": words},
    )
    c.execute("ANALYZE tasks")

    def run(sql, args, n=200):
        times = []
        for _ in range(n):
            t = time.perf_counter()
            c.execute(sql, args).fetchall()
            times.append((time.perf_counter() - t) * 1000)
        return statistics.median(times)

    ilike = (
        "SELECT id FROM tasks WHERE user_id = %s AND (title || ' ' || coalesce(description, '')) ILIKE %s ORDER BY id LIMIT 50"
    )
    fts = "SELECT id FROM tasks WHERE user_id = %s AND to_tsvector('simple', title || ' ' || coalesce(description, '')) @@ plainto_tsquery('simple', %s) ORDER BY id LIMIT 50"
    for label, sql, arg in (
        ("ILIKE + trigram index, rare word", ilike, "%a1b2%"),
        ("ILIKE + trigram index, common word", ilike, "%dentist%"),
    ):
        print(label, round(run(sql, ("u0", arg)), 2), "ms")
    c.execute("DROP INDEX tasks_text_trgm")
    for label, sql, arg in (
        ("ILIKE, no trigram index, rare word", ilike, "%a1b2%"),
        ("ILIKE, no trigram index, common word", ilike, "%dentist%"),
        ("full-text (simple), common word", fts, "dentist"),
    ):
        print(label, round(run(sql, ("u0", arg)), 2), "ms")
with psycopg.connect(admin, autocommit=True) as c:
    c.execute("DROP DATABASE IF EXISTS searchbench WITH (FORCE)")
