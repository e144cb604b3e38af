# Multi-stage: compile with dev dependencies, run with production ones only, on Node 24 LTS.
# One image for every app process (docker-compose.yml: migrate, seed, api, worker, web); the
# command picks the process.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps apps
COPY libs libs
COPY bench bench
RUN npx tsc -p tsconfig.build.json

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
# The app processes' heap flags, as `npm start` and the bench give them (scripts/lib/node-flags.js).
ENV NODE_OPTIONS="--max-semi-space-size=16"
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json ./
COPY scripts/lib/register-dist-paths.js scripts/lib/register-dist-paths.js
COPY --from=build /app/dist dist
# The web app's templates and static files (it serves GOV.UK Frontend from node_modules).
COPY apps/web/views apps/web/views
COPY apps/web/public apps/web/public
# Not root: the image's `node` user (uid 1000) owns nothing it runs.
USER node
EXPOSE 3000
CMD ["node", "-r", "./scripts/lib/register-dist-paths.js", "dist/apps/api/src/main.js"]
