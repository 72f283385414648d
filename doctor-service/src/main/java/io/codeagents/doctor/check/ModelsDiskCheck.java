package io.codeagents.doctor.check;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.common.model.ModelsDir;
import io.codeagents.doctor.config.SystemThresholds;
import io.codeagents.doctor.domain.CheckStatus;
import io.codeagents.doctor.domain.Finding;
import io.smallrye.mutiny.Uni;

/** Free space on the volume holding the model store ({@code MODELS_DIR}, shared with the download service). */
@ApplicationScoped
public class ModelsDiskCheck implements Check {

    private final SystemThresholds thresholds;

    public ModelsDiskCheck(SystemThresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public String id() {
        return "system.disk.models";
    }

    @Override
    public Uni<Finding> run(CheckContext context) {
        return OffEventLoop.run(this::inspect);
    }

    Finding inspect() {
        Path dir = ModelsDir.resolve(thresholds.modelsDir());
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Finding.critical("MODELS_DIR " + dir + " and none of its parents exist",
                    "Set MODELS_DIR to the model store the download service uses");
        }
        try {
            FileStore store = Files.getFileStore(existing);
            long free = store.getUsableSpace();
            long total = store.getTotalSpace();
            CheckStatus status = Levels.below(free, thresholds.diskFreeWarning().asLongValue(),
                    thresholds.diskFreeCritical().asLongValue());
            String summary = Sizes.human(free) + " free of " + Sizes.human(total) + " on the volume of " + dir;
            Finding finding = Finding.of(status, summary + (status == CheckStatus.OK ? "" : ": a model pull may not fit"),
                    "Free space on that volume: delete models no one uses (DELETE /models/{model} on the download "
                            + "service), remove orphan partial files (POST /doctor/fix {\"checks\":[\"downloads.partial\"]}), "
                            + "or move MODELS_DIR to a larger disk");
            if (!existing.equals(dir) && status == CheckStatus.OK) {
                finding = Finding.warning(summary + ", but " + dir + " does not exist yet",
                        "The download service creates it on its first pull; if models were pulled already, MODELS_DIR "
                                + "differs between the doctor and the download service: give both the same path");
            }
            finding = finding.detail("path", dir.toString()).detail("free_bytes", free).detail("total_bytes", total)
                    .detail("warning_below_bytes", thresholds.diskFreeWarning().asLongValue())
                    .detail("critical_below_bytes", thresholds.diskFreeCritical().asLongValue());
            Path blobs = dir.resolve("blobs");
            if (Files.isDirectory(blobs)) {
                long[] countAndBytes = blobs(blobs);
                finding = finding.detail("blob_count", countAndBytes[0]).detail("blob_bytes", countAndBytes[1]);
            }
            return finding;
        } catch (IOException e) {
            return Finding.critical("cannot read the volume of " + dir + ": " + e.getMessage(),
                    "Check that MODELS_DIR is mounted and readable by the doctor");
        }
    }

    private static long[] blobs(Path blobs) throws IOException {
        long count = 0;
        long bytes = 0;
        try (Stream<Path> files = Files.list(blobs)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    count++;
                    bytes += Files.size(file);
                }
            }
        }
        return new long[]{count, bytes};
    }
}
