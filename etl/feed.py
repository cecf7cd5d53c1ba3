"""A worker thread that does a PostgreSQL connection's bulk work in order, while Python checks on.

The import's COPY data, index builds and ANALYZE run on the import's own connection (one
transaction) in the order submitted; the main thread only queues them, so the server loads and
indexes one table while Python reads and checks the next. Queued data is capped (`limit` bytes):
when the server falls behind, `submit` waits.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection

#: bytes of COPY data that may wait for the server
QUEUE_BYTES = 256 << 20

Job = Callable[[Any], None]


class Feed:
    """Runs jobs `job(psycopg_connection)` one after another in a worker thread."""

    def __init__(self, conn: Connection, limit: int = QUEUE_BYTES) -> None:
        self.driver = conn.connection.driver_connection
        self.limit = limit
        self._jobs: deque[tuple[Job, int]] = deque()
        self._queued = 0
        self._closing = False
        self._failure: BaseException | None = None
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="etl-feed", daemon=True)
        self._thread.start()

    def submit(self, job: Job, size: int = 0) -> None:
        """Queue a job (`size`: the bytes it carries, counted against the limit)."""
        with self._cond:
            while self._queued > self.limit and self._failure is None:
                self._cond.wait()
            self._jobs.append((job, size))
            self._queued += size
            self._cond.notify_all()

    @property
    def queued(self) -> int:
        """Bytes of queued jobs not yet run."""
        with self._cond:
            return self._queued

    def wait(self) -> None:
        """Until every queued job has run; a job's unexpected exception is raised here."""
        with self._cond:
            while self._jobs and self._failure is None:
                self._cond.wait()
        if self._failure is not None:
            raise self._failure

    def close(self) -> None:
        """Run what is queued, then stop the thread."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._jobs and not self._closing:
                    self._cond.wait()
                if not self._jobs or self._failure is not None:
                    return
                job, size = self._jobs[0]
            try:
                job(self.driver)
            except BaseException as exc:  # jobs report database refusals themselves: this is a bug
                with self._cond:
                    self._failure = exc
                    self._jobs.clear()
                    self._cond.notify_all()
                return
            with self._cond:
                self._jobs.popleft()
                self._queued -= size
                self._cond.notify_all()


__all__ = ["QUEUE_BYTES", "Feed"]
