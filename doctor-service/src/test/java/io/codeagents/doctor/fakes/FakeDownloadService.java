package io.codeagents.doctor.fakes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;

import io.vertx.core.Vertx;

/**
 * The download service's pulls and store as agreed between the services. A pull it is asked for ({@code POST /pulls})
 * is resumed from its bytes and completes a moment later, as the real service does with a registry that answers.
 */
public class FakeDownloadService extends FakeService {

    private static final long COMPLETES_AFTER_MS = 300;

    private final Vertx vertx;
    private final Map<String, Map<String, Object>> pulls = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> partialFiles = new CopyOnWriteArrayList<>();

    public FakeDownloadService(Vertx vertx) {
        super("download-service", vertx);
        this.vertx = vertx;
    }

    @Override
    public void reset() {
        super.reset();
        pulls.clear();
        partialFiles.clear();
        pull(FakeModelGateway.DEFAULT_MODEL, "completed", 1000, 1000, Instant.now().minus(Duration.ofHours(1)));
    }

    /** Puts a pull in the given state, last moved at {@code lastProgressAt}. */
    public Map<String, Object> pull(String model, String state, long done, long total, Instant lastProgressAt) {
        Map<String, Object> pull = new LinkedHashMap<>();
        pull.put("model", model.contains("/") ? model : "registry.ollama.ai/library/" + model);
        pull.put("name", model);
        pull.put("state", state);
        pull.put("error", null);
        pull.put("bytes_done", done);
        pull.put("bytes_total", total);
        pull.put("layers", List.of());
        pull.put("speed_bytes_per_second", 0);
        pull.put("eta_seconds", null);
        pull.put("resumes", 0);
        pull.put("retries", 0);
        pull.put("created_at", lastProgressAt.minus(Duration.ofMinutes(1)).toString());
        pull.put("updated_at", lastProgressAt.toString());
        pull.put("last_progress_at", lastProgressAt.toString());
        pull.put("completed_at", "completed".equals(state) ? lastProgressAt.toString() : null);
        pulls.put(model, pull);
        return pull;
    }

    public void failedPull(String model, long done, long total) {
        pull(model, "error", done, total, Instant.now().minus(Duration.ofMinutes(3))).put("error",
                Map.of("code", "DL_004", "message", "registry answered 503"));
    }

    /** The service no longer knows any pull of this model. */
    public void forget(String model) {
        pulls.remove(model);
    }

    public Map<String, Object> pullOf(String model) {
        return pulls.get(model);
    }

    public void partialFile(String path, long size, boolean orphan) {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("path", path);
        file.put("size", size);
        file.put("modified_at", Instant.now().toString());
        file.put("orphan", orphan);
        partialFiles.add(file);
    }

    @Override
    protected Answer answer(String method, String path, String body) {
        if (path.equals("/pulls") && method.equals("GET")) {
            return Answer.json(200, Map.of("pulls", new ArrayList<>(pulls.values())));
        }
        if (path.equals("/pulls") && method.equals("POST")) {
            return startOrResume(body);
        }
        if (path.startsWith("/pulls/") && method.equals("DELETE")) {
            Map<String, Object> pull = pulls.get(path.substring("/pulls/".length()));
            if (pull == null) {
                return notFound(path);
            }
            pull.put("state", "cancelled");
            return Answer.json(200, pull);
        }
        if (path.equals("/store") && method.equals("GET")) {
            return Answer.json(200, Map.of("models_dir", "/models", "free_bytes", 50_000_000_000L, "total_bytes",
                    100_000_000_000L, "partial_files", new ArrayList<>(partialFiles)));
        }
        if (path.equals("/store/clean-orphans") && method.equals("POST")) {
            List<Object> removed = new ArrayList<>();
            long freed = 0;
            for (Map<String, Object> file : partialFiles) {
                if (Boolean.TRUE.equals(file.get("orphan"))) {
                    partialFiles.remove(file);
                    removed.add(file.get("path"));
                    freed += ((Number) file.get("size")).longValue();
                }
            }
            return Answer.json(200, Map.of("removed", removed, "freed_bytes", freed));
        }
        return super.answer(method, path, body);
    }

    private Answer startOrResume(String body) {
        String model;
        try {
            JsonNode request = MAPPER.readTree(body);
            model = request.path("model").asText(null);
        } catch (Exception e) {
            model = null;
        }
        if (model == null || model.isBlank()) {
            return new Answer(400, "application/problem+json", "{\"status\":400,\"error_code\":\"VAL_003\"}");
        }
        Map<String, Object> pull = pulls.get(model);
        if (pull == null) {
            pull = pull(model, "downloading", 0, 1000, Instant.now());
        } else if ("completed".equals(pull.get("state")) || "downloading".equals(pull.get("state"))) {
            return Answer.json(202, pull);
        } else {
            pull.put("state", "downloading");
            pull.put("error", null);
            pull.put("resumes", ((Number) pull.get("resumes")).intValue() + 1);
            pull.put("last_progress_at", Instant.now().toString());
        }
        Map<String, Object> resumed = pull;
        vertx.setTimer(COMPLETES_AFTER_MS, t -> {
            resumed.put("bytes_done", resumed.get("bytes_total"));
            resumed.put("state", "completed");
            resumed.put("completed_at", Instant.now().toString());
            resumed.put("last_progress_at", Instant.now().toString());
        });
        return Answer.json(202, pull);
    }
}
