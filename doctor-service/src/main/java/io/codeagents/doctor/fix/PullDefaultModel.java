package io.codeagents.doctor.fix;

import java.util.List;

import jakarta.inject.Singleton;

import io.codeagents.doctor.check.CheckContext;
import io.codeagents.doctor.check.DefaultModelCheck;
import io.codeagents.doctor.client.DownloadServiceClient;
import io.codeagents.doctor.config.FixConfig;
import io.smallrye.mutiny.Uni;

/** Pulls the default model the backends lack ({@code POST /pulls}; resumes it if an earlier pull failed). */
@Singleton
public class PullDefaultModel extends DownloadServiceRemedy {

    private final DefaultModelCheck check;

    public PullDefaultModel(DefaultModelCheck check, DownloadServiceClient downloads, FixConfig config) {
        super(check, downloads, config);
        this.check = check;
    }

    @Override
    public Uni<List<FixAction>> apply(CheckContext context, boolean dryRun) {
        return context.backends().map(check::modelToPull)
                .chain(model -> RemoteCall.perform("POST /pulls", model, dryRun,
                        () -> downloads.pull(model, deadline()),
                        pull -> "pull " + pull.state() + "; follow it with GET /pulls/" + model + "/events"))
                .map(List::of);
    }
}
