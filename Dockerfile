# pm in a small image, for CI jobs that do not build Rust (GitLab CI, other
# CI systems, a laptop without cargo). See docs/ci.md.
#
#   docker build -t pm .
#   docker run --rm -v "$PWD:/repo" pm lint
#
# Build: the Rust toolchain on Debian bookworm, so the binary links the same
# glibc as the runtime stage. RUST_VERSION pins the toolchain if you want to
# (for example --build-arg RUST_VERSION=1.89); pm needs 1.89 or newer.
ARG RUST_VERSION=1
FROM docker.io/library/rust:${RUST_VERSION}-slim-bookworm AS build
WORKDIR /src
COPY . .
# The binary is stripped (no debug symbols), so the image stays small. No
# BuildKit-only features: the classic builder and daemonless builders work
# too.
ENV CARGO_PROFILE_RELEASE_DEBUG=0 \
    CARGO_PROFILE_RELEASE_STRIP=symbols
RUN cargo build --release --locked --bin pm \
    && cp target/release/pm /usr/local/bin/pm

# Run: pm, git (CI scripts fetch the base branch; pm reads repositories
# itself) and CA certificates for fetching over https. A mounted repository
# belongs to another user than the image's: safe.directory stops git and pm
# from refusing it ("dubious ownership"). pm runs as a user without rights.
FROM docker.io/library/debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends git ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && git config --system --add safe.directory '*' \
    && useradd --create-home --uid 10001 --user-group pm
COPY --from=build /usr/local/bin/pm /usr/local/bin/pm
USER pm
WORKDIR /repo
ENTRYPOINT ["pm"]
CMD ["--help"]
