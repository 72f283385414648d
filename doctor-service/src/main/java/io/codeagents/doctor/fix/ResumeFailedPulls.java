package io.codeagents.doctor.fix;

import java.util.List;

import jakarta.inject.Singleton;

import io.codeagents.doctor.check.CheckContext;
import io.codeagents.doctor.check.FailedPullsCheck;
import io.codeagents.doctor.client.DownloadServiceClient;
import io.codeagents.doctor.client.PullsView.Pull;
import io.codeagents.doctor.config.FixConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Resumes every failed pull: {@code POST /pulls {"model"}}, which the download service resumes from its progress. */
@Singleton
public class ResumeFailedPulls extends DownloadServiceRemedy {

    private final FailedPullsCheck check;

    public ResumeFailedPulls(FailedPullsCheck check, DownloadServiceClient downloads, FixConfig config) {
        super(check, downloads, config);
        this.check = check;
    }

    @Override
    public Uni<List<FixAction>> apply(CheckContext context, boolean dryRun) {
        return context.pulls().map(check::failed)
                .chain(failed -> Multi.createFrom().iterable(failed).onItem()
                        .transformToUniAndConcatenate(pull -> resume(pull, dryRun)).collect().asList());
    }

    private Uni<FixAction> resume(Pull pull, boolean dryRun) {
        return RemoteCall.perform("POST /pulls", pull.modelName(), dryRun,
                () -> downloads.pull(pull.modelName(), deadline()),
                resumed -> "pull now " + resumed.state() + (resumed.resumes() == null ? "" : ", resumes " + resumed.resumes()));
    }
}
