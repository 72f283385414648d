package io.codeagents.doctor.fix;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.codeagents.doctor.check.CheckContext;
import io.codeagents.doctor.client.ModelGatewayClient;
import io.codeagents.doctor.config.FixConfig;
import io.smallrye.mutiny.Uni;

/**
 * Flushes the gateway's response cache ({@code DELETE /v1/cache}), e.g. after a model was replaced under the same
 * name. No check judges the cache, so it runs only when asked for by its id, {@code models.cache}.
 */
@ApplicationScoped
public class FlushGatewayCache implements Remedy {

    public static final String ID = "models.cache";

    private final ModelGatewayClient gateway;
    private final FixConfig config;

    public FlushGatewayCache(ModelGatewayClient gateway, FixConfig config) {
        this.gateway = gateway;
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Uni<List<FixAction>> apply(CheckContext context, boolean dryRun) {
        return RemoteCall.perform("DELETE /v1/cache", "model-gateway", dryRun,
                () -> gateway.flushCache(config.callTimeout()), deleted -> "deleted " + deleted + " cached responses")
                .map(List::of);
    }
}
