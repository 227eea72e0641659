# syntax=docker/dockerfile:1

# ---- build ------------------------------------------------------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /workspace
# the console module builds its TypeScript with Node and npm (Vite), which the JDK image lacks
COPY --from=node:20-bookworm-slim /usr/local/bin/ /usr/local/bin/
COPY --from=node:20-bookworm-slim /usr/local/lib/node_modules/ /usr/local/lib/node_modules/

COPY . .
# the wrapper downloads Maven from Maven Central; both it and the local
# repository live in a BuildKit cache so rebuilds do not re-download them
RUN --mount=type=cache,target=/root/.m2 \
    chmod +x mvnw && ./mvnw -B -DskipTests package

# ---- run --------------------------------------------------------------------
FROM eclipse-temurin:17-jre
WORKDIR /app

RUN groupadd --system staffsync \
 && useradd --system --gid staffsync --home-dir /app --no-create-home staffsync \
 && mkdir -p /var/lib/staffsync \
 && chown staffsync:staffsync /app /var/lib/staffsync

COPY --from=build --chown=staffsync:staffsync /workspace/app/target/staffsync-exec.jar /app/staffsync.jar

USER staffsync
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/staffsync.jar"]
