# Production image: web (gunicorn), worker and beat all run from it (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8000 \
    STATIC_ROOT=/app/staticfiles

# gettext: msgfmt, to compile the translation catalogues at build time.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --uid 10001 --user-group app

WORKDIR /app

# Runtime dependencies first (read from pyproject.toml), so code changes reuse this layer.
# The project itself runs from /app (PYTHONPATH), not from site-packages.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .

# Compile the catalogues; var/ (beat schedule) and staticfiles/ (collectstatic) belong to the
# app user, everything else stays read-only for it.
RUN if [ -d locale ]; then \
        CELERY_BROKER_URL=memory:// python manage.py compilemessages --ignore=var --ignore=staticfiles; \
    fi \
    && mkdir -p var staticfiles \
    && chown -R app:app var staticfiles

USER app
EXPOSE 8000

CMD ["sh", "-c", "python scripts/app_setup.py --collectstatic && exec gunicorn -c config/gunicorn.py config.wsgi --bind 0.0.0.0:${PORT} --access-logfile -"]
