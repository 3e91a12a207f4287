# Origin services (and, for Docker users, the local protocol proxies). The encoder image adds ffmpeg.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm install --no-save --ignore-scripts tsx@4.23.15
COPY shared ./shared
COPY origin ./origin
COPY migrations ./migrations
COPY tsconfig.json ./
USER node
