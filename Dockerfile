# Credence API / worker image. The same image runs both roles (see docker-compose.yml):
#   api:    credence migrate && credence load-config && gunicorn …  (the default CMD)
#   worker: credence worker
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY service ./service
COPY workers ./workers
RUN pip install --no-cache-dir --upgrade pip \
 && pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    CREDENCE_CONFIG_DIR=/app/config \
    CREDENCE_VAR_DIR=/app/var \
    PROMETHEUS_MULTIPROC_DIR=/tmp/credence-metrics
RUN useradd --create-home --uid 10001 credence
WORKDIR /app
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
COPY config ./config
RUN mkdir -p /app/var /tmp/credence-metrics && chown -R credence:credence /app/var /tmp/credence-metrics
USER credence
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
# DATABASE_URL and REDIS_URL must point at the real servers in a container.
CMD ["sh", "-c", "credence migrate && credence load-config && exec gunicorn --workers ${WEB_CONCURRENCY:-2} --bind 0.0.0.0:8000 --access-logfile - 'service:create_app()'"]
