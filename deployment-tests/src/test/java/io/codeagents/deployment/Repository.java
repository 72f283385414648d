package io.codeagents.deployment;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.codeagents.common.config.CodeagentsConfig;

/** The repository as the deployment files must match it: which services exist, their ports, what they read. */
final class Repository {

    static final List<String> SERVICES = List.of("model-gateway", "generator-agent", "reviewer-agent", "download-service",
            "doctor-service");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Pattern DOCKERFILE_VARIABLE = Pattern.compile("\\$\\{?([A-Z][A-Z0-9_]*)");
    /** Read by Quarkus itself though no properties file names them. */
    private static final Set<String> QUARKUS_BUILT_INS = Set.of("QUARKUS_DATASOURCE_PASSWORD", "QUARKUS_HTTP_PORT",
            "QUARKUS_HTTP_HOST");

    private Repository() {
    }

    static Path root() {
        String root = System.getProperty("codeagents.root");
        Path path = root != null ? Path.of(root) : Path.of("..");
        return path.toAbsolutePath().normalize();
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static Properties applicationProperties(String service) {
        return load(path(service + "/src/main/resources/application.properties"));
    }

    /** The port a service listens on, as its application.properties sets it. */
    static int port(String service) {
        return Integer.parseInt(applicationProperties(service).getProperty("quarkus.http.port").trim());
    }

    /**
     * Every environment variable a service reads: the environment form of every property in its application.properties
     * and in common's shared defaults, every {@code ${VARIABLE}} they reference, the shared {@code codeagents.*} mapping,
     * the variables its container image reads, and the few Quarkus settings used without a line in a properties file.
     */
    static Set<String> environmentRead(String service) {
        Set<String> names = new TreeSet<>(QUARKUS_BUILT_INS);
        for (Path file : List.of(path(service + "/src/main/resources/application.properties"),
                path("common/src/main/resources/META-INF/microprofile-config.properties"))) {
            for (String key : load(file).stringPropertyNames()) {
                names.add(environmentName(key.replaceFirst("^%[a-z-]+\\.", "")));
            }
            Matcher matcher = PLACEHOLDER.matcher(read(file));
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        mappingNames("codeagents", CodeagentsConfig.class, names);
        Matcher matcher = DOCKERFILE_VARIABLE.matcher(read(path(service + "/src/main/docker/Dockerfile.jvm")));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static void mappingNames(String prefix, Class<?> mapping, Set<String> names) {
        for (Method method : mapping.getDeclaredMethods()) {
            if (method.getParameterCount() > 0 || method.isDefault() || method.isSynthetic()) {
                continue;
            }
            String property = prefix + "." + method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            Class<?> type = method.getReturnType();
            if (type.isInterface() && type.getEnclosingClass() == mapping) {
                mappingNames(property, type, names);
            } else {
                names.add(environmentName(property));
            }
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
