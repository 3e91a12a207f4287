# The edge on Node (the same Hono app as the Worker), for Docker and Kubernetes users.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm install --no-save --ignore-scripts tsx@4.23.15
COPY shared ./shared
COPY edge ./edge
COPY migrations ./migrations
COPY tsconfig.json ./
ENV HOST=0.0.0.0 PORT=8787 NODE_ENV=production
USER node
EXPOSE 8787
CMD ["node", "--import", "tsx", "edge/entries/node.ts"]
