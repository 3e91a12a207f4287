# Dev only, for compose users: the Neon and Upstash protocol proxies (local/), so the edge on Node talks to
# the compose Postgres and Redis through its production drivers. Never pushed, never deployed; the
# production images (origin.Dockerfile, encoder.Dockerfile) hold nothing from local/.
FROM node:24.22.3-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Dev dependencies too: tsx runs the TypeScript as `npm run dev` does.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY local ./local
ENV NODE_ENV=production
USER node
ENTRYPOINT ["/usr/bin/tini", "--"]
# `node --import tsx` keeps the proxies in this process, so tini's SIGTERM reaches them.
CMD ["node", "--import", "tsx", "local/launcher/proxies-cli.ts"]
