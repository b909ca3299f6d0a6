FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN pip install --no-cache-dir uv==0.13.9 && uv sync --frozen --no-dev --no-install-project
COPY . .
# collectstatic with the production storage (hashed names); the values below only let the settings load.
RUN RELAIS_ENV=production SECRET_KEY="collectstatic-only-$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    RELAIS_CLE_CHIFFREMENT="collectstatic-only-$(python -c 'import secrets; print(secrets.token_urlsafe(32))')" \
    ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.sqlite3 REDIS_URL=redis://build:6379/0 \
    EMAIL_URL=consolemail:// DEFAULT_FROM_EMAIL=build@relais.invalid RELAIS_URL=https://build.invalid \
    STATIC_ROOT=/app/staticfiles \
    python manage.py collectstatic --noinput -v0
RUN useradd --system --home /app relais && mkdir -p /srv/relais/media && chown relais /srv/relais/media
USER relais
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
