"""The server's inbox: links sent from a browser (a bookmarklet, a phone's share menu)
while ``narrate serve --inbox`` runs, each read and built in the background, one at a time.

A link is accepted only with the inbox's secret token (made on first use and kept in the
user's config folder, readable by the user alone), never by a GET and never by a cookie;
each client may send a few a minute. What was sent, and how it went, is kept in memory for
the index page to show.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import os
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path
from urllib.parse import quote

from narrate.errors import NarrateError

TOKEN_FILE = "inbox-token"
# A person adds a link now and then; a page or a script sending more is refused a while.
PER_MINUTE = 20
# What the index shows: the latest links sent, newest first.
KEEP = 50


def config_dir() -> Path:
    """The user's narrate configuration folder (``$XDG_CONFIG_HOME/narrate``)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "narrate"


def token(create: bool = True) -> str:
    """The inbox's secret token, made (and kept, mode 0600) on first use; "" if none yet."""
    path = config_dir() / TOKEN_FILE
    with contextlib.suppress(OSError):
        text = path.read_text("utf-8").strip()
        if text:
            return text
    if not create:
        return ""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    made = secrets.token_urlsafe(24)
    tmp = path.with_name(f".{TOKEN_FILE}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(made + "\n")
    os.replace(tmp, path)
    return made


def valid(given: str, expected: str) -> bool:
    """Whether ``given`` is the token (compared in constant time; an empty one never is)."""
    return bool(given) and bool(expected) and hmac.compare_digest(given, expected)


@dataclass(frozen=True)
class Job:
    """A link sent to the inbox: its address, where it stands, and why it failed."""

    id: int
    url: str
    state: str = "queued"  # queued, reading, done, failed
    reason: str = ""


class Inbox:
    """Links waiting to be read, read one at a time by a background thread with ``work``."""

    def __init__(self, work: Callable[[str], None], per_minute: int = PER_MINUTE) -> None:
        self._work = work
        self._per_minute = per_minute
        self._jobs: deque[Job] = deque(maxlen=KEEP)
        self._sent: dict[str, deque[float]] = {}
        self._ids = 0
        self._lock = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="narrate-inbox", daemon=True)
        self._thread.start()

    def allow(self, client: str) -> bool:
        """Whether ``client`` may send another link now (at most ``per_minute`` a minute)."""
        now = time.monotonic()
        with self._lock:
            times = self._sent.setdefault(client, deque())
            while times and now - times[0] > 60:
                times.popleft()
            if len(times) >= self._per_minute:
                return False
            times.append(now)
            return True

    def submit(self, url: str) -> Job:
        """Queue ``url`` (the same one still waiting is not queued twice); its job."""
        with self._lock:
            for job in self._jobs:
                if job.url == url and job.state in ("queued", "reading"):
                    return job
            self._ids += 1
            job = Job(self._ids, url)
            self._jobs.appendleft(job)
            self._lock.notify_all()
            return job

    def jobs(self) -> list[Job]:
        """The links sent, newest first."""
        with self._lock:
            return list(self._jobs)

    def wait(self, timeout: float) -> bool:
        """Wait until nothing is queued or being read; False if ``timeout`` passed first."""
        end = time.monotonic() + timeout
        with self._lock:
            while any(j.state in ("queued", "reading") for j in self._jobs):
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self._lock.wait(left)
            return True

    def close(self) -> None:
        """Stop taking the next link (one being read is finished)."""
        with self._lock:
            self._closed = True
            self._lock.notify_all()

    def _set(self, job: Job, state: str, reason: str = "") -> None:
        with self._lock:
            for n, known in enumerate(self._jobs):
                if known.id == job.id:
                    self._jobs[n] = replace(known, state=state, reason=reason)
            self._lock.notify_all()

    def _next(self) -> Job | None:
        with self._lock:
            while not self._closed:
                waiting = [j for j in self._jobs if j.state == "queued"]
                if waiting:
                    return waiting[-1]  # the oldest first
                self._lock.wait()
            return None

    def _run(self) -> None:
        while (job := self._next()) is not None:
            self._set(job, state="reading")
            try:
                self._work(job.url)
            except NarrateError as exc:
                self._set(job, state="failed", reason=str(exc))
            except Exception as exc:  # noqa: BLE001 (the inbox outlives any one link)
                self._set(job, state="failed", reason=f"{type(exc).__name__}: {exc}")
            else:
                self._set(job, state="done")


# What the served pages show of the inbox, to a client trusted with it ------------------

_WORDS = {
    "heading": "Listen later",
    "how": "Drag this link to the bookmarks bar, then choose it on any article's page to "
    "add the article to this edition:",
    "link": "Listen later",
    "none": "No link sent yet.",
    "queued": "waiting",
    "reading": "being read",
    "done": "added",
    "failed": "failed",
}


def bookmarklet(base_url: str, secret: str) -> str:
    """A ``javascript:`` link that sends the current tab's address to the inbox (a form
    posted to a new tab: no cookie, no GET)."""
    action = base_url.rstrip("/") + "/add"
    code = (
        "(function(){var f=document.createElement('form');f.method='POST';"
        f"f.action={_js(action)};f.target='_blank';"
        "[['url',location.href],['title',document.title],"
        f"['token',{_js(secret)}]].forEach(function(p){{"
        "var i=document.createElement('input');i.type='hidden';i.name=p[0];i.value=p[1];"
        "f.appendChild(i);});document.body.appendChild(f);f.submit();f.remove();})();"
    )
    return "javascript:" + code


def _js(text: str) -> str:
    return json.dumps(text).replace("<", "\\u003c").replace("'", "\\u0027")


def index_section(jobs: list[Job], base_url: str, secret: str) -> str:
    """The index's "Listen later" section: the bookmarklet and what was sent."""
    parts = [
        '<section id="inbox" aria-labelledby="inbox-heading">',
        f'<h2 id="inbox-heading">{_WORDS["heading"]}</h2>',
        f'<p>{_WORDS["how"]} <a class="bookmarklet" '
        f'href="{escape(bookmarklet(base_url, secret))}">{_WORDS["link"]}</a></p>',
    ]
    if not jobs:
        parts.append(f"<p>{_WORDS['none']}</p>")
    else:
        parts.append("<ul>")
        for job in jobs:
            state = _WORDS.get(job.state, job.state)
            why = f": {escape(job.reason)}" if job.reason else ""
            parts.append(
                f'<li data-state="{escape(job.state)}">{escape(job.url)} ({state}{why})</li>'
            )
        parts.append("</ul>")
    parts.append("</section>")
    return "\n".join(parts)


def with_inbox(page: bytes, jobs: list[Job], base_url: str, secret: str) -> bytes:
    """The index page with its "Listen later" section, and its manifest link carrying the
    token (so that an edition installed from it has a share target that is accepted)."""
    section = index_section(jobs, base_url, secret).encode("utf-8")
    at = page.rfind(b"</main>")
    page = page[:at] + section + b"\n" + page[at:] if at >= 0 else page + section
    return page.replace(b'href="manifest.webmanifest"',
                        f'href="manifest.webmanifest?token={quote(secret)}"'.encode())  # fmt: skip


def with_share_target(manifest: bytes, secret: str) -> bytes:
    """The web app manifest with a Web Share Target: a phone's "Share" sends a link here."""
    data = json.loads(manifest.decode("utf-8"))
    data["share_target"] = {
        "action": f"add?token={quote(secret)}",
        "method": "POST",
        "enctype": "application/x-www-form-urlencoded",
        "params": {"title": "title", "text": "text", "url": "url"},
    }
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"']+")


def link_of(fields: dict[str, str]) -> str:
    """The address a form sends: its ``url``, else the first address in its ``text`` (what
    some share menus send)."""
    url = fields.get("url", "").strip()
    if url:
        return url
    found = _URL_IN_TEXT.search(fields.get("text", ""))
    return found.group() if found else ""


def added_page(job: Job, index_url: str) -> bytes:
    """What a browser shows after sending a link: where it stands, and a way back."""
    state = _WORDS.get(job.state, job.state)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_WORDS['heading']}</title></head><body><main>"
        f"<h1>{_WORDS['heading']}</h1><p>{escape(job.url)} ({state}).</p>"
        f'<p><a href="{escape(index_url)}">Back to the edition</a></p></main></body></html>\n'
    ).encode()
