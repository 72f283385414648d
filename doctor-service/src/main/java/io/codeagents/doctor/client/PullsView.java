package io.codeagents.doctor.client;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** {@code GET /pulls} of the download service. */
public record PullsView(List<Pull> pulls) {

    private static final Set<String> ACTIVE = Set.of("starting", "pulling_manifest", "downloading", "verifying",
            "writing_manifest");

    public PullsView {
        pulls = pulls == null ? List.of() : pulls;
    }

    public record PullError(String code, String message) {
    }

    public record Pull(String model, String name, String state, PullError error, Long bytesDone, Long bytesTotal,
            Double speedBytesPerSecond, Long etaSeconds, Integer resumes, Integer retries, Instant createdAt,
            Instant updatedAt, Instant lastProgressAt, Instant completedAt) {

        /** The name as users write it ({@code qwen2.5-coder:1.5b}); {@code model} is the registry-qualified key. */
        public String modelName() {
            return name != null ? name : model;
        }

        public boolean failed() {
            return "error".equals(state);
        }

        public boolean active() {
            return state != null && ACTIVE.contains(state);
        }

        /** When the pull last moved: its last progress, else its last update, else its creation. */
        public Instant lastMoved() {
            return lastProgressAt != null ? lastProgressAt : updatedAt != null ? updatedAt : createdAt;
        }

        /** Percent done, or null when the size is not known yet. */
        public Integer percent() {
            if (bytesTotal == null || bytesTotal <= 0 || bytesDone == null) {
                return null;
            }
            return (int) Math.min(100, bytesDone * 100 / bytesTotal);
        }
    }
}
