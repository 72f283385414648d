package io.codeagents.doctor.check;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.doctor.client.StoreView;
import io.codeagents.doctor.client.StoreView.PartialFile;
import io.codeagents.doctor.domain.Finding;
import io.smallrye.mutiny.Uni;

/** Partial downloads in the model store; orphans (no pull refers to them) only take space. */
@ApplicationScoped
public class PartialFilesCheck implements Check {

    @Override
    public String id() {
        return "downloads.partial";
    }

    @Override
    public Uni<Finding> run(CheckContext context) {
        return context.store().map(this::judge).onFailure().recoverWithItem(UpstreamFindings::of);
    }

    Finding judge(StoreView store) {
        List<PartialFile> orphans = store.partialFiles().stream().filter(PartialFile::isOrphan).toList();
        long orphanBytes = orphans.stream().mapToLong(PartialFile::bytes).sum();
        long partialBytes = store.partialFiles().stream().mapToLong(PartialFile::bytes).sum();
        int inUse = store.partialFiles().size() - orphans.size();
        Finding finding;
        if (!orphans.isEmpty()) {
            finding = Finding.warning(orphans.size() + " orphan partial file" + (orphans.size() == 1 ? "" : "s") + " ("
                    + Sizes.human(orphanBytes) + ") that no pull refers to",
                    "Remove them: POST /doctor/fix {\"checks\":[\"downloads.partial\"]} (POST /store/clean-orphans on "
                            + "the download service)")
                    .asFixable().detail("orphans", orphans.stream().map(PartialFile::path).toList());
        } else if (inUse > 0) {
            finding = Finding.ok(inUse + " partial file" + (inUse == 1 ? "" : "s") + " (" + Sizes.human(partialBytes)
                    + ") belonging to pulls, no orphans");
        } else {
            finding = Finding.ok("no partial files");
        }
        return finding.detail("partial_files", store.partialFiles().size()).detail("partial_bytes", partialBytes)
                .detail("orphan_bytes", orphanBytes).detail("store_free_bytes", store.freeBytes());
    }
}
