"""The group-commit writer (shouhu_common.group_commit) on its own, over a store that records the
batches it is given: what queues while a batch is written goes into the next one, an item's
exception reaches its own caller only, a key already in a batch waits for the next, and stop()
writes everything queued before it closes the store."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence

import pytest

from shouhu_common.group_commit import GroupCommitWriter

Item = tuple[str, int]  # (key, value)


class Refused(Exception):
    pass


class RecordingStore:
    """Answers each item with its value doubled, or `Refused` for a negative value; `write`
    raises for a batch holding the key "boom". The first batch waits until `release` is set,
    so that the test can queue behind it."""

    def __init__(self) -> None:
        self.batches: list[list[Item]] = []
        self.release = asyncio.Event()
        self.writing = asyncio.Event()
        self.closed = False

    async def write(self, batch: Sequence[Item]) -> list[int | Exception]:
        self.writing.set()
        await self.release.wait()
        await asyncio.sleep(0)  # a commit takes a moment
        self.batches.append(list(batch))
        if any(key == "boom" for key, _ in batch):
            raise RuntimeError("the transaction failed")
        return [Refused(key) if value < 0 else 2 * value for key, value in batch]

    def close(self) -> None:
        self.closed = True


@pytest.fixture
async def store() -> RecordingStore:
    return RecordingStore()


@pytest.fixture
async def writer(store: RecordingStore) -> AsyncIterator[GroupCommitWriter[Item, int]]:
    made: GroupCommitWriter[Item, int] = GroupCommitWriter(
        store, name="test", batch_max=4, key=lambda item: item[0]
    )
    made.start()
    yield made
    store.release.set()
    await made.stop()


async def _queue_behind_first(
    writer: GroupCommitWriter[Item, int], store: RecordingStore, items: list[Item]
) -> list[asyncio.Task[int]]:
    """Submits ("first", 0), waits until its batch is being written, then submits `items`."""
    tasks = [asyncio.create_task(writer.submit(("first", 0)))]
    await store.writing.wait()
    tasks += [asyncio.create_task(writer.submit(item)) for item in items]
    await asyncio.sleep(0)  # all queued
    return tasks


class TestBatching:
    async def test_what_queued_meanwhile_goes_into_the_next_batch_up_to_its_maximum(
        self, writer: GroupCommitWriter[Item, int], store: RecordingStore
    ) -> None:
        items = [(f"k{n}", n) for n in range(1, 7)]
        tasks = await _queue_behind_first(writer, store, items)
        store.release.set()
        assert await asyncio.gather(*tasks) == [0, 2, 4, 6, 8, 10, 12]
        assert store.batches == [[("first", 0)], items[:4], items[4:]]

    async def test_an_item_waits_for_no_batch_when_nothing_else_is_queued(
        self, writer: GroupCommitWriter[Item, int], store: RecordingStore
    ) -> None:
        store.release.set()
        assert await writer.submit(("alone", 21)) == 42
        assert store.batches == [[("alone", 21)]]

    async def test_wait_ms_gathers_what_arrives_meanwhile(self, store: RecordingStore) -> None:
        waiting: GroupCommitWriter[Item, int] = GroupCommitWriter(
            store,
            name="test",
            batch_max=10,
            wait_ms=500,  # wide: a busy runner is slow to wake
        )
        waiting.start()
        store.release.set()
        first = asyncio.create_task(waiting.submit(("a", 1)))
        await asyncio.sleep(0.01)  # the writer took "a" and is waiting for more
        assert await asyncio.gather(first, waiting.submit(("b", 2))) == [2, 4]
        await waiting.stop()
        assert store.batches == [[("a", 1), ("b", 2)]]


class TestErrors:
    async def test_an_items_exception_reaches_its_caller_only(
        self, writer: GroupCommitWriter[Item, int], store: RecordingStore
    ) -> None:
        tasks = await _queue_behind_first(writer, store, [("ok", 1), ("bad", -1), ("fine", 2)])
        store.release.set()
        done = await asyncio.gather(*tasks, return_exceptions=True)
        assert done[:2] == [0, 2]
        assert done[3] == 4
        assert isinstance(done[2], Refused)
        assert done[2].args == ("bad",)
        assert store.batches[1] == [("ok", 1), ("bad", -1), ("fine", 2)]  # one batch

    async def test_a_failed_batch_fails_each_of_its_callers_and_the_writer_goes_on(
        self, writer: GroupCommitWriter[Item, int], store: RecordingStore
    ) -> None:
        tasks = await _queue_behind_first(writer, store, [("ok", 1), ("boom", 1)])
        store.release.set()
        done = await asyncio.gather(*tasks, return_exceptions=True)
        assert done[0] == 0
        assert all(isinstance(d, RuntimeError) for d in done[1:])
        assert await writer.submit(("after", 5)) == 10

    async def test_a_store_answering_the_wrong_number_of_outcomes_fails_its_batch(self) -> None:
        class Short(RecordingStore):
            async def write(self, batch: Sequence[Item]) -> list[int | Exception]:
                return (await super().write(batch))[:-1]

        short = Short()
        short.release.set()
        broken: GroupCommitWriter[Item, int] = GroupCommitWriter(short, name="test", batch_max=4)
        broken.start()
        with pytest.raises(RuntimeError, match="0 outcomes for a batch of 1"):
            await broken.submit(("a", 1))
        await broken.stop()


class TestKeys:
    async def test_a_key_already_in_the_batch_waits_for_the_next(
        self, writer: GroupCommitWriter[Item, int], store: RecordingStore
    ) -> None:
        tasks = await _queue_behind_first(writer, store, [("a", 1), ("a", 2), ("b", 3)])
        store.release.set()
        assert await asyncio.gather(*tasks) == [0, 2, 4, 6]
        assert store.batches == [[("first", 0)], [("a", 1), ("b", 3)], [("a", 2)]]

    async def test_without_a_key_duplicates_share_a_batch(self, store: RecordingStore) -> None:
        plain: GroupCommitWriter[Item, int] = GroupCommitWriter(store, name="test", batch_max=10)
        plain.start()
        tasks = await _queue_behind_first(plain, store, [("a", 1), ("a", 2)])
        store.release.set()
        assert await asyncio.gather(*tasks) == [0, 2, 4]
        await plain.stop()
        assert store.batches == [[("first", 0)], [("a", 1), ("a", 2)]]


class TestStop:
    async def test_stop_writes_everything_queued_then_closes_the_store(
        self, store: RecordingStore
    ) -> None:
        stopping: GroupCommitWriter[Item, int] = GroupCommitWriter(
            store, name="test", batch_max=2, key=lambda item: item[0]
        )
        stopping.start()
        items = [("a", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)]
        tasks = await _queue_behind_first(stopping, store, items)
        stop = asyncio.create_task(stopping.stop())
        await asyncio.sleep(0.01)
        assert not stop.done()
        assert not store.closed
        store.release.set()
        await stop
        assert [t.result() for t in tasks] == [0, 2, 4, 6, 8, 10]
        assert sorted(i for batch in store.batches for i in batch) == sorted([("first", 0), *items])
        assert store.closed
        with pytest.raises(RuntimeError, match="not running"):
            await stopping.submit(("late", 1))
