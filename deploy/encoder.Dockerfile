# vod-encoder: one encoder worker, `node encoder.mjs` (WORKDIR /app), bundled as deploy/images.json says.
FROM node:24.22.3-bookworm-slim AS build
WORKDIR /src
# Every dependency, dev ones too: esbuild is one. Only the bundle leaves this stage.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
# Only what the entry reaches (deploy/images.unit.test.ts checks this list against the import graph).
COPY tsconfig.json ./
COPY deploy/build-bundles.mjs deploy/images.json ./deploy/
COPY shared ./shared
COPY encoder ./encoder
RUN node deploy/build-bundles.mjs vod-encoder /app

# Debian 13 (trixie) ships ffmpeg 7.1; bookworm's 5.1 is what the dev machines use.
FROM node:24.22.3-trixie-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# The only place the worker writes (sources, renditions): a tmpfs or emptyDir under a read-only root.
ENV ENCODER_TMP_DIR=/tmp/encoder METRICS_PORT=9465 NODE_ENV=production
USER node
EXPOSE 9465
# tini forwards SIGTERM and reaps ffmpeg children; the worker hands its job back and exits.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "encoder.mjs"]
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+process.env.METRICS_PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
