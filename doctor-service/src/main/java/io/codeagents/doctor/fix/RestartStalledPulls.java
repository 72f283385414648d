package io.codeagents.doctor.fix;

import java.util.List;

import jakarta.inject.Singleton;

import io.codeagents.doctor.check.CheckContext;
import io.codeagents.doctor.check.StalledPullsCheck;
import io.codeagents.doctor.client.DownloadServiceClient;
import io.codeagents.doctor.client.PullsView.Pull;
import io.codeagents.doctor.config.FixConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Restarts stalled pulls: cancel ({@code DELETE /pulls/{model}}, which keeps the partial data), then pull again, which
 * resumes from it over a fresh connection to the registry.
 */
@Singleton
public class RestartStalledPulls extends DownloadServiceRemedy {

    private final StalledPullsCheck check;

    public RestartStalledPulls(StalledPullsCheck check, DownloadServiceClient downloads, FixConfig config) {
        super(check, downloads, config);
        this.check = check;
    }

    @Override
    public Uni<List<FixAction>> apply(CheckContext context, boolean dryRun) {
        return context.pulls().map(view -> check.stalled(view, context.startedAt()))
                .chain(stalled -> Multi.createFrom().iterable(stalled).onItem()
                        .transformToUniAndConcatenate(pull -> restart(pull, dryRun)).collect().asList())
                .map(perPull -> perPull.stream().flatMap(List::stream).toList());
    }

    private Uni<List<FixAction>> restart(Pull pull, boolean dryRun) {
        String model = pull.modelName();
        return RemoteCall.perform("DELETE /pulls/" + model, model, dryRun,
                () -> downloads.cancel(model, deadline()), answer -> "cancelled, partial data kept")
                .chain(cancel -> cancel.isFailed()
                        ? Uni.createFrom().item(List.of(cancel))
                        : RemoteCall.perform("POST /pulls", model, dryRun,
                                () -> downloads.pull(model, deadline()),
                                resumed -> "pull now " + resumed.state())
                                .map(resume -> List.of(cancel, resume)));
    }
}
