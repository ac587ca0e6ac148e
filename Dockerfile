# Yizhan: build on node:20-slim with the toolchain for better-sqlite3, run as a non-root user.
FROM node:20-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json drizzle.config.ts vitest.config.ts ./
COPY src ./src
COPY migrations ./migrations
COPY config ./config
# The type check covers the tests and benchmarks too (src/**/*.test.ts import test/): they are
# needed here only, not in the image.
COPY test ./test
COPY bench ./bench
RUN npm run typecheck && npm prune --omit=dev

FROM node:20-slim
# tini as PID 1 forwards SIGTERM to npm (which passes it to the bot) and reaps zombies.
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    YIZHAN_DB=/data/yizhan.db \
    HEALTH_PORT=8080
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json tsconfig.json ./
COPY --chown=node:node src ./src
COPY --chown=node:node migrations ./migrations
COPY --chown=node:node config ./config
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.HEALTH_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["npm", "start"]
