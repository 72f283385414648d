package io.codeagents.gateway;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import io.codeagents.testkit.OllamaTestServer;
import io.codeagents.testkit.OpenAiTestServer;
import io.codeagents.testkit.TgiTestServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Model servers for the gateway's tests, speaking the real protocols (model-testkit), on dynamic ports, plus two
 * backends whose ports refuse connections. Fast timeouts and small breaker windows keep the misbehaviour tests short.
 */
public class ModelServers implements QuarkusTestResourceLifecycleManager {

    static final String OLLAMA_MODEL = "qwen2.5-coder:1.5b";
    static final String TGI_MODEL = "bigcode/starcoder";
    static final String OPENAI_MODEL = "gpt-4o-mini";
    static final String OPENAI_KEY = "sk-test-gateway";

    static OllamaTestServer ollama;
    static TgiTestServer tgi;
    static OpenAiTestServer openai;

    @Override
    public Map<String, String> start() {
        ollama = OllamaTestServer.start(0);
        tgi = TgiTestServer.start(0);
        openai = OpenAiTestServer.start(0).apiKey(OPENAI_KEY);
        Map<String, String> config = new HashMap<>();
        config.put("gateway.backends.ollama.url", ollama.url());
        config.put("gateway.backends.tgi.url", tgi.url());
        config.put("gateway.backends.openai.url", openai.url() + "/v1");
        config.put("gateway.backends.openai.api-key", OPENAI_KEY);
        for (String name : new String[]{"down", "down2"}) {
            config.put("gateway.backends." + name + ".type", "ollama");
            config.put("gateway.backends." + name + ".url", "http://127.0.0.1:" + closedPort());
            config.put("gateway.backends." + name + ".breaker.delay", "60s");
        }
        for (String name : new String[]{"ollama", "tgi", "openai", "down", "down2"}) {
            config.put("gateway.backends." + name + ".first-token-timeout", "1s");
            config.put("gateway.backends." + name + ".idle-timeout", "500ms");
            config.put("gateway.backends." + name + ".retries", "1");
            config.put("gateway.backends." + name + ".retry-delay", "10ms");
            config.put("gateway.backends." + name + ".breaker.request-volume", "4");
        }
        // the Ollama test server again, behind a bulkhead of one generation and no queue: the busy answer's tests
        config.put("gateway.backends.narrow.type", "ollama");
        config.put("gateway.backends.narrow.url", ollama.url());
        config.put("gateway.backends.narrow.max-concurrent", "1");
        config.put("gateway.backends.narrow.max-queue", "0");
        config.put("gateway.aliases.fallback", "down/" + OLLAMA_MODEL + ",ollama/" + OLLAMA_MODEL);
        config.put("gateway.aliases.all-down", "down/" + OLLAMA_MODEL + ",down2/" + OLLAMA_MODEL);
        config.put("gateway.aliases.tgi-first", "tgi/" + TGI_MODEL + ",ollama/" + OLLAMA_MODEL);
        config.put("gateway.usage.flush-interval", "1h");
        return config;
    }

    /** A port nothing listens on: bound, read, released. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        ollama.close();
        tgi.close();
        openai.close();
    }
}
