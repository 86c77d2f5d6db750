# Synod apps image: docker compose builds it from the repository (one image, one container per app).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -q -B -ntp -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /opt/synod
COPY --from=build /src/app/target/synod.jar ./synod.jar
COPY --from=build /src/app/target/lib ./lib
ENV JAVA_TOOL_OPTIONS="-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.synod"
# Operations HTTP server (SYNOD_METRICS_PORT): /metrics, /health/live, /health/ready.
EXPOSE 9400
ENTRYPOINT ["java", "-jar", "/opt/synod/synod.jar"]
CMD ["run"]
