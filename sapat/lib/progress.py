"""A progress bar on stderr, without a dependency: one line redrawn in a terminal,
a line per stage elsewhere (logs, CI), nothing at all when quiet."""
import sys
import time

from django.utils.translation import gettext as _


class Progress:
    """Counts rows written against the rows planned, and shows which stage is running."""

    WIDTH = 30

    def __init__(self, total: int, stream=None, enabled: bool = True):
        self.total = max(1, total)
        self.done = 0
        self.stage = ""
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started = time.monotonic()
        self._last_draw = 0.0

    def begin(self, stage: str) -> None:
        if self.enabled and self.stage and not self.tty:
            self._line()
        self.stage = stage
        self._draw(force=True)

    def advance(self, rows: int) -> None:
        self.done = min(self.total, self.done + rows)
        self._draw()

    def finish(self) -> None:
        self.done = self.total
        if self.enabled:
            if self.tty:
                self._draw(force=True)
                self.stream.write("\n")
            else:
                self._line()
            self.stream.flush()

    def _text(self) -> str:
        share = self.done / self.total
        filled = int(share * self.WIDTH)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        elapsed = time.monotonic() - self.started
        rows = _("%(done)s of %(total)s rows") % {"done": f"{self.done:>7}", "total": self.total}
        return f"[{bar}] {share:4.0%} {rows} {elapsed:5.1f}s {self.stage}"

    def _line(self) -> None:
        self.stream.write(self._text() + "\n")
        self.stream.flush()

    def _draw(self, force: bool = False) -> None:
        if not self.tty:
            return
        now = time.monotonic()
        if force or now - self._last_draw > 0.1:
            self._last_draw = now
            self.stream.write("\r" + self._text().ljust(100)[:120])
            self.stream.flush()


def bar_progress(bar: Progress):
    """A `progress(done, total, stage)` callback (what exports and jobs report to) that
    draws on `bar`."""
    def progress(done: int, total: int | None = None, stage: str | None = None) -> None:
        if total is not None:
            bar.total = max(1, total)
        if stage is not None and stage != bar.stage:
            bar.begin(stage)
        bar.advance(max(0, done) - bar.done)
    return progress
