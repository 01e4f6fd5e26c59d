"""The service's contract in one place: what a task reads as, what writes take, the list's filters, the chat body
and answers, and the error body.

REST checks bodies with these models, the MCP tools take and return their fields, and `/openapi.json` is made
from them, so the three doors cannot drift apart. A model says what a field is (its JSON type, the fields that
exist); the values are checked by the same functions everywhere (`validation.py`, `planning.py`), which give the
messages people read. Writes refuse a field they don't know, naming it.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypeVar  # pydantic needs typing_extensions' TypedDict on 3.11

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError
from typing_extensions import TypedDict

from chatbot.errors import BadRequest, ChatbotError, Unprocessable
from chatbot.planning import MAX_TAGS, DueWindow, Priority, Sort
from chatbot.validation import MAX_DESCRIPTION, MAX_MESSAGE, MAX_TITLE

Status = Literal["all", "pending", "completed"]

TAG_PATTERN = "^[a-z0-9_-]{1,32}$"
RULE = (
    "How it repeats, as an RRULE: FREQ=DAILY, FREQ=WEEKLY;BYDAY=MO,TH, FREQ=MONTHLY;BYMONTHDAY=15, FREQ=YEARLY, with "
    "INTERVAL=N for every N days/weeks/months/years."
)
DUE = "When it is due, in the user's own timezone: YYYY-MM-DD, or YYYY-MM-DDTHH:MM with a time; null clears it."
REMIND = (
    "When to remind: YYYY-MM-DDTHH:MM in the user's own timezone, or an ISO timestamp with an offset; null clears it. "
    "Setting it again re-arms a reminder already delivered."
)


def _schema(**extra: Any) -> Any:
    """What the OpenAPI document says of a field beyond its type; the value itself is checked by our own functions."""
    return Field(default=None, json_schema_extra=extra)


class _Write(BaseModel):
    """A body that refuses a field it does not know."""

    model_config = ConfigDict(extra="forbid")


class _Plans(_Write):
    """The planning fields a write may set; `null` clears one."""

    due: StrictStr | None = _schema(description=DUE, examples=["2026-12-24", "2026-12-24T09:30"])
    # The fields a read returns, so what was read can be written back.
    due_date: StrictStr | None = _schema(description="The due date alone, as a read gives it (YYYY-MM-DD).", format="date")
    due_time: StrictStr | None = _schema(description="The due time, with due_date (HH:MM).", pattern="^[0-2][0-9]:[0-5][0-9]$")
    priority: StrictStr | None = _schema(description="none, low, medium, high or urgent.", enum=[*Priority.__args__, None])
    tags: list[StrictStr] | None = _schema(
        description=f"Lower-case labels without '#'; at most {MAX_TAGS}.", maxItems=MAX_TAGS, items={"pattern": TAG_PATTERN}
    )
    recurrence: StrictStr | None = _schema(description=RULE)
    remind_at: StrictStr | None = _schema(description=REMIND, examples=["2026-12-24T08:30", "2026-12-24T08:30:00+01:00"])
    # Fields only a read has: accepted and left alone, so a task read can be sent back as it is.
    id: Any = Field(default=None, json_schema_extra={"readOnly": True})
    created_at: Any = Field(default=None, json_schema_extra={"readOnly": True})
    updated_at: Any = Field(default=None, json_schema_extra={"readOnly": True})
    completed_at: Any = Field(default=None, json_schema_extra={"readOnly": True})
    reminded_at: Any = Field(default=None, json_schema_extra={"readOnly": True})

    def plans(self) -> dict[str, Any]:
        """The planning fields this body sets (a `null` among them clears that field), due said either way."""
        return planning({name: getattr(self, name) for name in PLANNING if name in self.model_fields_set})


# The planning fields a write may give, `due` said whole or as the two fields a read returns.
PLANNING = ("due", "due_date", "due_time", "priority", "tags", "recurrence", "remind_at")


def planning(given: dict[str, Any]) -> dict[str, Any]:
    """The planning fields of a write (REST body or tool arguments), with `due_date`/`due_time` said as `due`."""
    plans = {name: value for name, value in given.items() if name not in ("due_date", "due_time")}
    date, time = given.get("due_date"), given.get("due_time")
    if "due_date" not in given:
        if time is not None:
            raise Unprocessable("due_time needs a due_date: send both, or due as YYYY-MM-DDTHH:MM.")
        return plans
    said = date if time is None or date is None else f"{date}T{time}"
    if "due" in given and given["due"] != said:
        raise Unprocessable("due and due_date say different dates: send one of them.")
    return plans | {"due": said}


class NewTask(_Plans):
    """What `POST /api/{user_id}/tasks` and the `add_task` tool take."""

    title: StrictStr = Field(json_schema_extra={"minLength": 1, "maxLength": MAX_TITLE})
    description: StrictStr | None = _schema(maxLength=MAX_DESCRIPTION)


class TaskChanges(_Plans):
    """What `PUT /api/{user_id}/tasks/{task_id}` takes: any of a task's fields; those left out stay as they are."""

    title: StrictStr | None = _schema(minLength=1, maxLength=MAX_TITLE)
    description: StrictStr | None = _schema(maxLength=MAX_DESCRIPTION)
    completed: StrictBool | None = _schema(
        description="true completes it (a repeating task gets its next date); false reopens it."
    )


class Completion(_Write):
    """What `PATCH /api/{user_id}/tasks/{task_id}/complete` takes (no body: completed)."""

    completed: StrictBool | None = Field(default=True)


class Task(BaseModel):
    """A task as the REST API reads it."""

    id: int
    title: str
    description: str | None
    completed: bool
    created_at: str = Field(json_schema_extra={"format": "date-time"})
    updated_at: str = Field(json_schema_extra={"format": "date-time"})
    due_date: str | None = Field(json_schema_extra={"format": "date", "description": "The user's local date."})
    due_time: str | None = Field(json_schema_extra={"pattern": "^[0-2][0-9]:[0-5][0-9]$"})
    priority: Priority
    tags: list[str]
    recurrence: str | None = Field(json_schema_extra={"description": RULE})
    completed_at: str | None = Field(json_schema_extra={"format": "date-time"})
    remind_at: str | None = Field(json_schema_extra={"format": "date-time", "description": "When to remind (UTC)."})
    reminded_at: str | None = Field(
        json_schema_extra={"format": "date-time", "description": "When the reminder was delivered; null while armed."}
    )


class TaskDraft(BaseModel):
    """A new task as the engine reads it from one quick-add line: `POST` it to create the task."""

    title: str = Field(description="The words left once the plans are read out (empty when only plans were said).")
    due_date: str | None = Field(json_schema_extra={"format": "date", "description": "The user's local date."})
    due_time: str | None = Field(json_schema_extra={"pattern": "^[0-2][0-9]:[0-5][0-9]$"})
    priority: Priority
    tags: list[str]
    recurrence: str | None = Field(json_schema_extra={"description": RULE})


class TaskFilters(BaseModel):
    """The query of `GET /api/{user_id}/tasks` (and the `list_tasks` tool's filters)."""

    status: Status = Field(default="all", description="Which tasks to show.")
    due: DueWindow | None = Field(
        default=None,
        description="Due today, overdue, upcoming (after today), this_week, or none (no date), in the user's timezone.",
    )
    tag: str | None = Field(default=None, description="Only tasks with this tag.")
    priority: Priority | None = None
    reminders: bool = Field(default=False, description="true: only tasks with a reminder still to come.")
    q: str | None = Field(default=None, description="Words in the title or description.")
    sort: Sort = Field(default="created", description="created (oldest first), due (soonest first) or priority.")
    limit: int = Field(default=1000, ge=1, le=1000, description="At most this many tasks (default and most: 1000).")
    offset: int = Field(default=0, ge=0, description='Skip this many: the next page starts where `Link: <...>; rel="next"` says.')


class ChatRequest(_Write):
    """The body of `POST /api/{user_id}/chat`."""

    message: StrictStr = Field(json_schema_extra={"minLength": 1, "maxLength": MAX_MESSAGE})
    conversation_id: StrictInt | None = _schema(minimum=1, description="Go on with this conversation; left out: a new one.")
    timezone: StrictStr | None = _schema(description="The IANA timezone the user is in; remembered as theirs.")


class ToolCallShown(BaseModel):
    """One tool call of a turn, with what it returned."""

    name: str
    arguments: dict[str, Any]
    result: Any = None


class ChatResponse(BaseModel):
    """A chat turn answered as one JSON object (`Accept: application/json` or `?stream=false`)."""

    conversation_id: int
    response: str
    tool_calls: list[ToolCallShown]
    model_calls: int | None = Field(default=None, description="Model calls the turn took: 0 when the fast path served it.")


class Conversation(BaseModel):
    id: int
    title: str | None
    created_at: str = Field(json_schema_extra={"format": "date-time"})
    updated_at: str = Field(json_schema_extra={"format": "date-time"})


class Message(BaseModel):
    id: int
    role: Literal["user", "assistant", "tool"]
    content: str | None
    tool_calls: list[dict[str, Any]] | None
    tool_call_id: str | None
    created_at: str = Field(json_schema_extra={"format": "date-time"})


class Credentials(_Write):
    email: StrictStr = Field(json_schema_extra={"format": "email"})
    password: StrictStr = Field(json_schema_extra={"minLength": 8, "maxLength": 128})


class SignedIn(BaseModel):
    user_id: str
    token: str


class Health(BaseModel):
    status: str
    database_ok: bool
    schema_: dict[str, Any] | None = Field(default=None, alias="schema")
    pool_status: dict[str, Any]


class TaskChange(TypedDict):
    """What add, complete, delete and update tools return."""

    task_id: int
    status: str
    title: str


class TaskItem(TypedDict):
    """A task as the tools show it."""

    id: int
    title: str
    description: str | None
    completed: bool
    created_at: str
    due_date: str | None
    due_time: str | None
    priority: str
    tags: list[str]
    recurrence: str | None
    completed_at: str | None
    remind_at: str | None
    reminded_at: str | None


class TaskList(TypedDict):
    # The tasks, as the spec's array (the text content holds the array itself, for clients without structured content).
    tasks: list[TaskItem]


class TaskCompletion(TaskChange):
    # A repeating task's next occurrence, made in the same transaction.
    next: NotRequired[TaskItem]


class ErrorDetail(BaseModel):
    code: str = Field(description="A stable snake_case code, e.g. validation_error, not_found, rate_limited.")
    message: str = Field(description="One sentence for a person.")


class ErrorBody(BaseModel):
    """Every error, from every route: `{"error": {"code", "message"}}`."""

    error: ErrorDetail


Body = TypeVar("Body", bound=BaseModel)

# What a value of the wrong kind should have been, by the start of pydantic's error type ("int_parsing", "int_type").
_KINDS = {"string": "a string", "bool": "true or false", "int": "an integer", "float": "a number", "list": "a list",
          "dict": "an object", "model": "an object"}  # fmt: skip


def read(model: type[Body], data: dict[str, Any]) -> Body:
    """`data` as `model`: 422 naming a field it does not take, 400 for a field of the wrong JSON type or missing."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise refusal(error, model) from None


def refusal(error: ValidationError, model: type[BaseModel]) -> ChatbotError:
    """The first thing wrong with a body, in our words (pydantic's own text never reaches a client)."""
    problem = error.errors(include_url=False, include_input=False)[0]
    field = str(problem["loc"][0]) if problem["loc"] else "body"
    if problem["type"] == "extra_forbidden":
        known = ", ".join(name for name, info in model.model_fields.items() if not _read_only(info))
        return Unprocessable(f"'{field}' is not a field this takes (it takes {known}).", code="unknown_field")
    if problem["type"] == "missing":
        return BadRequest(f"The field '{field}' is required.", code="invalid_field")
    context = problem.get("ctx") or {}
    if problem["type"] == "literal_error":
        return Unprocessable(f"The field '{field}' must be one of {context.get('expected', 'the values it takes')}.")
    for bound, words in (("ge", "at least"), ("gt", "more than"), ("le", "at most"), ("lt", "less than")):
        if bound in context:
            return Unprocessable(f"The field '{field}' must be {words} {context[bound]}.")
    kind = _KINDS.get(problem["type"].split("_")[0], "of another kind")
    if field == "tags":
        kind = "a list of strings"
    nullable = " or null" if field in model.model_fields and not model.model_fields[field].is_required() else ""
    return BadRequest(f"The field '{field}' must be {kind}{nullable}.", code="invalid_field")


def _read_only(info: Any) -> bool:
    extra = info.json_schema_extra
    return isinstance(extra, dict) and bool(extra.get("readOnly"))
