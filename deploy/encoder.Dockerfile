# An encoder worker. Debian 13 (trixie) ships ffmpeg 7.1; bookworm's 5.1 is what the dev machines use.
FROM node:20-trixie-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm install --no-save --ignore-scripts tsx@4.23.15
COPY shared ./shared
COPY encoder ./encoder
COPY tsconfig.json ./
ENV ENCODER_TMP_DIR=/tmp/encoder METRICS_PORT=9465 NODE_ENV=production
USER node
EXPOSE 9465
# tini forwards SIGTERM and reaps ffmpeg children; the worker hands its job back and exits.
ENTRYPOINT ["/usr/bin/tini", "--"]
# `node --import tsx` runs the worker in this process (the tsx CLI would fork a child the signals miss).
CMD ["node", "--import", "tsx", "encoder/worker/main.ts"]
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+process.env.METRICS_PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
