package io.codeagents.doctor.fix;

import java.util.List;

import jakarta.inject.Singleton;

import io.codeagents.doctor.check.CheckContext;
import io.codeagents.doctor.check.PartialFilesCheck;
import io.codeagents.doctor.check.Sizes;
import io.codeagents.doctor.client.DownloadServiceClient;
import io.codeagents.doctor.config.FixConfig;
import io.smallrye.mutiny.Uni;

/** Removes partial files no pull refers to ({@code POST /store/clean-orphans}). */
@Singleton
public class CleanOrphanPartials extends DownloadServiceRemedy {

    public CleanOrphanPartials(PartialFilesCheck check, DownloadServiceClient downloads, FixConfig config) {
        super(check, downloads, config);
    }

    @Override
    public Uni<List<FixAction>> apply(CheckContext context, boolean dryRun) {
        return RemoteCall.perform("POST /store/clean-orphans", "download-service", dryRun,
                () -> downloads.cleanOrphans(deadline()),
                answer -> "removed " + answer.path("removed").size() + " file"
                        + (answer.path("removed").size() == 1 ? "" : "s") + ", freed "
                        + Sizes.human(answer.path("freed_bytes").asLong(0)))
                .map(List::of);
    }
}
