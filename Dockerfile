# feed-publisher in a container (docs/production.md, "Container").
#
# The build stage's RUN steps are the production sequence that .ci/production-check.sh runs on a
# fresh clone in CI: tests/packaging/dockerfile.test.ts fails when the two drift apart.
#
#   docker build -t feed-publisher .
#   docker run --init -p 3000:3000 -v /srv/articles:/srv/feed-publisher/seeds:ro \
#     -e BASE_URL=https://news.example.org -e ID_AUTHORITY=news.example.org,2025 feed-publisher

FROM node:20-slim AS build
WORKDIR /app
# The lock file first: the dependency layer is rebuilt only when the dependencies change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build
RUN npm prune --omit=dev

FROM node:20-slim
# HOST=0.0.0.0: inside a container, 127.0.0.1 is unreachable from the published port. With a
# public HOST, METRICS is off unless set to on (docs/operations.md).
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    SEEDS_DIR=/srv/feed-publisher/seeds
WORKDIR /app
# Only what runs: package.json ("type": "module" and the version), production dependencies and
# the compiled program. No npm, tsx or TypeScript in the process tree.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/node ./dist/node
COPY LICENSE ./
RUN mkdir -p /srv/feed-publisher/seeds && chown node:node /srv/feed-publisher/seeds
# The node user (uid 1000) of the official image: the server needs to read the seeds, nothing more.
USER node
VOLUME ["/srv/feed-publisher/seeds"]
EXPOSE 3000
# The slim image has no curl: Node's own fetch asks /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node runs as PID 1 and handles SIGTERM itself (it drains, then exits 0): the kernel gives PID 1
# no default signal handlers, but the server installs its own. `docker run --init` adds tini as
# PID 1 to reap zombies too; the server starts no child processes, so it is optional.
STOPSIGNAL SIGTERM
CMD ["node", "dist/node/runtime/cli/feed-publisher.js", "serve"]
