"""Word tables the offline engine reads people's messages with."""

from __future__ import annotations

import re


def rx(pattern: str) -> re.Pattern[str]:
    """A pattern over people's words: case never matters."""
    return re.compile(pattern, re.IGNORECASE)


class Gate:
    """Whether a message holds any of the words a family of patterns needs (written in lowercase): most skip the family.

    ASCII text is scanned lowered and case-sensitively, which Python's `re` does two to three times faster than a
    case-blind scan; other text case-blind, as its case can fold in ways lowering does not ("ſ" is an "s").
    """

    def __init__(self, pattern: str):
        self._lowered = re.compile(pattern)
        self._caseless = re.compile(pattern, re.IGNORECASE)

    def __call__(self, text: str) -> bool:
        if text.isascii():
            return self._lowered.search(text.lower()) is not None
        return self._caseless.search(text) is not None


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
    "phoned": "phone", "telephoned": "telephone", "rang": "ring", "rung": "ring", "written": "write", "caught": "catch",
    "rode": "ride", "thrown": "throw", "taught": "teach", "spoken": "speak", "repaired": "repair", "mended": "mend", "posted": "post", "hoovered": "hoover",
}  # fmt: skip

# Words that name the same thing in a task's title: each maps to the one word matching compares.
SYNONYMS = {
    "phone": "call", "ring": "call", "telephone": "call", "rang": "call", "rung": "call", "phoned": "call",
    "gift": "present", "pressie": "present", "movie": "film", "cinema": "film",
    "payment": "pay", "physician": "doctor", "gp": "doctor", "doc": "doctor", "dr": "doctor",
    "repair": "fix", "mend": "fix", "repaired": "fix", "mended": "fix",
    "bicycle": "bike", "automobile": "car", "vehicle": "car",
    "groceries": "grocery", "food shop": "grocery", "supermarket": "grocery",
    "e-mail": "email", "mail": "email", "emailed": "email",
    "appt": "appointment", "hw": "homework", "mum": "mom", "mam": "mom", "mother": "mom",
    "hoover": "vacuum", "hoovering": "vacuum", "tv": "television", "telly": "television",
    "rubbish": "trash", "garbage": "trash", "bins": "trash", "bin": "trash",
}  # fmt: skip
# Words a message starts with to ask for something: a near miss of one ("remvoe") is read as it.
COMMAND_WORDS = frozenset(
    {
        "add",
        "create",
        "remove",
        "delete",
        "finish",
        "complete",
        "list",
        "show",
        "update",
        "rename",
        "mark",
        "change",
        "remind",
        "move",
    }
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
ITEM_VERBS = frozenset({"catch", "attend", "drive", "fly", "hand", "help", "host", "vote", "tell", "follow", "invoice", "quote",
                        "repaint", "revise", "teach", "grade", "deploy", "merge", "watch", "message", "grease", "oil", "reset",
                        "restart", "reboot", "service", "tighten", "sharpen", "descale", "polish", "sand"}) | frozenset(
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

# The word classes the grammar's templates name (`{ADD}`, `{DONE}`, ...): each said once, here.
CLASSES: dict[str, tuple[str, ...]] = {
    "ADD": ("add", "create", "jot down", "note down", "write down", "put down", "new"),
    # Verbs that add only with where to: "put eggs on my list" (but "put the recycling out" is a to-do).
    "PLACE": ("put", "pop", "stick", "throw", "chuck", "slap", "add", "jot", "write"),
    "TASK": ("task", "todo", "to-do", "to do", "item", "reminder", "tasks", "todos", "items"),
    "ONTO_LIST": ("to my list", "on my list", "onto my list", "to the list", "on the list", "onto the list", "in my list",
                  "to my todo list", "to my to-do list", "to my to do list", "to my tasks", "to the todo list", "on there",
                  "to my todos", "on it"),
    "REMIND": ("remind me to", "don't let me forget to", "dont let me forget to", "do not let me forget to", "don't forget to",
               "dont forget to", "do not forget to", "remember to", "i need to remember to", "i have to remember to",
               "i must remember to", "i gotta remember to", "gotta remember to", "i should remember to", "set a reminder to"),
    "MARK": ("mark", "set", "flag"),
    "DONE": ("done", "complete", "completed", "finished", "sorted", "handled", "taken care of", "dealt with", "paid", "sent",
             "booked", "posted", "submitted"),
    "HEADING": ("add", "note", "jot down", "note down", "todo", "to-do", "to do", "task", "new task", "new todo", "reminder",
                "new reminder", "please add", "please note down"),
    "NEED": ("i need to", "i have to", "i must", "i should", "i gotta", "i got to", "i've got to", "ive got to", "i have got to",
             "i ought to", "i need to remember to", "gotta", "need to", "have to", "we need to", "we have to", "we must"),
    "FINISHED": ("finished", "completed", "i finished", "i completed", "i've finished", "ive finished", "i have finished",
                 "i've completed", "i have completed", "just finished", "i just finished", "i've just finished",
                 "finally finished", "i finally finished"),
    # To-do verbs that are never an order to the list itself ("move", "change", "cancel", "finish" are): "call grandma
    # tonight at 7" can only be a thing to add.
    "TODO_VERB": tuple(sorted(ITEM_VERBS - {"move", "change", "update", "cancel", "drop", "clear", "finish", "sort", "check",
                                             "file", "find", "look", "back", "backup", "do", "go", "try", "test", "open",
                                             "start", "hang", "take", "get", "make", "help", "tell", "hand", "record"})),
    "DESCRIBE": ("description", "details", "notes", "note", "desc"),
    "NOT_DONE": ("not done", "not finished", "not complete", "not completed", "not yet done", "undone", "unfinished",
                 "incomplete", "pending", "open", "to do"),
    "TICK": ("tick", "check", "cross"),
    "COMPLETE": ("complete", "finish", "close"),
    "DELETE": ("delete", "remove", "scrap", "bin", "ditch", "drop", "nix", "cancel", "rm"),
    # Verbs that delete a task only when the words name one ("get rid of the wasps nest" is a to-do).
    "DELETE_LOOSE": ("erase", "trash", "scratch", "strike", "kill", "get rid of", "forget about", "yeet", "nuke", "axe"),
    "OFF_LIST": ("from my list", "from the list", "off my list", "off the list", "from my tasks", "from my todo list",
                 "from my to-do list", "from my todos"),
    "REOPEN": ("reopen", "re-open", "uncheck", "untick", "unmark", "uncomplete"),
    "RENAME": ("rename", "retitle", "change", "update", "edit"),
    "MOVE": ("move", "push", "shift", "reschedule", "postpone", "prepone", "change", "bump", "put off", "delay", "defer", "set", "update"),
    "MAKE": ("make", "set", "mark", "flag", "change", "put"),
    "PRIORITY": ("low priority", "high priority", "medium priority", "top priority", "urgent", "important", "high", "low",
                 "medium", "normal priority", "not urgent", "priority high", "priority low", "priority medium", "priority urgent"),
    "TAG": ("tag", "label"),
}  # fmt: skip
