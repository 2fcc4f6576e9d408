# syntax=docker/dockerfile:1
# The service as a container image. The builder compiles exactly as a developer does
# (`cargo build --release --locked`; SQLite, libpq and OpenSSL are compiled into the binary
# with the gcc, make and perl that rust:bookworm has), so the runtime image needs nothing but
# libc and CA certificates beside the binary.

FROM rust:1.95-bookworm AS builder
WORKDIR /src

# Dependencies in their own layer, built against placeholder sources: editing the code
# rebuilds only the crate itself, not the C libraries and the ~400 crates under it.
COPY Cargo.toml Cargo.lock build.rs ./
# The bundled SQLite's build options (.cargo/config.toml).
COPY .cargo .cargo
RUN mkdir src \
    && echo 'fn main() {}' > src/main.rs \
    && touch src/lib.rs \
    && cargo build --release --locked \
    && rm -rf src

COPY src src
COPY migrations migrations
COPY openapi openapi
# COPY keeps the files' own modification times, which can be older than the placeholders'
# build: touch the crate roots so cargo cannot mistake the placeholder build for this one.
RUN touch src/main.rs src/lib.rs \
    && cargo build --release --locked


FROM debian:bookworm-slim
# Unpinned on purpose: the CA bundle should be the newest the distribution has at build time.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
# The vendored OpenSSL looks for CA certificates under /usr/local/ssl, where Debian has none;
# point it at Debian's bundle so `sslmode=verify-full` / `sslrootcert=system` work.
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    SSL_CERT_DIR=/etc/ssl/certs

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --shell /usr/sbin/nologin app
WORKDIR /app
# The default SQLite file and a development secret would live in /app/data; mount a volume
# there if you run on SQLite. With PostgreSQL nothing is written locally.
RUN mkdir -p /app/data && chown app:app /app/data

COPY --from=builder /src/target/release/sagamihara-match /usr/local/bin/sagamihara-match

# Numeric, so that orchestrators enforcing "run as non-root" can check it without /etc/passwd.
USER 10001:10001
ENV BIND_ADDR=0.0.0.0 \
    PORT=8080 \
    APP_ENV=production
EXPOSE 8080

# Liveness through the binary itself (the image has no curl): GET /healthz on $PORT.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["sagamihara-match", "healthcheck"]

ENTRYPOINT ["sagamihara-match"]
CMD ["serve"]
