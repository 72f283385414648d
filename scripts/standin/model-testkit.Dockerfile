# The test model server as a container: stands in for Ollama in scripts/compose-smoke.sh.
# Build context: model-testkit/ (after ./mvnw package).
FROM eclipse-temurin:17-jre
COPY target/model-testkit.jar /app/model-testkit.jar
EXPOSE 11434
ENTRYPOINT ["java", "-Xmx128m", "-jar", "/app/model-testkit.jar"]
CMD ["--ollama-port", "11434"]
