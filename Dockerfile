# Production-like image: the front end is built with Node, the app runs on gunicorn.
# The code belongs to root and stays read-only; the unprivileged user `app` owns only its
# data directory (/data: file cache, demo log-ins, gunicorn's control socket) and the
# uploaded photos (/app/media), both volumes. No secret is baked in: SECRET_KEY comes from
# the environment at run time (docker-compose.yml), and the image refuses to start without.
# scripts/check-docker.sh checks this file and the compose file without a Docker engine.
FROM node:20-bookworm-slim AS frontend
WORKDIR /app/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN node build.mjs

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends gdal-bin gettext \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=frontend /app/frontend/static/dist frontend/static/dist
# Building needs the settings but no real key: a throwaway key, and a data directory that
# is removed again, so nothing of the build (no generated key) stays in the image.
RUN SECRET_KEY=build-only DATA_DIR=/tmp/build python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0 \
 && SECRET_KEY=build-only DATA_DIR=/tmp/build python manage.py collectstatic --noinput -v 0 \
 && rm -rf /tmp/build
RUN useradd --system --user-group --home-dir /data --no-create-home app \
 && mkdir -p /data /app/media \
 && chown app:app /data /app/media
ENV DATA_DIR=/data MEDIA_ROOT=/app/media HOME=/data REQUIRE_SECRET_KEY=true HOST=0.0.0.0 PORT=8000
USER app
VOLUME ["/data", "/app/media"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 CMD ["python", "scripts/healthcheck.py"]
# Migrate, load the demo when LOAD_DEMO=true, then gunicorn as `make run` serves it.
CMD ["scripts/docker-start.sh"]
