# The edge on Node (the same Hono app as the Worker), with the web app it serves.
FROM node:24.22.3-bookworm-slim AS web
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN node --import tsx web/build.ts

FROM node:24.22.3-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm install --no-save --ignore-scripts tsx@4.23.15
COPY shared ./shared
COPY edge ./edge
COPY tsconfig.json ./
COPY --from=web /app/web/dist ./web/dist
ENV HOST=0.0.0.0 PORT=8787 NODE_ENV=production
USER node
EXPOSE 8787
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--import", "tsx", "edge/entries/node.ts"]
