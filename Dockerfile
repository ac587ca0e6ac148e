# Yizhan: type-checked and compiled on Node 24 LTS, run as JavaScript (node dist/main.js) by the
# non-root `node` user under tini. The database (and the NLU model's cache beside it) live in /data.
FROM node:24-slim AS build
WORKDIR /app
# The toolchain builds better-sqlite3 when no prebuilt binary can be fetched.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json drizzle.*.config.ts vitest.config.ts ./
COPY scripts ./scripts
COPY src ./src
COPY migrations ./migrations
COPY config ./config
# The type check covers the tests and benchmarks too (src/**/*.test.ts import test/): they are
# needed here only, not in the image.
COPY test ./test
COPY bench ./bench
RUN npm run typecheck && npm run build && npm prune --omit=dev

FROM node:24-slim
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    YIZHAN_DB=/data/yizhan.db \
    HEALTH_PORT=8080
WORKDIR /app
# Code and configuration stay owned by root: the bot writes only to /data.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# package.json says "type": "module": dist/*.js are ES modules.
COPY package.json ./
COPY migrations ./migrations
COPY config ./config
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.HEALTH_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# tini (PID 1) passes SIGTERM from `docker stop` to the bot itself and reaps zombies; no npm or
# shell in between. The bot stops within shutdown.flush_seconds (10 s): give `docker stop` a
# longer grace period (-t 30, or stop_grace_period: 30s in compose), or Docker kills it at 10 s.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/main.js"]
