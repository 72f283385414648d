package io.codeagents.reviewer.testing;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.WithDefault;

/**
 * A {@code @ConfigMapping} interface answered from its {@code @WithDefault}s and a few overrides (by property name),
 * for unit tests that build the sandbox without starting Quarkus.
 */
public final class ConfigDefaults {

    private ConfigDefaults() {
    }

    @SuppressWarnings("unchecked")
    public static <T> T of(Class<T> mapping, Map<String, String> overrides) {
        return (T) Proxy.newProxyInstance(mapping.getClassLoader(), new Class<?>[]{mapping}, (proxy, method, args) -> {
            String name = method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            String value = overrides.get(name);
            if (value == null && method.isAnnotationPresent(WithDefault.class)) {
                value = method.getAnnotation(WithDefault.class).value();
            }
            Class<?> type = method.getReturnType();
            if (type == OptionalInt.class) {
                return value == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value));
            }
            if (type == Optional.class) {
                return Optional.ofNullable(value).map(Path::of);
            }
            if (value == null) {
                throw new IllegalStateException("no value for " + name);
            }
            if (type == boolean.class) {
                return Boolean.parseBoolean(value);
            }
            if (type == int.class) {
                return Integer.parseInt(value);
            }
            if (type == Duration.class) {
                return Duration.parse("PT" + value);
            }
            if (type == MemorySize.class) {
                return new MemorySizeConverter().convert(value);
            }
            return value;
        });
    }
}
