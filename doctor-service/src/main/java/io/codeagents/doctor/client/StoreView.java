package io.codeagents.doctor.client;

import java.time.Instant;
import java.util.List;

/** {@code GET /store} of the download service. */
public record StoreView(String modelsDir, Long freeBytes, Long totalBytes, List<PartialFile> partialFiles) {

    public StoreView {
        partialFiles = partialFiles == null ? List.of() : partialFiles;
    }

    /** A download in progress on disk; an orphan is one no pull refers to any more. */
    public record PartialFile(String path, Long size, Instant modifiedAt, Boolean orphan) {

        public boolean isOrphan() {
            return Boolean.TRUE.equals(orphan);
        }

        public long bytes() {
            return size == null ? 0 : size;
        }
    }
}
