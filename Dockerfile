# syntax=docker/dockerfile:1
# Three stages: `deps` installs the locked runtime requirements (requirements.lock, hashes checked) into a
# virtualenv; `static` collects the static files with the production settings; the final image has only
# the virtualenv, the code (.dockerignore keeps out .git, var/, .venv, local databases, tests, benchmarks)
# and the collected static files, and runs as an unprivileged user.
FROM python:3.11-slim AS deps
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
COPY requirements.lock /tmp/requirements.lock
RUN /opt/venv/bin/pip install --require-hashes --no-deps -r /tmp/requirements.lock

FROM deps AS static
WORKDIR /app
COPY . .
RUN DJANGO_SETTINGS_MODULE=tracker.settings.production DJANGO_SECRET_KEY=build \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 KT_VAR_DIR=/app/var \
    /opt/venv/bin/python manage.py collectstatic --noinput

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=tracker.settings.production
RUN useradd --system --home /app kamertracker
WORKDIR /app
COPY --from=deps /opt/venv /opt/venv
COPY . .
COPY --from=static /app/var/staticfiles /app/var/staticfiles
RUN mkdir -p /app/var/media && chown -R kamertracker /app/var
USER kamertracker
EXPOSE 8000
# Threads, keep-alive and the number of workers: gunicorn.conf.py (gunicorn reads it from /app).
CMD ["gunicorn", "tracker.wsgi:application"]
