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
# One process per CPU, each with two threads: a cached page costs about a millisecond of CPU, so more
# processes than CPUs only add switching between them, and more threads only add waiting for the
# interpreter lock; the second thread computes while the first waits on PostgreSQL or Redis (measured
# with bench/load.py, 50 clients on 2 CPUs: 2 workers x 2 threads ~1,100 req/s, p95 ~90 ms; 3 x 4
# ~730-870 req/s, p95 140-230 ms; 6 x 2 ~650 req/s). Django is thread-safe; every thread has its own
# database connection. WEB_CONCURRENCY and GUNICORN_THREADS override both.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
keepalive = 5  # seconds an idle kept-alive connection stays open
timeout = 30
graceful_timeout = 30
# The access log on stdout (the container's log); GUNICORN_ACCESS_LOG="" turns it off (bench/).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
