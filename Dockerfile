# One image for registry, supplies and gateway; docker-compose.yml picks the service by command
# (`python -m <svc>.cli migrate` in its one-shot migrate service, then
# `uvicorn <svc>.main:create_app --factory`). tests/deploy/test_dockerfile.py runs each stage's
# commands outside Docker.

# The PWA, built with the lock's packages; only dist/ goes on to the image the gateway serves.
FROM node:20-bookworm-slim AS frontend
WORKDIR /frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    XDG_CACHE_HOME=/tmp/.cache

WORKDIR /app

# Printed pass cards and quarantine notices embed a subset of a CJK font (fpdf2): Debian's Noto.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, pinned by the lock, in their own layer: editing code does not reinstall them.
# The list comes from pyproject.toml itself (the lock also pins dev tools, which stay out).
COPY pyproject.toml requirements.lock ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -c requirements.lock -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# Then the code, installed in editable mode on purpose: each service finds its alembic.ini and
# migrations/ through `Path(__file__).resolve().parents[1]`, i.e. services/<svc>/ next to the
# package. A regular install would put the packages in site-packages without those files, so the
# services/ tree stays in /app with its layout and the editable install points Python at it.
# (shouhu_common's REPO_ROOT then resolves to /app, so the data dir is /app/data.)
COPY README.md ./
COPY services ./services
RUN pip install --no-deps -c requirements.lock -e . \
    && python -c "import registry.main, supplies.main, gateway.main" \
    && test -f services/registry/alembic.ini -a -d services/registry/migrations

# The PWA, where the gateway looks for it by default (GATEWAY_FRONTEND_DIR: frontend/dist in /app).
COPY --from=frontend /frontend/dist ./frontend/dist

# Never run as root. A numeric uid lets Kubernetes' runAsNonRoot verify it. /app/data is the only
# writable place (the SQLite fallback; compose runs the services on PostgreSQL with a read-only
# root file system, a tmpfs on /tmp, and XDG_CACHE_HOME there for fontconfig's cache).
RUN groupadd --system --gid 10001 shouhu \
    && useradd --system --uid 10001 --gid shouhu --no-create-home --home-dir /app shouhu \
    && mkdir -p /app/data \
    && chown shouhu:shouhu /app/data
USER 10001:10001

EXPOSE 8000

# A default for `docker run`; docker-compose.yml sets each service's command (migrate first).
CMD ["uvicorn", "gateway.main:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000", "--no-access-log", "--http", "shouhu_common.http_protocol:HeaderDeadlineProtocol"]
