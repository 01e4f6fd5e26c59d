"""Word tables the offline engine reads people's messages with."""

from __future__ import annotations

# Past tenses we trust to mean "I did the task that starts with this verb": "paid the rent" -> "pay".
PAST_TENSE = {
    "ate": "eat", "booked": "book", "bought": "buy", "brought": "bring", "built": "build", "called": "call",
    "cleaned": "clean", "did": "do", "drew": "draw", "driven": "drive", "drove": "drive", "eaten": "eat",
    "emailed": "email", "fed": "feed", "finished": "finish", "fixed": "fix", "found": "find", "gave": "give",
    "given": "give", "got": "get", "hung": "hang", "kept": "keep", "left": "leave", "made": "make", "met": "meet",
    "mowed": "mow", "ordered": "order", "paid": "pay", "picked": "pick", "planned": "plan", "prepared": "prepare",
    "ran": "run", "read": "read", "renewed": "renew", "returned": "return", "scheduled": "schedule", "seen": "see",
    "sent": "send", "shopped": "shop", "sold": "sell", "spent": "spend", "spoke": "speak", "submitted": "submit",
    "swept": "sweep", "taken": "take", "threw": "throw", "told": "tell", "took": "take", "walked": "walk",
    "washed": "wash", "watered": "water", "went": "go", "won": "win", "wrote": "write",
}  # fmt: skip
