package io.codeagents.doctor.check;

import java.time.Duration;
import java.time.Instant;

import io.codeagents.doctor.client.BackendsView;
import io.codeagents.doctor.client.DownloadServiceClient;
import io.codeagents.doctor.client.ModelGatewayClient;
import io.codeagents.doctor.client.PullsView;
import io.codeagents.doctor.client.StoreView;
import io.smallrye.mutiny.Uni;

/**
 * What the checks of one report share: its start time and the answers several checks read (the gateway's backends,
 * the download service's pulls and store), fetched at most once per report.
 */
public class CheckContext {

    private final Instant startedAt;
    private final Uni<BackendsView> backends;
    private final Uni<PullsView> pulls;
    private final Uni<StoreView> store;

    public CheckContext(Instant startedAt, ModelGatewayClient gateway, DownloadServiceClient downloads,
            Duration deadline) {
        this.startedAt = startedAt;
        this.backends = gateway.backends(deadline).memoize().indefinitely();
        this.pulls = downloads.pulls(deadline).memoize().indefinitely();
        this.store = downloads.store(deadline).memoize().indefinitely();
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Uni<BackendsView> backends() {
        return backends;
    }

    public Uni<PullsView> pulls() {
        return pulls;
    }

    public Uni<StoreView> store() {
        return store;
    }
}
