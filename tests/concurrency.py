"""Run calls at the same moment, each in its own thread with its own database connection."""

import threading


def at_once(*calls, timeout: float = 30) -> list:
    """Start every call in its own thread behind one barrier, so they really overlap; wait for all.
    Returns what each returned or raised, in order (an exception is returned, not raised). Each thread
    closes its database connections when done."""
    from django.db import connections

    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(number, call):
        try:
            barrier.wait(timeout)
            outcomes[number] = call()
        except Exception as exc:  # noqa: BLE001 - handed to the test, which asserts on it
            outcomes[number] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a call did not finish in time"
    return outcomes
