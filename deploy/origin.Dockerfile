# Origin services: relay, projector, dead-letter handler (and, for compose users, the local
# protocol proxies). The command picks the service.
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm install --no-save --ignore-scripts tsx@4.23.15
COPY shared ./shared
COPY origin ./origin
COPY migrations ./migrations
COPY tsconfig.json ./
ENV NODE_ENV=production
USER node
ENTRYPOINT ["/usr/bin/tini", "--"]
