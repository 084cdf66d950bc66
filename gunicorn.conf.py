"""gunicorn's settings for every deployment: the Dockerfile, docker-compose.yml and bench/serve.py start
`gunicorn tracker.wsgi:application` in this folder, and gunicorn reads this file from there itself.
Command-line flags and GUNICORN_CMD_ARGS still override it.

Threaded workers (``gthread``) keep connections alive: a browser, a TLS proxy or a load test reuses its
connection instead of paying a TCP handshake and a fresh worker turn per request (the ``sync`` worker
closes every connection). A request that waits on PostgreSQL or Redis frees the CPU for another thread.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# One process per CPU and one spare; each with a few threads (Django is thread-safe, every thread has
# its own database connection).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
keepalive = 5  # seconds an idle kept-alive connection stays open
timeout = 30
graceful_timeout = 30
# The access log on stdout (the container's log); GUNICORN_ACCESS_LOG="" turns it off (bench/).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
