# One image recipe for the three services: docker build --build-arg SERVICE=order-service .
# Build stage: the project's own Maven wrapper on a JDK (the build targets Java 17; any newer JDK builds it).
FROM eclipse-temurin:25.0.1_8-jdk-noble AS build
ARG SERVICE
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests -pl "${SERVICE}" -am package \
 && cp "${SERVICE}"/target/"${SERVICE}"-*.jar /app.jar

# Runtime stage: a JRE, a non-root user (uid 10001: compose's token-keys gives order-service the demo's signing key
# by it), the Spring Boot jar. The heap is half the container's memory limit (512 MB
# of docker-compose.yml's 1 GB; ./demo, on one machine, gives each service 320 MB); the rest is the JVM's own memory
# and the page cache.
FROM eclipse-temurin:25.0.1_8-jre-noble
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 ticketing \
 && useradd --system --uid 10001 --gid ticketing --home-dir /app ticketing \
 && mkdir -p /app /var/lib/ticketing && chown ticketing:ticketing /app /var/lib/ticketing
COPY --from=build /app.jar /app/app.jar
USER ticketing
WORKDIR /app
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-jar", "/app/app.jar"]
