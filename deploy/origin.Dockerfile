# vod-origin: the relay, the event projector, the dead-letter handler, the deleter and the migration
# command, one bundle each (deploy/images.json). The command picks one: `node relay.mjs`, `node
# projector.mjs`, `node dead-letter.mjs`, `node deleter.mjs`, `node migrate.mjs` (WORKDIR /app).
FROM node:24.22.3-bookworm-slim AS build
WORKDIR /src
# Every dependency, dev ones too: esbuild is one. Only the bundles leave this stage.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
# Only what the entries reach (deploy/images.unit.test.ts checks this list against the import graph).
COPY tsconfig.json ./
COPY deploy/build-bundles.mjs deploy/images.json ./deploy/
COPY shared ./shared
COPY origin ./origin
COPY migrations ./migrations
RUN node deploy/build-bundles.mjs vod-origin /app

FROM node:24.22.3-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Self-contained bundles and migrations/ only: no node_modules, no TypeScript, nothing to write here,
# so the root filesystem can be read-only.
COPY --from=build /app ./
ENV NODE_ENV=production
USER node
ENTRYPOINT ["/usr/bin/tini", "--"]
