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
    "cancelled": "cancel", "canceled": "cancel", "travelled": "travel", "labelled": "label", "refuelled": "refuel",
}  # fmt: skip

# Words a message starts with to ask for something: a near miss of one ("remvoe") is read as it.
COMMAND_WORDS = frozenset(
    {"add", "create", "remove", "delete", "finish", "complete", "list", "show", "update", "rename", "mark", "change", "remind"}
)
# Words a question starts with, mended like command words: "waht's on my list".
QUESTION_WORDS = frozenset({"what", "which", "show"})
# What "add a ... to" names, for "add a tsak to".
TASK_NOUNS = frozenset({"task", "todo", "item", "reminder"})
# How "mark ... as" ends.
DONE_WORDS = frozenset({"done", "complete", "completed", "finished"})
# Real words one slip away from a command word, never to be "corrected": "lost" is not "list".
KNOWN_WORDS = frozenset(
    {"and", "dad", "lost", "lift", "lint", "mist", "fist", "shoe", "snow", "shot", "slow", "show", "mask", "park", "mart",
     "bark", "dark", "lark", "mare", "mate", "make", "rate", "date", "gate", "late", "hate", "range", "hinge", "finch",
     "task", "tank", "talk", "tack", "took", "todo", "item", "items", "done", "dune", "dine", "bone", "cone", "gone",
     "none", "tone", "zone", "dome", "doe", "does", "had", "mad", "bad", "pad", "sad", "lad", "fad", "odd",
     "that", "shop", "chat", "whet", "shod", "slot", "stow", "what", "wheat"}
)  # fmt: skip
# Verbs a to-do starts with: "buy milk and call mom" is two things, "buy salt and pepper" one.
ITEM_VERBS = frozenset(
    {"buy", "call", "email", "text", "post", "send", "clean", "sort", "pick", "get", "book", "pay", "fix", "water",
     "write", "read", "print", "return", "renew", "wash", "walk", "feed", "take", "bring", "make", "cook", "order",
     "check", "finish", "submit", "visit", "meet", "plan", "prepare", "schedule", "cancel", "charge", "mow", "vacuum",
     "tidy", "phone", "ring", "collect", "drop", "file", "pack", "repair", "replace", "change", "clear", "do", "go",
     "study", "practice", "practise", "learn", "review", "update", "backup", "back", "empty", "iron", "fold", "shop",
     "wrap", "bake", "paint", "hang", "install", "move", "sell", "rent", "reserve", "register", "sign", "apply", "fill",
     "open", "start", "sweep", "mop", "dust", "defrost", "recycle", "donate", "research", "find", "look", "organise",
     "organize", "arrange", "invite", "thank", "transfer", "deposit", "withdraw", "edit", "draft", "record",
     "reorganize", "reorganise", "declutter", "hoover", "descale", "polish", "weed", "rake", "trim", "mend", "sew", "confirm",
     "reply", "respond", "ask", "chase", "scan", "ship", "refund", "exchange", "upgrade", "download", "upload", "wipe",
     "scrub", "groom", "bathe", "jog", "swim", "stretch", "meditate", "unpack", "load", "unload", "shred", "refill",
     "restock", "service", "cut", "hire", "fetch", "grab", "measure", "test", "try", "prep"}
)  # fmt: skip
# A command said as a gerund ("would you mind ticking off ..."), and its plain form.
GERUNDS = {
    "ticking": "tick", "checking": "check", "crossing": "cross", "marking": "mark", "deleting": "delete",
    "removing": "remove", "renaming": "rename", "changing": "change", "clearing": "clear", "completing": "complete",
    "showing": "show", "listing": "list", "updating": "update", "reopening": "reopen", "scrapping": "scrap",
}  # fmt: skip
