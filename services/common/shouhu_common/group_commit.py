"""Group commit: many callers' writes funnelled into one transaction per batch.

A `GroupCommitWriter` is one background task per process. `submit` queues an item and waits;
the task takes whatever queued while the previous batch was being written (up to `batch_max`,
optionally after waiting `wait_ms` for more) and hands it to its store's `write`, which writes the
batch in one transaction and returns one outcome per item, in order. Each caller is answered only
after the commit that holds its item, so nothing acknowledged is lost.

- A store may answer an item with an exception instead of an outcome: it is raised to that
  item's caller only, the rest of the batch is answered as usual.
- If `write` itself raises, every caller of the batch gets the exception.
- With `key`, a batch holds one item per key; later items with a key already in the batch wait
  for the next batch (so that one statement never sees the same key twice, e.g. a retry racing
  its original).
- `stop` writes everything queued, then closes the store.

What the batching buys each use, with its figures, is in the module that configures it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

import structlog

log = structlog.get_logger("shouhu_common.group_commit")

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")
Item_contra = TypeVar("Item_contra", contravariant=True)
Outcome_co = TypeVar("Outcome_co", covariant=True)


class BatchStore(Protocol[Item_contra, Outcome_co]):
    async def write(self, batch: Sequence[Item_contra]) -> Sequence[Outcome_co | Exception]:
        """Writes the batch in one transaction: one outcome (or this item's exception) per item,
        in the batch's order."""
        ...

    def close(self) -> None: ...


@dataclass(slots=True)
class _Pending(Generic[Item, Outcome]):
    item: Item
    done: asyncio.Future[Outcome]


class GroupCommitWriter(Generic[Item, Outcome]):
    def __init__(
        self,
        store: BatchStore[Item, Outcome],
        *,
        name: str,
        batch_max: int,
        wait_ms: float = 0.0,
        key: Callable[[Item], Hashable] | None = None,
    ) -> None:
        """`name` names the task (`<name>_writer`) and the log line of a failed batch
        (`<name>_batch_failed`)."""
        self.store = store
        self._name = name
        self._batch_max = batch_max
        self._wait_s = wait_ms / 1000
        self._key = key
        self._queue: asyncio.Queue[_Pending[Item, Outcome]] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"{self._name}_writer")

    async def stop(self) -> None:
        """Writes what is queued, then stops and closes the store."""
        if self._task is not None:
            drained = asyncio.ensure_future(self._queue.join())
            await asyncio.wait({drained, self._task}, return_when=asyncio.FIRST_COMPLETED)
            drained.cancel()
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self.store.close()

    async def submit(self, item: Item) -> Outcome:
        """The item's outcome, once the transaction that holds it has committed."""
        if self._task is None or self._task.done():
            raise RuntimeError(f"the {self._name} writer is not running")
        done: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Pending(item, done))
        return await done

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            if self._wait_s > 0:
                await asyncio.sleep(self._wait_s)
            while len(batch) < self._batch_max and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                await self._write(batch)
            finally:
                for _ in batch:
                    self._queue.task_done()

    async def _write(self, batch: list[_Pending[Item, Outcome]]) -> None:
        now, later = self._split(batch)
        try:
            outcomes = await self.store.write([p.item for p in now])
            if len(outcomes) != len(now):
                raise RuntimeError(f"{len(outcomes)} outcomes for a batch of {len(now)}")
        except Exception as exc:
            log.exception(f"{self._name}_batch_failed", items=len(batch))
            for pending in batch:
                if not pending.done.done():
                    pending.done.set_exception(exc)
            return
        for pending, outcome in zip(now, outcomes, strict=True):
            if pending.done.done():  # its caller gave up (cancelled)
                continue
            if isinstance(outcome, Exception):
                pending.done.set_exception(outcome)
            else:
                pending.done.set_result(outcome)
        for pending in later:
            self._queue.put_nowait(pending)  # before this batch's task_done: stop() waits for it

    def _split(
        self, batch: list[_Pending[Item, Outcome]]
    ) -> tuple[list[_Pending[Item, Outcome]], list[_Pending[Item, Outcome]]]:
        """The batch to write now (one item per key), and the items whose key it already has."""
        if self._key is None:
            return batch, []
        first: dict[Hashable, _Pending[Item, Outcome]] = {}
        later: list[_Pending[Item, Outcome]] = []
        for pending in batch:
            key = self._key(pending.item)
            if key in first:
                later.append(pending)
            else:
                first[key] = pending
        return list(first.values()), later
