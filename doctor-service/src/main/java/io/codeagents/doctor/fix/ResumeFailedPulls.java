package io.codeagents.doctor.fix;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.doctor.check.CheckContext;
import io.codeagents.doctor.check.FailedPullsCheck;
import io.codeagents.doctor.client.DownloadServiceClient;
import io.codeagents.doctor.client.PullsView.Pull;
import io.codeagents.doctor.config.FixConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Resumes every failed pull: {@code POST /pulls {"model"}}, which the download service resumes from its progress. */
@ApplicationScoped
public class ResumeFailedPulls implements Remedy {

    private final FailedPullsCheck check;
    private final DownloadServiceClient downloads;
    private final FixConfig config;

    public ResumeFailedPulls(FailedPullsCheck check, DownloadServiceClient downloads, FixConfig config) {
        this.check = check;
        this.downloads = downloads;
        this.config = config;
    }

    @Override
    public String id() {
        return check.id();
    }

    @Override
    public Uni<List<FixAction>> apply(CheckContext context, boolean dryRun) {
        return context.pulls().map(check::failed)
                .chain(failed -> Multi.createFrom().iterable(failed).onItem()
                        .transformToUniAndConcatenate(pull -> resume(pull, dryRun)).collect().asList());
    }

    private Uni<FixAction> resume(Pull pull, boolean dryRun) {
        return RemoteCall.perform("POST /pulls", pull.modelName(), dryRun,
                () -> downloads.pull(pull.modelName(), config.callTimeout()),
                resumed -> "pull now " + resumed.state() + (resumed.resumes() == null ? "" : ", resumes " + resumed.resumes()));
    }
}
