package io.codeagents.doctor.fakes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;

/** The model gateway's {@code /v1/backends} and {@code DELETE /v1/cache}, as agreed between the services. */
public class FakeModelGateway extends FakeService {

    public static final String DEFAULT_MODEL = "qwen2.5-coder:1.5b";

    private final List<Map<String, Object>> backends = new CopyOnWriteArrayList<>();
    private final AtomicLong cached = new AtomicLong();
    private volatile String defaultModel;
    private volatile Answer backendsOverride;

    public FakeModelGateway(Vertx vertx) {
        super("model-gateway", vertx);
    }

    @Override
    public void reset() {
        super.reset();
        backends.clear();
        backends.add(backend("ollama", "ollama", true, "closed", List.of(DEFAULT_MODEL, "starcoder2:3b")));
        defaultModel = DEFAULT_MODEL;
        cached.set(7);
        backendsOverride = null;
    }

    public static Map<String, Object> backend(String name, String type, boolean reachable, String breaker,
            List<String> models) {
        Map<String, Object> backend = new LinkedHashMap<>();
        backend.put("name", name);
        backend.put("type", type);
        backend.put("url", "http://127.0.0.1:11434");
        backend.put("enabled", true);
        backend.put("reachable", reachable);
        backend.put("latency_ms", reachable ? 3 : null);
        backend.put("breaker", breaker);
        backend.put("models", new ArrayList<>(models));
        backend.put("error", reachable ? null : "Connection refused");
        return backend;
    }

    public void backends(List<Map<String, Object>> replacement) {
        backends.clear();
        backends.addAll(replacement);
    }

    public void defaultModel(String model) {
        defaultModel = model;
    }

    /** /v1/backends answers this instead (e.g. a 401 problem). */
    public void backendsAnswer(Answer answer) {
        backendsOverride = answer;
    }

    @Override
    protected Answer answer(String method, String path, String body) {
        if (path.equals("/v1/backends") && method.equals("GET")) {
            if (backendsOverride != null) {
                return backendsOverride;
            }
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("backends", backends);
            view.put("default_model", defaultModel);
            return Answer.json(200, view);
        }
        if (path.equals("/v1/cache") && method.equals("DELETE")) {
            return Answer.json(200, Map.of("deleted", cached.getAndSet(0)));
        }
        return super.answer(method, path, body);
    }
}
