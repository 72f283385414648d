package io.codeagents.doctor.fix;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.doctor.check.CheckContext;
import io.codeagents.doctor.check.DefaultModelCheck;
import io.codeagents.doctor.client.DownloadServiceClient;
import io.codeagents.doctor.config.FixConfig;
import io.smallrye.mutiny.Uni;

/** Pulls the default model the backends lack ({@code POST /pulls}; resumes it if an earlier pull failed). */
@ApplicationScoped
public class PullDefaultModel implements Remedy {

    private final DefaultModelCheck check;
    private final DownloadServiceClient downloads;
    private final FixConfig config;

    public PullDefaultModel(DefaultModelCheck check, DownloadServiceClient downloads, FixConfig config) {
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
        return context.backends().map(check::modelToPull)
                .chain(model -> RemoteCall.perform("POST /pulls", model, dryRun,
                        () -> downloads.pull(model, config.callTimeout()),
                        pull -> "pull " + pull.state() + "; follow it with GET /pulls/" + model + "/events"))
                .map(List::of);
    }
}
