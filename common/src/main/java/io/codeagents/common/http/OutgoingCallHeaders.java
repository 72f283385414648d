package io.codeagents.common.http;

import java.util.Optional;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.ext.Provider;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Every call one service makes to another carries the caller's {@code X-Request-Id} (so one id follows a task through
 * every log) and, when configured, the shared service key.
 */
@Provider
public class OutgoingCallHeaders implements ClientRequestFilter {

    private final Optional<String> serviceKey = ConfigProvider.getConfig().getOptionalValue("codeagents.api-key",
            String.class);

    @Override
    public void filter(ClientRequestContext request) {
        if (request.getHeaderString(RequestIds.HEADER) == null) {
            String id = RequestIds.current();
            request.getHeaders().putSingle(RequestIds.HEADER, id != null ? id : RequestIds.generate());
        }
        if (request.getHeaderString("Authorization") == null) {
            serviceKey.filter(k -> !k.isBlank()).ifPresent(k -> request.getHeaders().putSingle("Authorization", "Bearer " + k));
        }
    }
}
