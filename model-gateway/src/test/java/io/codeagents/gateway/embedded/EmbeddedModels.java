package io.codeagents.gateway.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The embedded backend's model store for the tests, written before the gateway starts: a plain tiny model, the same
 * weights with an Ollama template and params layer, a tiny model that carries its own chat template, and three that
 * must fail to load (not GGUF, truncated, an architecture llama.cpp does not know). Short idle unload and a queue of
 * one keep the unload and concurrency tests fast.
 */
public class EmbeddedModels implements QuarkusTestResourceLifecycleManager {

    public static final String TINY = "tiny:latest";
    public static final String TINY_CHAT = "tiny-chat:1";
    public static final String TINY_OWN_TEMPLATE = "tiny-own-template:1";
    public static final String NOT_GGUF = "broken:1";
    public static final String TRUNCATED = "truncated:1";
    public static final String ALIEN = "alien:1";
    /** Ollama's template for ChatML models, in the subset the gateway renders. */
    public static final String CHATML_TEMPLATE = "{{ if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}"
            + "{{ if .Prompt }}<|im_start|>user\n{{ .Prompt }}<|im_end|>\n{{ end }}<|im_start|>assistant\n"
            + "{{ .Response }}<|im_end|>\n";

    static Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("gateway-models-");
            TestModelStore store = new TestModelStore(dir);
            byte[] tiny = TinyGguf.model().bytes();
            store.add(TINY, tiny, null, null);
            store.add(TINY_CHAT, tiny, CHATML_TEMPLATE,
                    new JsonObject().put("stop", new JsonArray().add("<|im_end|>")).put("temperature", 0.0));
            store.add(TINY_OWN_TEMPLATE, TinyGguf.model().chatTemplate("{% for message in messages %}"
                    + "{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
                    + "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}")
                    .bytes(), null, null);
            store.add(NOT_GGUF, "this is not a model at all".getBytes(StandardCharsets.UTF_8), null, null);
            store.add(TRUNCATED, Arrays.copyOf(tiny, tiny.length / 2), null, null);
            store.add(ALIEN, TinyGguf.model().architecture("alien").bytes(), null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("gateway.backends.embedded.enabled", "true");
        config.put("gateway.embedded.models-dir", dir.toString());
        config.put("gateway.embedded.idle-unload", "3s");
        config.put("gateway.backends.embedded.max-concurrent", "1");
        config.put("gateway.backends.embedded.max-queue", "1");
        return config;
    }

    @Override
    public void stop() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: left for the OS to clean
        }
    }
}
