# syntax=docker/dockerfile:1
# RsResumeProxy: resumable (tus) uploads in front of an unmodified remoteStorage server.
# Build:  docker build -t rsresumeproxy .
# Run:    docker run -p 8080:8080 -v rsrp-data:/data -e Backend__Address=http://rs:8000/ rsresumeproxy
# Every setting is in the README ("Deployment"); environment variables use "__" for ":".

# --- example: the browser example's two library bundles (served only when Examples:BrowserPath is set) ---
FROM node:22-slim AS example
WORKDIR /example
COPY examples/browser/ ./
RUN npm ci --no-audit --no-fund

# --- build: the SDK image publishes the Proxy project (and the Staging library) as a native
# executable (README, "A native build"): about half the memory of the JIT build, no JIT at run time.
# The native compiler links with clang against zlib. ---
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends clang zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Project files first, so the restore layer is reused while only sources change.
COPY Directory.Build.props Directory.Packages.props RsResumeProxy.sln yarp.json ./
COPY Staging/Staging.csproj Staging/
COPY Proxy/Proxy.csproj Proxy/RuntimeSettings.props Proxy/
RUN dotnet restore Proxy/Proxy.csproj --use-current-runtime -p:PublishAot=true
COPY Staging/ Staging/
COPY Proxy/ Proxy/
# Proxy.csproj publishes examples/browser beside the binary; lib/ comes from the example stage.
COPY --from=example /example/ examples/browser/
RUN dotnet publish Proxy/Proxy.csproj --configuration Release --no-restore --use-current-runtime -p:PublishAot=true --output /app \
 && rm -f /app/*.dbg

# --- runtime: only what a native .NET executable needs (no .NET runtime), as the image's
# unprivileged "app" user ---
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./

# /data holds the staging directory (uploads in progress: needs room for the largest uploads in
# flight, and must be ONE volume shared by every instance that serves the same uploads) and the
# disk state used when no Redis is configured. The directories are created here and owned by the
# app user, so a fresh named volume inherits that ownership on first mount.
RUN mkdir -p /data/staging /data/state && chown -R "$APP_UID" /data
VOLUME ["/data"]

ENV Urls=http://+:8080 \
    ResumableUploads__StagingDirectory=/data/staging \
    ResumableUploads__StateDirectory=/data/state
EXPOSE 8080

USER $APP_UID

# The runtime image has neither curl nor wget: the proxy's own --health-check mode asks the
# running process's liveness endpoint (Operations:HealthPath) and exits 0 or 1.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
    CMD ["/app/RsResumeProxy", "--health-check"]

ENTRYPOINT ["/app/RsResumeProxy"]
