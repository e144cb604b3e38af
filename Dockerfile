# Multi-stage: compile with dev dependencies, run with production ones only.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps apps
COPY libs libs
COPY bench bench
RUN npx tsc -p tsconfig.build.json

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json ./
COPY scripts/lib/register-dist-paths.js scripts/lib/register-dist-paths.js
COPY --from=build /app/dist dist
USER node
EXPOSE 3000
CMD ["node", "-r", "./scripts/lib/register-dist-paths.js", "dist/apps/api/src/main.js"]
